package checks

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/chain"
)

func TestRegistryValid(t *testing.T) {
	rules := Rules()
	if len(rules) == 0 {
		t.Fatal("no rules registered")
	}
	for _, r := range rules {
		if err := r.validate(); err != nil {
			t.Error(err)
		}
		if Lookup(r.ID) != r {
			t.Errorf("Lookup(%q) does not return the rule", r.ID)
		}
	}
	if Lookup("no-such-rule") != nil {
		t.Error("Lookup of an unknown id must return nil")
	}
}

// TestReadmeRuleTable keeps the README's rule table equal to the registry:
// same ids, severities and titles, in catalogue order.
func TestReadmeRuleTable(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile("^\\| `([a-z0-9-]+)` \\| (error|warning|info) \\| (.+) \\|$")
	var got []string
	for _, line := range strings.Split(string(readme), "\n") {
		if m := row.FindStringSubmatch(line); m != nil {
			got = append(got, m[1]+" "+m[2]+" "+m[3])
		}
	}
	var want []string
	for _, r := range Rules() {
		want = append(want, string(r.ID)+" "+r.Severity.String()+" "+r.Title)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("README rule table differs from the registry\n--- README\n%s\n--- registry\n%s",
			strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestMask(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"AKIAIOSFODNN7EXAMPLE", "AKIA************MPLE"},
		{"short", "*****"},
		{"", "****"},
		{"abcdefghijkl", "************"}, // under 20 characters: edges would show most of it
		{strings.Repeat("x", 100), "xxxx" + strings.Repeat("*", 32) + "xxxx"},
	} {
		if got := Mask(tc.in); got != tc.want {
			t.Errorf("Mask(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestEveryReasonHasARule: a verdict reason added to package chain needs
// the rule that reports it in the catalogue, or its findings would vanish.
func TestEveryReasonHasARule(t *testing.T) {
	for _, r := range chain.Reasons() {
		if ruleOf(r) == nil {
			t.Errorf("chain.%s has no rule in the catalogue (a row with Reason: chain.%s)", r, r)
		}
	}
}
