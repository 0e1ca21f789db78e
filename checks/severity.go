// Package checks holds the rule catalogue and the pass that runs rules over
// parsed SQL and collects findings.
//
// Rules are values (ID, severity, title, doc, Run) in one registry, in the
// manner of golang.org/x/tools/go/analysis. Rules only report; the driver
// applies the user's rule selection and severity overrides, sorts, removes
// duplicates and decides each reference's verdict.
package checks

import "fmt"

// Severity of a finding. The zero value is invalid on purpose, so a rule
// that forgets to set one fails the registry test.
type Severity int

const (
	Info Severity = iota + 1
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return fmt.Sprintf("Severity(%d)", int(s))
}

// ParseSeverity reads "error", "warning" or "info".
func ParseSeverity(s string) (Severity, error) {
	switch s {
	case "error":
		return Error, nil
	case "warning":
		return Warning, nil
	case "info":
		return Info, nil
	}
	return 0, fmt.Errorf("unknown severity %q (want error, warning or info)", s)
}
