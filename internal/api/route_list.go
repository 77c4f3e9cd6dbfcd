package api

// RoutePatterns lists every API route as a ServeMux pattern ("GET
// /api/v1/orders/{id}"), from the route table, for the tenant-isolation
// suite (internal/isolationtest).
func RoutePatterns() []string {
	rts := newServer(Deps{}).routes()
	out := make([]string, 0, len(rts))
	for _, rt := range rts {
		out = append(out, rt.method+" "+rt.path)
	}
	return out
}
