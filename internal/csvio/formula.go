package csvio

// NeutralizeFormula returns cell with a leading apostrophe when a spreadsheet
// would read it as a formula (CSV injection): cells starting with '=', '+',
// '-', '@', TAB or CR, as OWASP recommends.
//
// One exception, deliberately: a plain decimal number with a minus sign
// ("-120", "-1.5") is left alone. Japanese accounting exports are full of
// negative amounts (値引, 返品, 相殺), and "'-120" is text to Excel, which
// breaks every SUM over the column. A plain number cannot call a function or
// reference a cell, so it carries no injection. Anything else that starts
// with '-' ("-1+2", "-A1", "-1,200", "-1e3", a lone "-") is prefixed, and so
// is every '+' cell ("+81-3-…" phone numbers would otherwise be evaluated;
// our exports never write "+120").
func NeutralizeFormula(cell string) string {
	if needsGuard(cell) {
		return "'" + cell
	}
	return cell
}

// needsGuard reports whether NeutralizeFormula prefixes cell; the Writer
// uses it to append the apostrophe without building a new string.
func needsGuard(cell string) bool {
	if cell == "" {
		return false
	}
	switch cell[0] {
	case '=', '+', '@', '\t', '\r':
		return true
	case '-':
		return !isPlainNegative(cell)
	}
	return false
}

// StripFormulaGuard undoes NeutralizeFormula: it removes the apostrophe that
// NeutralizeFormula would have added, and nothing else. Importers may use it
// so that a file exported by oroshi, edited in Excel and imported again
// keeps its original text; Read never does it by itself. The one ambiguity:
// a value the user really wrote as '=x comes back as =x.
func StripFormulaGuard(cell string) string {
	if len(cell) < 2 || cell[0] != '\'' {
		return cell
	}
	if rest := cell[1:]; NeutralizeFormula(rest) == cell {
		return rest
	}
	return cell
}

// isPlainNegative reports whether s is '-' followed by digits with at most
// one decimal point between digits: -120, -0.5. ASCII digits only.
func isPlainNegative(s string) bool {
	digits, dot := 0, false
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case '0' <= c && c <= '9':
			digits++
		case c == '.' && !dot && digits > 0 && i+1 < len(s):
			dot = true
		default:
			return false
		}
	}
	return digits > 0
}
