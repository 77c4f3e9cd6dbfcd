package web

// englishBuyers holds the English texts of the buyers pages.
var englishBuyers = map[string]string{}
