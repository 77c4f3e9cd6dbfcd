package web

import (
	"net/http"
	"net/url"
	"strings"
)

// Languages: Japanese first. Texts are written in Japanese in templates and
// code; the Japanese text is the key, and english maps it. A test checks that
// every text used in a template has an English entry.
const (
	langJA = "ja"
	langEN = "en"
)

// A key may carry a sense after "|" when one Japanese word needs two
// English ones: "キャンセル|操作" shows キャンセル in Japanese and the
// button's "Cancel" in English, while the status キャンセル is "Cancelled".
func translate(lang, key string) string {
	ja, _, sense := strings.Cut(key, "|")
	if lang == langEN {
		if en, ok := english[key]; ok {
			return en
		}
		if en, ok := english[ja]; ok && sense {
			return en
		}
	}
	return ja
}

// langOf reads the language cookie; Japanese unless English was chosen.
func langOf(r *http.Request) string {
	if c, err := r.Cookie("lang"); err == nil && c.Value == langEN {
		return langEN
	}
	return langJA
}

// setLanguage: GET /lang?to=en&next=/path sets the cookie and goes back.
func (s *Server) setLanguage(w http.ResponseWriter, r *http.Request) error {
	to := r.URL.Query().Get("to")
	if to != langEN {
		to = langJA
	}
	http.SetCookie(w, &http.Cookie{Name: "lang", Value: to, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: s.Secure, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, localPath(r.URL.Query().Get("next")), http.StatusSeeOther)
	return nil
}

// localPath keeps redirects on this site: only absolute paths, never
// "//host" or "/\host", which browsers treat as another site.
func localPath(p string) string {
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(p, "/") ||
		strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") {
		return "/"
	}
	return p
}

// english is the English catalogue: the core texts below and one map per
// area, each in the file of its pages.
var english = mergeCatalogues(englishParts...)

// englishParts are the catalogues; a test checks that no two give one
// Japanese text different English.
var englishParts = []map[string]string{englishCore, englishBuyers, englishCatalog, englishPricing, englishCSV, englishWebhooks, englishNotifications, englishOrderExport, englishAdminOrders, englishShopOrders, englishQuotes, englishDocuments, englishDashboard, englishBilling, englishBillingMore, englishClosingRun, englishHistory, englishMaintenance, englishAccess, englishBackups, englishTenants, englishMonitoring, englishAbuse, englishUnavailable, englishVirusScan}

func mergeCatalogues(parts ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, p := range parts {
		for k, v := range p {
			out[k] = v
		}
	}
	return out
}

var englishCore = map[string]string{
	"受発注システム":     "B2B ordering",
	"ログイン":        "Sign in",
	"ログアウト":       "Sign out",
	"メールアドレス":     "E-mail address",
	"パスワード":       "Password",
	"パスワード（確認）":   "Password (again)",
	"パスワードをお忘れの方": "Forgot your password?",
	"パスワード再設定":    "Reset password",
	"パスワードを設定":    "Set your password",
	"再設定メールを送信":   "Send reset e-mail",
	"ご登録のメールアドレスを入力してください。再設定用のリンクをお送りします。":        "Enter your e-mail address; we will send you a reset link.",
	"該当するアカウントがある場合、再設定用のメールを送信しました。":              "If an account exists for that address, a reset e-mail has been sent.",
	"パスワードを設定しました。ログインしてください。":                     "Your password is set. Please sign in.",
	"このリンクは無効か、有効期限が切れています。":                       "This link is invalid or has expired.",
	"メールアドレスまたはパスワードが正しくありません。":                    "The e-mail address or password is incorrect.",
	"試行回数が多すぎるため、一時的にロックされています。しばらくしてから再度お試しください。": "Too many attempts: temporarily locked. Please try again later.",
	"二段階認証": "Two-step verification",
	"確認コード": "Verification code",
	"確認":    "Verify",
	"認証アプリに表示されている6桁のコードを入力してください。": "Enter the 6-digit code shown in your authenticator app.",
	"二段階認証の設定": "Set up two-step verification",
	"認証アプリ（Google Authenticator など）でQRコードを読み取り、表示された6桁のコードを入力してください。": "Scan the QR code with an authenticator app (such as Google Authenticator) and enter the 6-digit code it shows.",
	"QRコードを読み取れない場合は、次のキーを手入力してください":                                  "If you cannot scan the QR code, enter this key by hand",
	"設定して続ける": "Set up and continue",
	"運営コンソール": "Operator console",
	"管理画面":    "Seller admin",
	"ホーム":     "Home",
	"契約者一覧":   "Tenants",
	"スラッグ":    "Slug",
	"会社名":     "Company",
	"状態":      "Status",
	"作成日時":    "Created",
	"送信メール（アウトボックス）": "Mail outbox",
	"宛先":           "To",
	"件名":           "Subject",
	"本文":           "Body",
	"日時":           "Date",
	"メールはまだありません。": "No mail yet.",
	"契約者はまだありません。": "No tenants yet.",
	"ユーザー":         "Users",
	"ユーザー管理":       "User management",
	"スタッフ":         "Staff",
	"取引先":          "Buyers",
	"取引先ユーザー":      "Buyer users",
	"お知らせ":         "Notices",
	"お知らせはありません。":  "No notices.",
	"氏名":           "Name",
	"権限":           "Role",
	"招待する":         "Invite",
	"ユーザーを招待":      "Invite a user",
	"招待メールを送信しました。": "The invitation has been sent.",
	"無効にする":         "Disable",
	"有効にする":         "Enable",
	"有効":            "Active",
	"招待中":           "Invited",
	"無効":            "Disabled",
	"停止中":           "Suspended",
	"解約済":           "Terminated",
	"商品を検索":         "Search products",
	"検索":            "Search",
	"商品名・品番・JANコード": "Name, product code or JAN",
	"ようこそ":          "Welcome",
	"様":             "",
	"ページが見つかりません":   "Page not found",
	"お探しのページは見つかりませんでした。URLをご確認ください。": "The page you are looking for was not found. Please check the URL.",
	"アクセス権限がありません":                    "Access denied",
	"このページを表示する権限がありません。":             "You do not have permission to view this page.",
	"システムエラー": "System error",
	"エラーが発生しました。しばらくしてから再度お試しください。": "An error occurred. Please try again later.",
	"リクエストが正しくありません":                "Bad request",
	"送信内容を確認して、もう一度お試しください。":        "Please check what you sent and try again.",
	"アクセスが集中しています":                  "Too many requests",
	"送信内容が大きすぎます":                   "Request too large",
	"ページの有効期限が切れました":                "This page has expired",
	"もう一度操作してください。":                 "Please try again.",
	"トップへ戻る":                        "Back to top",
	"このサービスは現在ご利用いただけません。":          "This service is currently unavailable.",
	"English": "English",
	"日本語":     "日本語",
	"oroshi は、メーカー・卸売企業と取引先をつなぐ BtoB 受発注システムです。": "oroshi is a B2B ordering platform connecting manufacturers and wholesalers with their buyers.",
	"ご利用の販売元から案内されたURLからログインしてください。":             "Please sign in from the URL your supplier gave you.",
	"運営者の方":       "Operators",
	"ログイン中":       "Signed in as",
	"件":           " items",
	"メール":         "Mail",
	"戻る":          "Back",
	"送信日時":        "Sent",
	"送信待ち":        "Pending",
	"送信済":         "Sent",
	"保留（SMTP未設定）": "Held (no SMTP)",
	"送信失敗":        "Failed",
	"最近の操作":       "Recent activity",
	"操作":          "Action",
	"オーナー":        "Owner",
	"管理者":         "Administrator",
	"担当者":         "Staff",
	"閲覧者":         "Viewer",
	"運営者":         "Operator",
	"取引先管理者":      "Buyer admin",
	"発注担当者":       "Purchaser",
	"入力内容に誤りがあります。":          "Please correct the errors below.",
	"ユーザーの状態を変更しました。":        "The user's status has been changed.",
	"自分自身は無効にできません。":         "You cannot disable yourself.",
	"二段階認証を設定しました。":          "Two-step verification is set up.",
	"スキップして本文へ":              "Skip to content",
	"設定":                     "Settings",
	"セキュリティ":                 "Security",
	"全ユーザーに二段階認証を必須にする":      "Require two-step verification for all users",
	"オーナー・管理者は常に二段階認証が必要です。": "Owners and administrators always need two-step verification.",
	"ログイン画面に公開お知らせを表示する":     "Show public notices on the sign-in page",
	"保存":          "Save",
	"設定を保存しました。":  "Your settings have been saved.",
	"契約者を追加":      "Add a tenant",
	"管理者のメールアドレス": "Administrator's e-mail address",
	"管理者の氏名":      "Administrator's name",
	"作成して招待":      "Create and invite",
	"契約者を作成し、管理者に招待メールを送信しました。": "The tenant has been created and its administrator invited.",
	"運営コンソールにログイン":              "Sign in to the operator console",
	"管理画面にログイン":                 "Sign in to the seller admin",
	"取引先さま専用の発注サイトです。":          "This ordering site is for registered buyers only.",
	"別のアカウントでログイン":              "Sign in with another account",
	"アカウント":                     "Account",
	"12文字以上で、推測されにくいものにしてください（よく使われるパスワードやメールアドレスを含むものは使えません）。": "At least 12 characters and hard to guess (common passwords and ones containing your e-mail address are refused).",
	"設定する":       "Set password",
	"名":          "",
	"社":          "",
	"概要":         "Overview",
	"アウトボックスへ戻る": "Back to the outbox",
	"二段階認証を設定":   "Set up two-step verification",
	"メール本文のリンクは送信済みのため伏せています。": "Links in this mail are hidden because it has been delivered.",
	"ご利用いただけません":               "Unavailable",
}
