package sqlstore

// SetLoadCopy turns PostgreSQL's COPY load path on or off for a test and
// returns what restores it.
func SetLoadCopy(on bool) (restore func()) {
	was := loadCopy
	loadCopy = on
	return func() { loadCopy = was }
}
