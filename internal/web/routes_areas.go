package web

// Each area of the seller admin and the shop registers its pages in its own
// file (buyers_routes.go, catalog_admin_routes.go, pricing_routes.go,
// csv_routes.go); routes() calls their entry points, so that routes.go
// still shows every area.
