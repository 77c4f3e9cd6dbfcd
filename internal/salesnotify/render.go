package salesnotify

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"text/template"
)

// The plain-text body is what every mail client shows; the HTML part says
// the same with a table, every value escaped by html/template.
var textMail = template.Must(template.New("text").Parse(`{{range .Greeting}}{{.}}
{{end}}
いつもお世話になっております。{{.Seller}}です。
{{.Lead}}

■ {{.Heading}}
{{range .Facts}}{{.Label}}: {{.Value}}
{{end}}
■ 明細
{{range .Lines}}・{{.Code}} {{.Name}}  {{.Quantity}}{{if .Price}} × {{.Price}}{{end}}  {{.Amount}}
{{end}}{{if .More}}ほか {{.More}} 件（すべての明細は{{.Page}}でご確認ください）
{{end}}{{if .Reduced}}※ は軽減税率（8%）対象です。
{{end}}
{{range .Totals}}{{.Label}}: {{.Value}}
{{end}}
{{.LinkLabel}}:
{{.Link}}

--
{{.Seller}}
受発注システム oroshi から自動送信しています。このメールに返信されても対応できません。
`))

var htmlMail = htmltemplate.Must(htmltemplate.New("html").Parse(`<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>{{.Title}}</title></head>
<body style="font-family:sans-serif;color:#222;line-height:1.6">
<p>{{range .Greeting}}{{.}}<br>{{end}}</p>
<p>いつもお世話になっております。{{.Seller}}です。<br>{{.Lead}}</p>
<h2 style="font-size:16px;border-bottom:1px solid #ccc">{{.Heading}}</h2>
<table style="border-collapse:collapse">{{range .Facts}}
<tr><th style="text-align:left;padding:2px 12px 2px 0;white-space:nowrap">{{.Label}}</th><td>{{.Value}}</td></tr>{{end}}
</table>
<h2 style="font-size:16px;border-bottom:1px solid #ccc">明細</h2>
<table style="border-collapse:collapse">
<tr><th style="text-align:left;padding:2px 8px">品番</th><th style="text-align:left;padding:2px 8px">商品名</th><th style="text-align:right;padding:2px 8px">数量</th>{{if .Prices}}<th style="text-align:right;padding:2px 8px">単価</th>{{end}}<th style="text-align:right;padding:2px 8px">金額（税抜）</th></tr>{{range .Lines}}
<tr><td style="padding:2px 8px">{{.Code}}</td><td style="padding:2px 8px">{{.Name}}</td><td style="text-align:right;padding:2px 8px">{{.Quantity}}</td>{{if $.Prices}}<td style="text-align:right;padding:2px 8px">{{.Price}}</td>{{end}}<td style="text-align:right;padding:2px 8px">{{.Amount}}</td></tr>{{end}}
</table>
{{if .More}}<p>ほか {{.More}} 件（すべての明細は{{.Page}}でご確認ください）</p>{{end}}
{{if .Reduced}}<p>※ は軽減税率（8%）対象です。</p>{{end}}
<table style="border-collapse:collapse;margin-top:8px">{{range .Totals}}
<tr><th style="text-align:left;padding:2px 12px 2px 0">{{.Label}}</th><td style="text-align:right">{{.Value}}</td></tr>{{end}}
</table>
<p><a href="{{.Link}}">{{.LinkAction}}</a></p>
<hr>
<p style="font-size:12px;color:#666">{{.Seller}}<br>受発注システム oroshi から自動送信しています。このメールに返信されても対応できません。</p>
</body></html>
`))

// render writes l as plain text and HTML.
func render(l letter) (text, html string, err error) {
	var tb, hb bytes.Buffer
	if err := textMail.Execute(&tb, l); err != nil {
		return "", "", fmt.Errorf("render mail text: %w", err)
	}
	if err := htmlMail.Execute(&hb, l); err != nil {
		return "", "", fmt.Errorf("render mail html: %w", err)
	}
	return tb.String(), hb.String(), nil
}
