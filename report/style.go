package report

import "github.com/redshift-preflight/redshift-preflight/checks"

// style wraps text in ANSI colours when enabled.
type style struct{ on bool }

func newStyle(on bool) style { return style{on: on} }

func (s style) wrap(code, text string) string {
	if !s.on {
		return text
	}
	return "\x1b[" + code + "m" + text + "\x1b[0m"
}

func (s style) bold(t string) string  { return s.wrap("1", t) }
func (s style) dim(t string) string   { return s.wrap("2", t) }
func (s style) caret(t string) string { return s.wrap("1;32", t) }

func (s style) severity(sev checks.Severity) string {
	switch sev {
	case checks.Error:
		return s.wrap("1;31", "error")
	case checks.Warning:
		return s.wrap("1;33", "warning")
	}
	return s.wrap("1;36", sev.String())
}
