package web

// englishUnavailable is the error page shown while the database cannot be
// reached (503).
var englishUnavailable = map[string]string{
	"一時的にご利用いただけません": "Temporarily unavailable",
	"ただいまデータベースに接続できません。しばらくしてから再度お試しください。": "The database cannot be reached right now. Please try again in a moment.",
}
