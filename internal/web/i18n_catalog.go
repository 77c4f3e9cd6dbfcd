package web

// englishCatalog holds the English texts of the catalog pages.
var englishCatalog = map[string]string{}
