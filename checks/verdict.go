package checks

import (
	"slices"

	"github.com/redshift-preflight/redshift-preflight/chain"
	"github.com/redshift-preflight/redshift-preflight/redact"
	"github.com/redshift-preflight/redshift-preflight/redshift"
)

// decideVerdicts (SPEC §5): a reference fails when a reference-level rule
// of default severity error fired on it or a hop fails; otherwise it is
// unknown when a hop is unknown, ok when every hop is, and unchecked when no
// data was given.
func decideVerdicts(refs []*RefInfo, findings []Finding, cfg *Config) []*Reference {
	failing := referenceErrors(refs, findings)
	d := cfg.describer()
	out := make([]*Reference, len(refs))
	for i, ri := range refs {
		r := newReference(ri)
		r.Operation = d.operation(ri.Operation)
		switch {
		case ri.Walked:
			r.Hops = d.hops(ri.Hops)
			r.Verdict, r.Reason = chainVerdict(failing[i], ri.Hops)
		case len(failing[i]) > 0:
			r.Verdict, r.Reason = VerdictFail, single(failing[i])
		case ri.Session() && cfg.World != nil:
			r.Verdict, r.Reason = VerdictUnknown, SessionIdentity
		case ri.Session():
			r.Verdict = VerdictUnchecked // no hops: 'SESSION' is no role
		case cfg.World != nil:
			r.Verdict = VerdictUnknown // key-based credentials: nothing in IAM data can check them
		default:
			r.Verdict = VerdictUnchecked
			r.Hops = uncheckedHops(r.Roles)
		}
		r.NotChecked = notChecked(ri, r.Verdict)
		out[i] = r
	}
	return out
}

// notChecked says why a reference with this verdict could not be checked:
// an unresolved placeholder leaves it unknown or unchecked whatever the
// data, and without data every reference that does not fail is unchecked.
// A reference that fails, or is decided despite a placeholder (one in the
// key material of a CREDENTIALS string that also names a role), was checked.
func notChecked(ri *RefInfo, v Verdict) Cause {
	switch {
	case v != VerdictUnknown && v != VerdictUnchecked:
		return ""
	case ri.Ref.Value.Unresolved():
		return CausePlaceholder
	case v == VerdictUnchecked:
		return CauseNoData
	}
	return ""
}

// referenceErrors lists, per reference, the reference-level error rules
// that fail it: its own, and those of the other references of its
// statement that make Redshift refuse the whole statement (a statement
// Redshift rejects runs none of its clauses, so none of them is ok).
func referenceErrors(refs []*RefInfo, findings []Finding) map[int][]RuleID {
	failing := make(map[int][]RuleID)
	// Rules that refuse a statement are gathered per statement first and
	// handed to its references once: 8,000 clauses of one statement, each
	// with a finding, must not visit each other.
	refused := make(map[int][]RuleID)
	for _, f := range findings {
		r := Lookup(f.Rule)
		if f.Reference < 0 || r.Phase != PhaseReference || r.Severity != Error {
			continue
		}
		failing[f.Reference] = appendUnique(failing[f.Reference], f.Rule)
		if !r.StatementRuns {
			st := refs[f.Reference].Ref.Statement
			refused[st] = appendUnique(refused[st], f.Rule)
		}
	}
	for _, o := range refs {
		for _, id := range refused[o.Ref.Statement] {
			failing[o.Index] = appendUnique(failing[o.Index], id)
		}
	}
	return failing
}

// newReference is a reference's description, before its verdict.
func newReference(ri *RefInfo) *Reference {
	ref := ri.Ref
	r := &Reference{ID: ri.Index, Statement: ri.Statement.Kind.String(), Clause: ref.Clause.String(),
		Keyword: ref.Keyword, Value: ref.Value.Span, Roles: ri.Roles(), Hops: []Hop{}}
	if ref.Clause == redshift.ClauseNone {
		r.Value = ref.Keyword
	}
	if t := ref.Target; t != nil {
		r.Target = &Target{Kind: t.Kind.String(), URI: redact.Secrets(t.URI)} // printed; the walk used it whole
	}
	return r
}

// chainVerdict combines reference-level failures with the hops' verdicts:
// fail if anything fails, else unknown if a hop is, else ok; the reason
// when exactly one rule decided.
func chainVerdict(refFailures []RuleID, hops []chain.Hop) (Verdict, RuleID) {
	fails := append([]RuleID(nil), refFailures...)
	var unknowns []RuleID
	anyUnknown := false
	for _, h := range hops {
		switch h.Verdict {
		case chain.VerdictFail:
			fails = appendUnique(fails, ruleIDOf(h.Reason))
		case chain.VerdictUnknown:
			anyUnknown = true
			unknowns = appendUnique(unknowns, ruleIDOf(h.Reason))
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

// single returns the only reason, or "" when there are none or several.
func single(reasons []RuleID) RuleID {
	if len(reasons) == 1 {
		return reasons[0]
	}
	return ""
}

func appendUnique(list []RuleID, id RuleID) []RuleID {
	if id == "" || slices.Contains(list, id) {
		return list
	}
	return append(list, id)
}

// uncheckedHops lays out the hops of a chain that no data was given to judge.
func uncheckedHops(roles []string) []Hop {
	hops := make([]Hop, 0, len(roles))
	from := "redshift"
	for _, role := range roles {
		hop := Hop{From: from, Verdict: VerdictUnchecked, Warnings: []RuleID{}}
		if role != "default" {
			to := role
			hop.To = &to
		}
		hops = append(hops, hop)
		from = role
	}
	return hops
}
