package api

import (
	"time"

	"github.com/oroshi-jp/oroshi/internal/documents"
)

// Document is an issued document's record (帳票). The PDF itself is at
// pdf_url and never changes: a re-issue is a new document whose
// supersedes names this one.
type Document struct {
	ID              string    `json:"id" doc:"帳票ID"`
	Kind            string    `json:"kind" doc:"種類: quote（見積書）, order_confirmation（注文請書）, delivery_slip（納品書）, invoice（請求書）, credit_note（返還請求書）"`
	KindLabel       string    `json:"kind_label" doc:"種類の表示名（日本語）"`
	Number          string    `json:"number" doc:"帳票番号（元の見積・注文の番号。納品書は注文番号-出荷の通し番号）"`
	SourceType      string    `json:"source_type" doc:"作成元: quote（見積）, order（注文）, shipment（出荷）, invoice（請求）, credit_note（返還請求書）"`
	SourceID        string    `json:"source_id" doc:"作成元のID"`
	SourceVersion   int       `json:"source_version" doc:"見積書では見積の版番号、それ以外は 0"`
	OrderID         *string   `json:"order_id" doc:"注文請書・納品書の注文ID（見積書は受注済みならその注文ID、なければ null）"`
	Version         int       `json:"version" doc:"帳票の版（1から。再発行のたびに +1）"`
	Supersedes      *string   `json:"supersedes" doc:"この版が置き換えた前の版の帳票ID（初版は null）"`
	LayoutVersion   int       `json:"layout_version" doc:"発行に使った帳票設定の版"`
	BuyerID         string    `json:"buyer_id" doc:"取引先ID"`
	BuyerName       string    `json:"buyer_name" doc:"取引先名（帳票に印字されたもの）"`
	TransactionDate string    `json:"transaction_date" doc:"取引年月日 YYYY-MM-DD（日本時間。見積日・注文日・納品日）"`
	Total           int64     `json:"total" doc:"合計（税込、円）"`
	SHA256          string    `json:"sha256" doc:"PDFのSHA-256（16進）。ダウンロード時に照合済み"`
	Size            int       `json:"size" doc:"PDFのバイト数"`
	FileName        string    `json:"file_name" doc:"ダウンロード時のファイル名（例: 納品書_O-2026-000123-1_v1.pdf）"`
	PDFURL          string    `json:"pdf_url" doc:"PDFのURL（GET、documents:read）"`
	IssuedAt        time.Time `json:"issued_at" doc:"発行日時（RFC 3339）"`
	IssuedByRealm   string    `json:"issued_by_realm" doc:"発行した主体: admin（販売側担当者）, api（APIキー）"`
	IssuedBy        string    `json:"issued_by" doc:"発行したユーザーまたはAPIキーのID"`
}

func documentOut(d documents.Document) Document {
	return Document{ID: d.ID.String(), Kind: string(d.Kind), KindLabel: d.Kind.Label(), Number: d.Number,
		SourceType: d.SourceType, SourceID: d.SourceID.String(), SourceVersion: d.SourceVersion,
		OrderID: optID(d.OrderID), Version: d.Version, Supersedes: optID(d.Supersedes), LayoutVersion: d.LayoutVersion,
		BuyerID: d.BuyerID.String(), BuyerName: d.BuyerName, TransactionDate: d.DocDate.String(), Total: int64(d.Total),
		SHA256: d.SHA256, Size: d.Size, FileName: d.FileName(), PDFURL: "/api/v1/documents/" + d.ID.String() + "/pdf",
		IssuedAt: d.IssuedAt.UTC(), IssuedByRealm: d.IssuedRealm, IssuedBy: d.IssuedBy.String()}
}
