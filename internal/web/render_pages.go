package web

import (
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"text/template/parse"
)

// pageSet holds every page's template once per language. A text the
// templates translate as a literal ({{.T "カート"}}) is the same on every
// page view of one language, so it is translated once, at start-up, in
// that language's copy: the action becomes {{"Cart"}}. html/template still
// escapes it as it escaped the method's result (a string, in the same
// context), so the output is unchanged, without a method looked up and
// called through reflection per text per page (a third of the cost of
// rendering a catalogue page; see docs/performance.md "Page rendering").
type pageSet map[string]map[string]*template.Template // language → page name → template

// pageLanguages are the languages a pageSet is parsed for; any other
// language reads Japanese, as translate does.
var pageLanguages = []string{langJA, langEN}

// parsePages parses layout.html with each page template once per
// language, at start-up. A page is named by its path without extension:
// "admin/home".
func parsePages() (pageSet, error) {
	set := pageSet{}
	for _, lang := range pageLanguages {
		pages, err := parseTemplates(lang)
		if err != nil {
			return nil, err
		}
		set[lang] = pages
	}
	return set, nil
}

// parseTemplates parses every page with the literal texts translated into
// lang; "" leaves the .T calls as written (for tests to compare).
func parseTemplates(lang string) (map[string]*template.Template, error) {
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html")
	if err != nil {
		return nil, fmt.Errorf("parse layout: %w", err)
	}
	pages := map[string]*template.Template{}
	err = fs.WalkDir(templateFS, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || p == "templates/layout.html" {
			return err
		}
		t, err := template.Must(base.Clone()).ParseFS(templateFS, p)
		if err != nil {
			return fmt.Errorf("parse %s: %w", p, err)
		}
		for _, x := range t.Templates() {
			if x.Tree != nil && lang != "" {
				translateLiterals(x.Tree.Root, lang)
			}
		}
		name := strings.TrimSuffix(strings.TrimPrefix(p, "templates/"), path.Ext(p))
		pages[name] = t
		return nil
	})
	return pages, err
}

// execute renders page name with p in p's language.
func (ps pageSet) execute(w io.Writer, name string, p *Page) error {
	return ps.executePart(w, name, "layout.html", p)
}

// executePart renders one template of page name: "layout.html" for the
// whole page, "content" for its content alone (the listing cache).
func (ps pageSet) executePart(w io.Writer, name, part string, p *Page) error {
	t, ok := ps.lookup(p.Lang, name)
	if !ok {
		return fmt.Errorf("no template %q", name)
	}
	return t.ExecuteTemplate(w, part, p)
}

func (ps pageSet) lookup(lang, name string) (*template.Template, bool) {
	pages, ok := ps[lang]
	if !ok {
		pages = ps[langJA]
	}
	t, ok := pages[name]
	return t, ok
}

// names lists the pages, sorted.
func (ps pageSet) names() []string {
	var out []string
	for name := range ps[langJA] {
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

// translateLiterals replaces each command .T "text" or $.T "text" that
// starts a pipeline with the constant translation of text in lang.
func translateLiterals(n parse.Node, lang string) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			translateLiterals(c, lang)
		}
	case *parse.ActionNode:
		translateLiterals(n.Pipe, lang)
	case *parse.IfNode:
		translateBranch(&n.BranchNode, lang)
	case *parse.RangeNode:
		translateBranch(&n.BranchNode, lang)
	case *parse.WithNode:
		translateBranch(&n.BranchNode, lang)
	case *parse.TemplateNode:
		translateLiterals(n.Pipe, lang)
	case *parse.PipeNode:
		if n == nil {
			return
		}
		for i, cmd := range n.Cmds {
			if i == 0 {
				translateCommand(cmd, lang)
			}
			for _, arg := range cmd.Args {
				translateLiterals(arg, lang)
			}
		}
	case *parse.ChainNode:
		translateLiterals(n.Node, lang)
	}
}

func translateBranch(b *parse.BranchNode, lang string) {
	translateLiterals(b.Pipe, lang)
	translateLiterals(b.List, lang)
	translateLiterals(b.ElseList, lang)
}

// translateCommand turns `.T "text"` into `"translation"`, reusing the
// string node (it carries the position errors are reported at).
func translateCommand(cmd *parse.CommandNode, lang string) {
	if len(cmd.Args) != 2 || !isTranslateMethod(cmd.Args[0]) {
		return
	}
	s, ok := cmd.Args[1].(*parse.StringNode)
	if !ok {
		return
	}
	s.Text = translate(lang, s.Text)
	s.Quoted = strconv.Quote(s.Text)
	cmd.Args = []parse.Node{s}
}

// isTranslateMethod: .T on dot, or $.T on the page.
func isTranslateMethod(n parse.Node) bool {
	switch n := n.(type) {
	case *parse.FieldNode:
		return slices.Equal(n.Ident, []string{"T"})
	case *parse.VariableNode:
		return slices.Equal(n.Ident, []string{"$", "T"})
	}
	return false
}
