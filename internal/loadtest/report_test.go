package loadtest

import (
	"testing"
	"time"
)

func TestReplaceBetweenMarkers(t *testing.T) {
	for _, tc := range []struct{ name, doc, engine, body, want string }{
		{"appends when absent", "# Doc\n", "sqlite", "T1",
			"# Doc\n\n<!-- load:sqlite:begin -->\nT1\n<!-- load:sqlite:end -->\n"},
		{"replaces its own engine only",
			"a\n<!-- load:sqlite:begin -->\nold\n<!-- load:sqlite:end -->\n<!-- load:postgres:begin -->\npg\n<!-- load:postgres:end -->\nz\n",
			"sqlite", "new\n",
			"a\n<!-- load:sqlite:begin -->\nnew\n<!-- load:sqlite:end -->\n<!-- load:postgres:begin -->\npg\n<!-- load:postgres:end -->\nz\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ReplaceBetweenMarkers(tc.doc, tc.engine, tc.body); got != tc.want {
				t.Errorf("got\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
}

func TestRecorderResults(t *testing.T) {
	r := newRecorder()
	for i := 1; i <= 100; i++ {
		r.add("a", time.Duration(i)*time.Millisecond, "")
	}
	r.add("b", 500*time.Millisecond, "500")
	r.cut("b")
	pages, total := r.results(10 * time.Second)
	if len(pages) != 2 || pages[0].Page != "a" || pages[0].P50 != 50 || pages[0].P95 != 95 || pages[0].P99 != 99 || pages[0].RPS != 10 {
		t.Errorf("page a: %+v", pages)
	}
	if total.Count != 101 || total.Errors["500"] != 1 || total.Unfinished != 1 || total.P99 != 100 {
		t.Errorf("total: %+v", total)
	}
}

func TestForms(t *testing.T) {
	page := `<form method="post" action="/s/checkout/review"><input type="hidden" name="csrf_token" value="x&amp;y">
<input type="radio" name="ship_to_id" value="1"><input type="radio" name="ship_to_id" value="2">
<input type="checkbox" name="id" value="7"><input type="checkbox" name="id" value="8" checked>
<input type="text" name="po_number" value=""><button type="submit">go</button></form>
<form method="post" action="/s/other"><input type="hidden" name="z" value="1"></form>`
	f, ok := formFields(page, "/checkout/review")
	want := "csrf_token=x%26y&id=8&po_number=&ship_to_id=1"
	if !ok || f.Encode() != want {
		t.Errorf("got %q, want %q", f.Encode(), want)
	}
	if _, ok := formFields(page, "/missing"); ok {
		t.Error("found a form that is not there")
	}
}
