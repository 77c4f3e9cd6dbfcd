package web

// englishCSV holds the English texts of the CSV import and export pages.
var englishCSV = map[string]string{}
