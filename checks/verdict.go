package checks

import (
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// Verdict of a hop or a reference (SPEC §5).
type Verdict string

const (
	VerdictOK        Verdict = "ok"
	VerdictFail      Verdict = "fail"
	VerdictUnknown   Verdict = "unknown"
	VerdictUnchecked Verdict = "unchecked"
)

// Hop is one assumption in a chain: Redshift assumes the first role, each
// role assumes the next.
type Hop struct {
	From     string
	To       *string // nil when IAM_ROLE default cannot be resolved
	Verdict  Verdict
	Reason   string
	Warnings []string
}

// CheckedReference is a reference with its role list and verdict.
type CheckedReference struct {
	ID        int // global, assigned by Run; index within the file until then
	Info      *RefInfo
	Roles     []string
	Verdict   Verdict
	Reason    string // the rule that decided the verdict, when exactly one did
	Hops      []Hop
	Statement *sqlparse.Statement
}

// decideVerdicts: a reference fails when an enabled rule whose default
// severity is error reported on it (Redshift would refuse or misuse it);
// otherwise, with no IAM or cluster data, it is unchecked, hop by hop.
func decideVerdicts(refs []*RefInfo, findings []Finding) []*CheckedReference {
	failing := make(map[int][]string)
	for _, f := range findings {
		if f.Reference >= 0 && registry[f.Rule].Severity == Error && !containsString(failing[f.Reference], f.Rule) {
			failing[f.Reference] = append(failing[f.Reference], f.Rule)
		}
	}
	out := make([]*CheckedReference, len(refs))
	for i, ri := range refs {
		cr := &CheckedReference{ID: i, Info: ri, Roles: ri.Roles(), Statement: ri.Statement, Hops: []Hop{}}
		if rules := failing[i]; len(rules) > 0 {
			cr.Verdict = VerdictFail
			if len(rules) == 1 {
				cr.Reason = rules[0]
			}
		} else {
			cr.Verdict = VerdictUnchecked
			cr.Hops = uncheckedHops(cr.Roles)
		}
		out[i] = cr
	}
	return out
}

// uncheckedHops lays out the hops of a chain that no data was given to judge.
func uncheckedHops(roles []string) []Hop {
	hops := make([]Hop, 0, len(roles))
	from := "redshift"
	for _, role := range roles {
		hop := Hop{From: from, Verdict: VerdictUnchecked, Warnings: []string{}}
		if role != "default" {
			to := role
			hop.To = &to
		}
		hops = append(hops, hop)
		from = role
	}
	return hops
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
