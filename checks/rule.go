package checks

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// Rule is one check of the catalogue.
type Rule struct {
	ID       string   // stable kebab-case id
	Severity Severity // default severity
	Title    string   // one line, lowercase, no final period
	Doc      string   // what it finds, why it matters, how to fix it
	Run      func(*Pass)

	// OptIn rules run only when enabled explicitly (--enable).
	OptIn bool
	// Phase says when the rule runs; the zero value is with the reference rules.
	Phase Phase
}

// Phase orders the rules: reference rules, then the chain walk and the hop
// rules, then ignore directives and the rule that reports unused ones.
type Phase int

const (
	PhaseReference Phase = iota
	PhaseHops
	PhaseIgnores
)

var registry = map[string]*Rule{}

// register adds rules to the catalogue; it runs from init functions, so a
// malformed rule stops every test binary at once.
func register(rules ...*Rule) {
	for _, r := range rules {
		if err := r.validate(); err != nil {
			panic(err)
		}
		if registry[r.ID] != nil {
			panic("duplicate rule " + r.ID)
		}
		registry[r.ID] = r
	}
}

var ruleID = regexp.MustCompile(`^[a-z]+(-[a-z0-9]+)*$`)

// lowercaseStart accepts a title whose first word is lowercase or an acronym
// or keyword in capitals (SQL, IAM_ROLE), never a capitalised sentence.
func lowercaseStart(title string) bool {
	word, _, _ := strings.Cut(title, " ")
	return word != "" && (word == strings.ToLower(word) || word == strings.ToUpper(word))
}

func (r *Rule) validate() error {
	switch {
	case !ruleID.MatchString(r.ID):
		return fmt.Errorf("rule id %q is not kebab-case", r.ID)
	case r.Severity < Info || r.Severity > Error:
		return fmt.Errorf("rule %s has no valid severity", r.ID)
	case !lowercaseStart(r.Title) || strings.HasSuffix(r.Title, "."):
		return fmt.Errorf("rule %s: title must start lowercase and not end with a period", r.ID)
	case r.Doc == "":
		return fmt.Errorf("rule %s has no documentation", r.ID)
	case r.Run == nil:
		return fmt.Errorf("rule %s has no Run", r.ID)
	}
	return nil
}

var (
	sortOnce sync.Once
	sorted   []*Rule
)

// Rules returns the catalogue in the order of the documentation (SPEC §6).
// The registry is complete once init has run, so the order is computed once.
func Rules() []*Rule {
	sortOnce.Do(func() {
		for _, r := range registry {
			sorted = append(sorted, r)
		}
		sort.Slice(sorted, func(i, j int) bool { return order(sorted[i].ID) < order(sorted[j].ID) })
	})
	return sorted
}

// Lookup returns the rule with the given id, or nil.
func Lookup(id string) *Rule { return registry[id] }

// catalogueOrder lists rule ids in the order users read them; rules not
// listed sort last, alphabetically.
var catalogueOrder = []string{
	"syntax-error", "invalid-encoding", "chain-whitespace", "chain-empty-element",
	"chain-too-long", "default-in-chain", "default-quoted", "default-not-allowed",
	"invalid-role-arn", "typographic-quotes", "hardcoded-secret", "missing-authorization",
	"conflicting-authorization", "unresolved-placeholder", "deprecated-credentials-syntax",
	"not-associated", "association-removing", "association-pending", "no-default-role",
	"role-not-found", "role-unknown", "trust-missing", "trust-region", "trust-external-id",
	"assume-permission-missing", "explicit-deny", "boundary-deny", "policy-unknown",
	"condition-unverifiable", "trust-wildcard-principal", "connect-permission-missing", "permission-missing", "permission-unknown",
	"assumerole-not-granted",
	"broad-identity-policy", "assume-role-any", "trust-no-external-id", "unused-ignore",
}

func order(id string) string {
	for i, known := range catalogueOrder {
		if known == id {
			return fmt.Sprintf("%03d", i)
		}
	}
	return "999" + id
}
