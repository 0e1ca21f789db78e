package report

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/checks"
)

func TestSummaryLine(t *testing.T) {
	for _, c := range []struct {
		s    checks.Summary
		want string
	}{
		{checks.Summary{Files: 1}, "no problems in 1 file (0 statements, 0 credential references)"},
		{checks.Summary{Files: 1, Statements: 3, References: 1, Errors: 1, Fail: 1},
			"1 error in 1 file (3 statements, 1 credential reference: 1 fail)"},
		{checks.Summary{Files: 2, Statements: 5, References: 7, Errors: 3, OK: 2, Fail: 1, Unknown: 1,
			NotChecked: map[checks.Cause]int{checks.CausePlaceholder: 2, checks.CauseNoData: 1}},
			"3 errors in 2 files (5 statements, 7 credential references: 2 ok, 1 fail, 1 unknown, 3 not checked — 2 unresolved placeholders, 1 without IAM data)"},
		{checks.Summary{Files: 1, Statements: 1, References: 1, Warnings: 1,
			NotChecked: map[checks.Cause]int{checks.CausePlaceholder: 1}},
			"1 warning in 1 file (1 statement, 1 credential reference: 1 not checked — 1 unresolved placeholder)"},
		{checks.Summary{Files: 1, Statements: 1, DynamicSQL: 2},
			"no problems in 1 file (1 statement, 0 credential references; 2 dynamic SQL statements not checked)"},
	} {
		if got := Summary(c.s); got != c.want {
			t.Errorf("got  %s\nwant %s", got, c.want)
		}
	}
}

// TestEveryCauseHasWords: a cause added to checks.Causes is named in the
// text summary and present in the JSON one.
func TestEveryCauseHasWords(t *testing.T) {
	var buf bytes.Buffer
	if err := JSON(&buf, Tool{}, &checks.Results{}); err != nil {
		t.Fatal(err)
	}
	var out struct {
		Summary struct {
			ByCause map[string]int `json:"not_checked_by_cause"`
		} `json:"summary"`
	}
	if err := json.Unmarshal(buf.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	for _, c := range checks.Causes {
		if w := causeWords[c]; w[0] == "" || w[1] == "" {
			t.Errorf("cause %s has no words for the text summary", c)
		}
		if _, ok := out.Summary.ByCause[string(c)]; !ok {
			t.Errorf("cause %s is missing from the JSON summary", c)
		}
	}
}
