package config

import "strings"

// loadSupport reads OROSHI_SUPPORT_EMAIL: the addresses (comma-separated)
// that receive sellers' support inquiries. Default: the operator addresses,
// so it must run after loadOperators.
func (c *Config) loadSupport(getenv func(string) string) error {
	v := getenv("OROSHI_SUPPORT_EMAIL")
	if strings.TrimSpace(v) == "" {
		c.SupportEmails = append([]string(nil), c.OperatorEmails...)
		return nil
	}
	for _, e := range strings.Split(v, ",") {
		e = strings.TrimSpace(e)
		if e == "" {
			continue
		}
		if !strings.Contains(e, "@") || strings.ContainsAny(e, "\r\n") {
			return &Error{"OROSHI_SUPPORT_EMAIL", v, "must be a comma-separated list of e-mail addresses"}
		}
		c.SupportEmails = append(c.SupportEmails, e)
	}
	return nil
}
