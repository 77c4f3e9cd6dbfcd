package web

import (
	"io"
	"net/http"
	"regexp"
	"sort"
	"strconv"

	"github.com/oroshi-jp/oroshi/internal/csvio"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// クイック注文: 「品番 数量」 lines typed or pasted, or a CSV file of order
// lines, put into the cart. Both are all or nothing in the sales service;
// the page lists every problem by line.

type shopQuickView struct {
	Text       string
	TextErrors []string // by input line
	CSVErrors  []string // by row, the file's own problems first
	Encodings  []csvOption
	MaxRows    int
	MaxLines   int
	MaxMB      int
	QuickURL   string
	CSVURL     string
	CartURL    string
}

// shopQuick: GET /{tenant}/cart/quick
func (s *Server) shopQuick(w http.ResponseWriter, r *http.Request) error {
	return s.renderQuick(w, r, http.StatusOK, shopQuickView{})
}

func (s *Server) renderQuick(w http.ResponseWriter, r *http.Request, status int, v shopQuickView) error {
	base := reqCtx(r).base()
	v.QuickURL, v.CSVURL, v.CartURL = base+"/cart/quick", base+"/cart/csv", base+"/cart"
	v.MaxRows, v.MaxLines, v.MaxMB = sales.MaxQuickOrderRows, sales.MaxLines, sales.MaxCSVBytes>>20
	enc := r.PostFormValue("encoding")
	if enc == "" {
		enc = "auto"
	}
	for _, e := range csvEncodings {
		v.Encodings = append(v.Encodings, csvOption{e.value, e.label, e.value == enc})
	}
	return s.render(w, r, status, "shop/cart/quick", &Page{Title: "クイック注文", Data: v})
}

// shopQuickAdd: POST /{tenant}/cart/quick (text)
func (s *Server) shopQuickAdd(w http.ResponseWriter, r *http.Request) error {
	u, err := s.shopBuyer(r)
	if err != nil {
		return err
	}
	text := r.PostFormValue("text")
	_, err = s.Sales.QuickOrder(r.Context(), u, text)
	if fields, ok := asFieldErrors(err); ok {
		return s.renderQuick(w, r, http.StatusUnprocessableEntity, shopQuickView{Text: text, TextErrors: orderedMessages(fields)})
	}
	if err != nil {
		return err
	}
	setFlash(w, "クイック注文の商品をカートに入れました。")
	http.Redirect(w, r, reqCtx(r).base()+"/cart", http.StatusSeeOther)
	return nil
}

// shopCartCSV: POST /{tenant}/cart/csv (multipart: file, encoding)
func (s *Server) shopCartCSV(w http.ResponseWriter, r *http.Request) error {
	u, err := s.shopBuyer(r)
	if err != nil {
		return err
	}
	enc, err := csvio.ParseEncoding(r.PostFormValue("encoding"))
	if err != nil {
		enc = csvio.Auto
	}
	data, err := readCartUpload(r)
	if err != nil {
		return err
	}
	_, err = s.Sales.CartFromCSV(r.Context(), u, data, enc)
	if fields, ok := asFieldErrors(err); ok {
		return s.renderQuick(w, r, http.StatusUnprocessableEntity, shopQuickView{CSVErrors: orderedMessages(fields)})
	}
	if err != nil {
		return err
	}
	setFlash(w, "CSVの商品をカートに入れました。")
	http.Redirect(w, r, reqCtx(r).base()+"/cart", http.StatusSeeOther)
	return nil
}

// readCartUpload reads the posted file up to one byte past the service's
// limit, so the service still says why it is refused. No file is no data.
func readCartUpload(r *http.Request) ([]byte, error) {
	f, _, err := r.FormFile("file")
	if err != nil {
		return nil, nil
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, sales.MaxCSVBytes+1))
}

var fieldIndexRE = regexp.MustCompile(`^(\w+)(?:\[(\d+)\])?(?:\.(\d+))?`)

// orderedMessages lists a validation error's messages in reading order:
// the file's or the whole input's first, then by row or line number.
func orderedMessages(fields map[string]string) []string {
	type entry struct {
		group, n, sub int
		name, msg     string
	}
	var es []entry
	for k, m := range fields {
		e := entry{msg: m}
		g := fieldIndexRE.FindStringSubmatch(k)
		switch {
		case g == nil:
		case g[2] != "":
			e.group = 1
			e.n, _ = strconv.Atoi(g[2])
		default:
			e.name = g[1]
			e.sub, _ = strconv.Atoi(g[3])
		}
		es = append(es, e)
	}
	sort.Slice(es, func(i, j int) bool {
		a, b := es[i], es[j]
		if a.group != b.group {
			return a.group < b.group
		}
		if a.n != b.n {
			return a.n < b.n
		}
		if a.name != b.name {
			return a.name < b.name
		}
		if a.sub != b.sub {
			return a.sub < b.sub
		}
		return a.msg < b.msg
	})
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.msg
	}
	return out
}
