package report

import (
	"github.com/redshift-preflight/redshift-preflight/checks"
	"github.com/redshift-preflight/redshift-preflight/redact"
)

// style wraps text in ANSI colours when enabled. The text is made safe
// first (redact.Text): the escape sequences in the result are the tool's.
type style struct{ on bool }

func newStyle(on bool) style { return style{on: on} }

func (s style) wrap(code, text string) shown {
	text = redact.Text(text)
	if !s.on {
		return shown(text)
	}
	return shown("\x1b[" + code + "m" + text + "\x1b[0m")
}

func (s style) bold(t string) shown  { return s.wrap("1", t) }
func (s style) dim(t string) shown   { return s.wrap("2", t) }
func (s style) caret(t string) shown { return s.wrap("1;32", t) }

func (s style) severity(sev checks.Severity) shown {
	switch sev {
	case checks.Error:
		return s.wrap("1;31", "error")
	case checks.Warning:
		return s.wrap("1;33", "warning")
	}
	return s.wrap("1;36", sev.String())
}
