package web

// englishPricing holds the English texts of the pricing pages.
var englishPricing = map[string]string{}
