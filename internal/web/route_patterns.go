package web

import (
	"net/http"
	"reflect"
	"slices"
)

// RoutePatterns lists the pattern of every page route ("GET
// /{tenant}/admin/orders/{id}"), read back from a ServeMux the routes are
// registered on, so that the tenant-isolation suite attacks every route
// that exists (internal/isolationtest).
func (s *Server) RoutePatterns() []string {
	mux := http.NewServeMux()
	s.routes(mux)
	return MuxPatterns(mux)
}

// MuxPatterns lists the patterns registered on mux, sorted. ServeMux has
// no listing method, so this walks its routing tree by reflection (reading
// unexported fields is allowed; only setting them is not). An empty result
// means the standard library changed its layout: callers should fail.
func MuxPatterns(mux *http.ServeMux) []string {
	seen := map[string]bool{}
	walkRoutingNode(reflect.ValueOf(mux).Elem().FieldByName("tree"), seen)
	out := make([]string, 0, len(seen))
	for p := range seen {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// walkRoutingNode visits a net/http routingNode (a struct value) and its
// children: the children mapping (a slice or a map of *routingNode) and
// the multi and empty children.
func walkRoutingNode(n reflect.Value, seen map[string]bool) {
	if !n.IsValid() || n.Kind() != reflect.Struct {
		return
	}
	if p := n.FieldByName("pattern"); p.IsValid() && p.Kind() == reflect.Pointer && !p.IsNil() {
		seen[p.Elem().FieldByName("str").String()] = true
	}
	child := func(c reflect.Value) {
		if c.IsValid() && c.Kind() == reflect.Pointer && !c.IsNil() {
			walkRoutingNode(c.Elem(), seen)
		}
	}
	if ch := n.FieldByName("children"); ch.IsValid() {
		if s := ch.FieldByName("s"); s.IsValid() {
			for i := range s.Len() {
				child(s.Index(i).FieldByName("value"))
			}
		}
		if m := ch.FieldByName("m"); m.IsValid() {
			for it := m.MapRange(); it.Next(); {
				child(it.Value())
			}
		}
	}
	child(n.FieldByName("multiChild"))
	child(n.FieldByName("emptyChild"))
}
