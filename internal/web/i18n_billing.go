package web

// englishBilling is the English catalogue of the billing texts (請求・入金)
// shown in the admin: for now the credit hold on the order page.
var englishBilling = map[string]string{
	"与信保留（承認してください）": "Credit hold (approve to proceed)",
}
