package checks

import (
	"fmt"
	"strconv"

	"github.com/redshift-preflight/redshift-preflight/access"
	"github.com/redshift-preflight/redshift-preflight/chain"
	"github.com/redshift-preflight/redshift-preflight/iam"
	"github.com/redshift-preflight/redshift-preflight/inventory"
)

// describer turns the hop walk's and the evaluator's answers into result
// types: reasons become rule ids, and every policy statement gets the
// origin of its document from the inventory (nil when there is none).
type describer struct{ inv *inventory.Inventory }

func verdictOf(v chain.Verdict) Verdict { return Verdict(v) }

func (d describer) statement(ref iam.StatementRef, effect string) PolicyStatement {
	s := PolicyStatement{Effect: effect, Policy: ref.Policy, Index: ref.Index, Sid: ref.Sid}
	if d.inv == nil {
		return s
	}
	if o, ok := d.inv.Origin(ref.Policy); ok {
		s.Origin = &PolicyOrigin{Kind: string(o.Kind), Role: o.Role, Name: o.Name, File: o.Source.File, Path: o.Source.Path, Line: o.Source.Line}
		// The statement's own line, where the data can say, rather than its document's.
		if src, ok := d.inv.StatementSource(ref.Policy, ref.Index); ok && src.Line > 0 {
			s.Origin.Line = src.Line
		}
	}
	return s
}

// each maps a slice through f; the result is never nil.
func each[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

func (d describer) statements(refs []iam.StatementRef) []PolicyStatement {
	return each(refs, func(r iam.StatementRef) PolicyStatement { return d.statement(r, "") })
}

func (d describer) deciding(ds []chain.Decide) []PolicyStatement {
	return each(ds, func(x chain.Decide) PolicyStatement { return d.statement(x.Ref, x.Effect.String()) })
}

func (d describer) issue(i chain.Issue) Issue {
	return Issue{Rule: ruleIDOf(i.Reason), Verdict: verdictOf(i.Verdict), Message: i.Message, Help: i.Help,
		Keys: i.Keys, Statements: d.statements(i.Statements)}
}

func (d describer) issues(is []chain.Issue) []Issue { return each(is, d.issue) }

func (d describer) hop(h chain.Hop) Hop {
	out := Hop{From: h.From, Verdict: verdictOf(h.Verdict), Reason: ruleIDOf(h.Reason), Warnings: []RuleID{},
		Issues: d.issues(h.Issues), Remarks: d.issues(h.Warnings), Deciding: d.deciding(h.Deciding)}
	if h.To != "" {
		to := h.To
		out.To = &to
		if arn, probs := chain.ParseRoleARN(to); len(probs) == 0 {
			out.Role, out.Account = arn.Path[1:]+arn.Name, arn.Account
		}
	}
	for _, w := range h.Warnings {
		if id := ruleIDOf(w.Reason); id != "" && !containsID(out.Warnings, id) {
			out.Warnings = append(out.Warnings, id)
		}
	}
	return out
}

func (d describer) hops(hs []chain.Hop) []Hop { return each(hs, d.hop) }

func (d describer) check(c access.Check) Check {
	return Check{Action: c.Action, Resource: c.Resource, Verdict: verdictOf(c.Verdict), Reason: ruleIDOf(c.Reason),
		Message: c.Message, Help: c.Help, Keys: c.Keys, Statements: d.statements(c.Statements), Deciding: d.deciding(c.Deciding)}
}

func (d describer) checks(cs []access.Check) []Check { return each(cs, d.check) }

func (d describer) operation(r *access.Result) *Operation {
	if r == nil {
		return nil
	}
	return &Operation{Role: r.Role, Checks: d.checks(r.Checks), Verdict: verdictOf(r.Verdict), Reason: ruleIDOf(r.Reason)}
}

// notes name the policy statements behind an issue, with the file they
// came from, for a finding.
func (d describer) notes(verb string, refs []iam.StatementRef) []string {
	var out []string
	for _, ref := range refs {
		out = append(out, d.note(verb, ref))
	}
	return out
}

// note names one policy statement and where it is: the file, the line of
// the statement, and the JSON path of its document.
func (d describer) note(verb string, ref iam.StatementRef) string {
	note := verb + " " + ref.String()
	if s := d.statement(ref, ""); s.Origin != nil {
		note += " (" + s.Origin.String() + ")"
	}
	return note
}

// Where spells a statement for people: statement 0 ("Sid") of <policy>
// [file: path].
func (s PolicyStatement) Where() string {
	out := "statement " + strconv.Itoa(s.Index)
	if s.Sid != "" {
		out += fmt.Sprintf(" (%q)", s.Sid)
	}
	out += " of " + s.Policy
	if s.Origin != nil {
		out += " [" + s.Origin.String() + "]"
	}
	return out
}

// String is FILE:LINE: PATH (FILE: PATH when the line is not known).
func (o *PolicyOrigin) String() string {
	if o.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", o.File, o.Line, o.Path)
	}
	return o.File + ": " + o.Path
}

func containsID(list []RuleID, id RuleID) bool {
	for _, x := range list {
		if x == id {
			return true
		}
	}
	return false
}
