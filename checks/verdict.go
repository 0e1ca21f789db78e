package checks

import (
	"slices"

	"github.com/redshift-preflight/redshift-preflight/chain"
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
	Warnings []string // ids of the rules that warn about an otherwise working hop
	Walk     *chain.Hop
}

// CheckedReference is a reference with its role list and verdict.
type CheckedReference struct {
	ID        int // global, assigned by Collect; index within the file until then
	Info      *RefInfo
	Roles     []string
	Verdict   Verdict
	Reason    string // the rule that decided the verdict, when exactly one did
	Hops      []Hop
	Statement *sqlparse.Statement
	// Operation is what the last role must be allowed to do (SPEC §9); nil
	// when it was not evaluated (a hop fails, no data, nothing to check).
	Operation *chain.OperationResult
}

// walkable: the reference names roles (or default) to walk.
func (ri *RefInfo) walkable() bool { return len(ri.Roles()) > 0 }

// decideVerdicts (SPEC §5): a reference fails when a reference-level rule
// of default severity error fired on it or a hop fails; otherwise it is
// unknown when a hop is unknown, ok when every hop is, and unchecked when no
// data was given.
func decideVerdicts(refs []*RefInfo, findings []Finding, haveData bool) []*CheckedReference {
	failing := make(map[int][]string)
	for _, f := range findings {
		r := registry[f.Rule]
		if f.Reference >= 0 && r.Phase == PhaseReference && r.Severity == Error && !slices.Contains(failing[f.Reference], f.Rule) {
			failing[f.Reference] = append(failing[f.Reference], f.Rule)
		}
	}
	out := make([]*CheckedReference, len(refs))
	for i, ri := range refs {
		cr := &CheckedReference{ID: i, Info: ri, Roles: ri.Roles(), Statement: ri.Statement, Hops: []Hop{}, Operation: ri.Operation}
		switch {
		case ri.Walked:
			cr.Hops = WalkedHops(ri.Hops)
			cr.Verdict, cr.Reason = ChainVerdict(failing[i], ri.Hops)
		case len(failing[i]) > 0:
			cr.Verdict, cr.Reason = VerdictFail, single(failing[i])
		case haveData:
			cr.Verdict = VerdictUnknown // key-based credentials: nothing in IAM data can check them
		default:
			cr.Verdict = VerdictUnchecked
			cr.Hops = uncheckedHops(cr.Roles)
		}
		out[i] = cr
	}
	return out
}

// ChainVerdict combines reference-level failures (rule ids) with the hops'
// verdicts: fail if anything fails, else unknown if a hop is, else ok; the
// reason when exactly one rule decided.
func ChainVerdict(refFailures []string, hops []chain.Hop) (Verdict, string) {
	fails := append([]string(nil), refFailures...)
	var unknowns []string
	anyUnknown := false
	for _, h := range hops {
		switch h.Verdict {
		case chain.VerdictFail:
			fails = appendUnique(fails, h.Reason)
		case chain.VerdictUnknown:
			anyUnknown = true
			unknowns = appendUnique(unknowns, h.Reason)
		}
	}
	switch {
	case len(fails) > 0:
		return VerdictFail, single(fails)
	case anyUnknown:
		return VerdictUnknown, single(unknowns)
	}
	return VerdictOK, ""
}

// WalkedHops summarises the chain walk for reports: each hop's verdict,
// reason and the ids of the rules that warn about it.
func WalkedHops(hops []chain.Hop) []Hop {
	out := make([]Hop, len(hops))
	for i := range hops {
		h := &hops[i]
		out[i] = Hop{From: h.From, Verdict: Verdict(h.Verdict), Reason: h.Reason, Warnings: []string{}, Walk: h}
		if h.To != "" {
			to := h.To
			out[i].To = &to
		}
		for _, w := range h.Warnings {
			out[i].Warnings = appendUnique(out[i].Warnings, w.Reason)
		}
	}
	return out
}

// single returns the only reason, or "" when there are none or several.
func single(reasons []string) string {
	if len(reasons) == 1 {
		return reasons[0]
	}
	return ""
}

func appendUnique(list []string, s string) []string {
	if s == "" || slices.Contains(list, s) {
		return list
	}
	return append(list, s)
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
