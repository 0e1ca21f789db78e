package checks

import (
	"slices"
	"sort"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/access"
	"github.com/redshift-preflight/redshift-preflight/chain"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// Pass gives a rule what it may look at in one file, and takes its reports.
type Pass struct {
	File   *sqlparse.File
	Parsed *sqlparse.Result
	Refs   []*RefInfo // one per reference, in file order
	Config *Config

	rule     *Rule
	findings *[]Finding
	describe describer      // statements with their origins, for notes
	unused   []unusedIgnore // directives that silenced nothing, for unused-ignore
}

// Report records a finding of the running rule; positions are in the file.
func (p *Pass) Report(ref int, span sqlparse.Span, message, help string) {
	p.ReportNotes(ref, span, message, help, nil)
}

// ReportNotes records a finding with related notes.
func (p *Pass) ReportNotes(ref int, span sqlparse.Span, message, help string, notes []string) {
	notes = append(notes, p.originNotes(ref, span)...)
	*p.findings = append(*p.findings, Finding{
		Rule: p.rule.ID, File: p.File, Span: span, Message: message, Help: help, Notes: notes, Reference: ref,
	})
}

// reportAdvice records an advisory about a role a chain uses: the run
// reports it once, at its first reference, with the number of references
// (mergeAdvisories).
func (p *Pass) reportAdvice(ri *RefInfo, cr chainRole, message, help, note string) {
	p.ReportNotes(ri.Index, ri.hopSpan(cr.hop), message, help, []string{note})
	f := &(*p.findings)[len(*p.findings)-1]
	f.advice = strings.Join([]string{string(p.rule.ID), cr.role.ARN, message, note}, "\x00")
}

// RefInfo is a reference with the analysis several rules share, computed once.
type RefInfo struct {
	Index     int // in the file
	Ref       *sqlparse.Reference
	Statement *sqlparse.Statement

	// HasRoles: the reference names a role chain (IAM_ROLE, CATALOG_ROLE, or
	// aws_iam_role in CREDENTIALS), quoted or as a placeholder.
	HasRoles bool
	Elements []chain.Element // elements of the chain, spans relative to roleBase
	Problems []chain.Problem // chain syntax problems, spans relative to roleBase
	roleBase int             // where the chain starts in Ref.Value.Text

	Hops   []chain.Hop // the chain walk, when IAM or cluster data was given
	Walked bool

	Operation *access.Result // what the last role must be allowed to do; nil when not evaluated
}

// opaque marks the elements that hold an unresolved placeholder.
func (ri *RefInfo) opaque() []bool {
	out := make([]bool, len(ri.Elements))
	for i, e := range ri.Elements {
		out[i] = e.Opaque
	}
	return out
}

// Roles is the role list of SPEC §3.2.
func (ri *RefInfo) Roles() []string {
	if ri.Ref.Value.Form == sqlparse.FormDefault && ri.Ref.Clause.IsRole() {
		return []string{"default"}
	}
	roles := make([]string, 0, len(ri.Elements))
	for _, e := range ri.Elements {
		roles = append(roles, e.Text)
	}
	return roles
}

// Source converts a span relative to the chain into a file span.
func (ri *RefInfo) Source(s chain.Span) sqlparse.Span {
	return ri.Ref.Value.SourceSpan(ri.roleBase+s.Start, ri.roleBase+s.End)
}

// analyze splits and checks the chain of a reference once for all rules.
func analyze(idx int, ref *sqlparse.Reference, res *sqlparse.Result, maxChain int) *RefInfo {
	ri := &RefInfo{Index: idx, Ref: ref, Statement: &res.Statements[ref.Statement]}
	start, end, ok := ref.RoleText()
	if !ok {
		return ri
	}
	ri.HasRoles, ri.roleBase = true, start
	text := ref.Value.Text[start:end]
	var opaque []chain.Span
	for _, r := range ref.Value.Opaque() {
		lo, hi := max(r[0], start)-start, min(r[1], end)-start
		if lo < hi {
			opaque = append(opaque, chain.Span{Start: lo, End: hi})
		}
	}
	if ref.Value.Form == sqlparse.FormPlaceholder {
		// IAM_ROLE ${role} with no value: one opaque element, nothing to split.
		ri.Elements = []chain.Element{{Text: text, Span: chain.Span{End: len(text)}, Opaque: true}}
		return ri
	}
	ri.Elements, ri.Problems = chain.Split(text, opaque)
	secret := maskElements(ri.Elements, res, &ref.Value, start)
	ri.Problems = append(ri.Problems, chain.Check(ri.Elements, maxChain, ri.Statement.AllowsSession())...)
	ri.Problems = keyMaterialProblems(ri.Problems, ri.Elements, secret)
	ri.Problems = dropCoveredByWhitespace(ri.Problems)
	return ri
}

// maskElements masks the key material in elements (spans relative to base
// in v.Text), so that neither the role list of a report nor a chain
// message quoting an element prints it: a comma typo runs a key pair into
// the role chain of a CREDENTIALS string ('aws_iam_role=arn…/A,
// aws_secret_access_key=…'), and a key pasted as IAM_ROLE is no role.
// Spans stay as they are. It reports which elements held some.
func maskElements(elems []chain.Element, res *sqlparse.Result, v *sqlparse.Value, base int) []bool {
	secret := make([]bool, len(elems))
	for i := range elems {
		e := &elems[i]
		shown := res.Shown(v, base+e.Span.Start, base+e.Span.End)
		secret[i] = shown != e.Text
		e.Text = shown
	}
	return secret
}

// keyMaterialProblems replaces the ARN problems of an element that holds
// key material, which would describe the masked text ('*' is no legal
// character of a role name), with one that says what the element is.
func keyMaterialProblems(probs []chain.Problem, elems []chain.Element, secret []bool) []chain.Problem {
	var secrets []chain.Span
	for i, e := range elems {
		if secret[i] {
			secrets = append(secrets, e.Span)
		}
	}
	out := dropInvalidARNWithin(probs, secrets)
	for _, s := range secrets {
		out = append(out, chain.Problem{Kind: chain.KindInvalidARN, Span: s,
			Message: "element holds an AWS key (masked here), not a role ARN"})
	}
	return out
}

// dropCoveredByWhitespace removes an invalid-ARN problem that only points at
// white space already reported as such ('role/My Role'): one cause, one finding.
func dropCoveredByWhitespace(probs []chain.Problem) []chain.Problem {
	var spaces []chain.Span
	for _, p := range probs {
		if p.Kind == chain.KindWhitespace {
			spaces = append(spaces, p.Span)
		}
	}
	return dropInvalidARNWithin(probs, spaces)
}

// dropInvalidARNWithin removes, in place, the invalid-ARN problems that lie
// inside one of spans, which another finding already explains.
func dropInvalidARNWithin(probs []chain.Problem, spans []chain.Span) []chain.Problem {
	cover := newSpanCover(spans)
	out := probs[:0]
	for _, p := range probs {
		if p.Kind != chain.KindInvalidARN || !cover.covers(p.Span) {
			out = append(out, p)
		}
	}
	return out
}

// spanCover answers whether a span lies inside one of a set of spans by
// halving: a chain of 40,000 elements has as many problems, and testing
// each against every element or white-space problem was quadratic.
type spanCover struct {
	spans  []chain.Span // by Start
	maxEnd []int        // maxEnd[i]: the largest End of spans[:i+1]
}

func newSpanCover(spans []chain.Span) spanCover {
	c := spanCover{spans: slices.Clone(spans)}
	slices.SortFunc(c.spans, func(a, b chain.Span) int { return a.Start - b.Start })
	c.maxEnd = make([]int, len(c.spans))
	for i, s := range c.spans {
		c.maxEnd[i] = s.End
		if i > 0 {
			c.maxEnd[i] = max(s.End, c.maxEnd[i-1])
		}
	}
	return c
}

// covers: some span starts at or before s and ends at or after it.
func (c spanCover) covers(s chain.Span) bool {
	i := sort.Search(len(c.spans), func(i int) bool { return c.spans[i].Start > s.Start }) - 1
	return i >= 0 && c.maxEnd[i] >= s.End
}

// problems returns the chain problems of one kind.
func (ri *RefInfo) problems(k chain.Kind) []chain.Problem {
	var out []chain.Problem
	for _, p := range ri.Problems {
		if p.Kind == k {
			out = append(out, p)
		}
	}
	return out
}

// walkable: the reference names roles (or default) to walk; 'SESSION' is
// no role.
func (ri *RefInfo) walkable() bool { return len(ri.Roles()) > 0 && !ri.Session() }

// Session: the value is 'SESSION' where Redshift accepts it. It names no
// role but the federated identity of whoever runs the SQL ("CREATE
// EXTERNAL SCHEMA - Amazon Redshift",
// https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_EXTERNAL_SCHEMA.html:
// "Use 'SESSION' if you connect to your Amazon Redshift cluster using a
// federated identity and access the tables from the external schema
// created using this command."), so there is no hop (docs/sources/sql.md §1).
func (ri *RefInfo) Session() bool {
	return ri.Ref.Clause.IsRole() && len(ri.Elements) == 1 && !ri.Elements[0].Opaque &&
		ri.Elements[0].Text == "SESSION" && ri.Statement.AllowsSession()
}

// hopSpan is where a hop's findings point: the element it assumes, or the
// whole value for IAM_ROLE default.
func (ri *RefInfo) hopSpan(i int) sqlparse.Span {
	if ri.Ref.Value.Form == sqlparse.FormDefault || i >= len(ri.Elements) {
		return ri.Ref.Value.Span
	}
	return ri.Source(ri.Elements[i].Span)
}
