package web

// englishVirusScan: the error page of an upload refused by the virus scan
// (virusscan.go). The infected message carries the signature name and is
// shown as it is.
var englishVirusScan = map[string]string{
	"ファイルを受け付けませんでした": "The file was not accepted",
	"ウイルス検査を実行できないため、ファイルを受け付けませんでした。しばらくしてから再度お試しください。": "The file was not accepted because it could not be checked for viruses. Please try again later.",
	"ファイルが大きすぎるため、ウイルス検査ができませんでした。ファイルを受け付けませんでした。":      "The file was not accepted: it is too large to be checked for viruses.",
}
