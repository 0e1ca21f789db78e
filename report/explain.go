package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/checks"
	"github.com/redshift-preflight/redshift-preflight/redact"
)

type explainJSON struct {
	Version   int              `json:"version"`
	Chain     []string         `json:"chain"`
	Statement string           `json:"statement"`
	Target    *string          `json:"target"`
	Cluster   *explainCluster  `json:"cluster"`
	DBUser    *string          `json:"db_user"`
	Syntax    []explainProblem `json:"syntax"`
	Hops      []explainHop     `json:"hops"`
	Operation *explainOp       `json:"operation,omitempty"`
	Findings  []connectFinding `json:"findings"`
	Verdict   string           `json:"verdict"`
	Reason    string           `json:"reason,omitempty"`
}

type explainCluster struct {
	ID      string `json:"id"`
	Account string `json:"account"`
	Region  string `json:"region"`
}

type explainProblem struct {
	Rule    string `json:"rule"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

type explainHop struct {
	From     string         `json:"from"`
	To       *string        `json:"to"`
	Verdict  string         `json:"verdict"`
	Reason   string         `json:"reason,omitempty"`
	Issues   []explainIssue `json:"issues"`
	Warnings []explainIssue `json:"warnings"`
	Deciding []explainStmt  `json:"deciding"`
}

type explainIssue struct {
	Rule       string        `json:"rule,omitempty"`
	Verdict    string        `json:"verdict"`
	Message    string        `json:"message"`
	Help       string        `json:"help,omitempty"`
	Keys       []string      `json:"condition_keys,omitempty"`
	Statements []explainStmt `json:"statements"`
}

// explainOp is the operation block of check's JSON (SPEC §9), with each
// check's explanation.
type explainOp struct {
	Role    string         `json:"role"`
	Checks  []explainCheck `json:"checks"`
	Verdict string         `json:"verdict"`
	Reason  string         `json:"reason,omitempty"`
}

type explainCheck struct {
	Action     string        `json:"action"`
	Resource   string        `json:"resource"`
	Verdict    string        `json:"verdict"`
	Reason     string        `json:"reason,omitempty"`
	Message    string        `json:"message,omitempty"`
	Help       string        `json:"help,omitempty"`
	Keys       []string      `json:"condition_keys,omitempty"`
	Statements []explainStmt `json:"statements"`
}

// explainStmt names a policy statement: the file, role, policy, and the
// statement's index and Sid.
type explainStmt struct {
	Effect string `json:"effect,omitempty"`
	Policy string `json:"policy"`
	Kind   string `json:"kind,omitempty"`
	Role   string `json:"role,omitempty"`
	Name   string `json:"name,omitempty"`
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
	Path   string `json:"path,omitempty"`
	Index  int    `json:"index"`
	Sid    string `json:"sid,omitempty"`
}

// ExplainJSON writes an explanation as one JSON object; arrays are never null.
func ExplainJSON(w io.Writer, ex *checks.Explanation) error {
	ref := ex.Reference
	out := explainJSON{Version: 1, Chain: nonNil(ref.Roles), Statement: ex.Statement,
		Syntax: []explainProblem{}, Hops: []explainHop{}, Findings: findingsJSON(ex.Findings),
		Verdict: string(ref.Verdict), Reason: string(ref.Reason)}
	if ex.Target != "" {
		out.Target = &ex.Target
	}
	if c := ex.Cluster; c != nil {
		out.Cluster = &explainCluster{ID: c.ID, Account: c.Account, Region: c.Region}
	}
	if ex.DBUser != "" {
		out.DBUser = &ex.DBUser
	}
	for _, p := range ex.Problems {
		out.Syntax = append(out.Syntax, explainProblem{Rule: string(p.Rule), Column: p.Column, Message: p.Message})
	}
	for _, h := range ref.Hops {
		out.Hops = append(out.Hops, hopJSON(h))
	}
	if op := ref.Operation; op != nil {
		out.Operation = &explainOp{Role: op.Role, Checks: []explainCheck{}, Verdict: string(op.Verdict), Reason: string(op.Reason)}
		for _, c := range op.Checks {
			out.Operation.Checks = append(out.Operation.Checks, explainCheck{Action: c.Action, Resource: c.Resource,
				Verdict: string(c.Verdict), Reason: string(c.Reason), Message: c.Message, Help: c.Help, Keys: c.Keys,
				Statements: stmtsJSON(c.Statements)})
		}
	}
	return encodeJSON(w, out)
}

// encodeJSON writes v indented, without HTML escaping, every string of it
// through redact.JSON (secrets masked, control characters escaped), so no
// field can be forgotten: the way the small documents (explain, connect)
// are written. The check reports, which grow with the findings, stream
// the same bytes through jsonStream.
func encodeJSON(w io.Writer, v any) error {
	var compact bytes.Buffer
	enc := json.NewEncoder(&compact)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	safe, err := redact.JSON(compact.Bytes())
	if err != nil {
		return err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, safe, "", "  "); err != nil {
		return err
	}
	_, err = w.Write(out.Bytes())
	return err
}

func hopJSON(h checks.Hop) explainHop {
	return explainHop{From: h.From, To: h.To, Verdict: string(h.Verdict), Reason: string(h.Reason),
		Issues: issuesJSON(h.Issues), Warnings: issuesJSON(h.Remarks), Deciding: stmtsJSON(h.Deciding)}
}

func issuesJSON(is []checks.Issue) []explainIssue {
	out := []explainIssue{}
	for _, i := range is {
		out = append(out, explainIssue{Rule: string(i.Rule), Verdict: string(i.Verdict), Message: i.Message, Help: i.Help,
			Keys: i.Keys, Statements: stmtsJSON(i.Statements)})
	}
	return out
}

func stmtsJSON(ss []checks.PolicyStatement) []explainStmt {
	out := []explainStmt{}
	for _, s := range ss {
		j := explainStmt{Effect: s.Effect, Policy: s.Policy, Index: s.Index, Sid: s.Sid}
		if o := s.Origin; o != nil {
			j.Kind, j.Role, j.Name, j.File, j.Line, j.Path = o.Kind, o.Role, o.Name, o.File, o.Line, o.Path
		}
		out = append(out, j)
	}
	return out
}

// ExplainText writes an explanation for people: the chain, then each hop
// with its verdict, what decided it, and how to fix it, then what the last
// role may do, then the verdict.
func ExplainText(w io.Writer, ex *checks.Explanation, opt TextOptions) error {
	p := newTextPrinter(w, opt)
	ref := ex.Reference
	p.printf("%s %s\n", p.style.bold("chain:"), ex.Chain)
	p.printf("%s %s", p.style.bold("statement:"), ex.Statement)
	if ex.Target != "" {
		p.printf(" %s", ex.Target)
	}
	p.printf("\n")
	if c := ex.Cluster; c != nil {
		p.printf("%s %s (account %s, region %s)\n", p.style.bold("cluster:"), c.ID, orDash(c.Account), orDash(c.Region))
	}
	if ex.DBUser != "" {
		p.printf("%s %s\n", p.style.bold("database user:"), ex.DBUser)
	}
	for _, s := range ex.Problems {
		p.printf("\n%s column %d: %s [%s]\n", p.style.severity(s.Severity), s.Column, s.Message, s.Rule)
	}
	for i, h := range ref.Hops {
		p.hop(i, h)
	}
	if op := ref.Operation; op != nil {
		p.printf("\n%s %s\n", p.style.bold("operation:"), orDash(shortRole(op.Role)))
		for _, c := range op.Checks {
			p.check(c)
		}
	}
	for _, f := range ex.Advisories {
		p.printf("\n%s: %s [%s]\n", p.style.severity(f.Severity), f.Message, f.Rule)
		if f.Help != "" {
			p.printf("  help: %s\n", f.Help)
		}
	}
	p.printf("\n%s %s\n", p.style.bold("verdict:"), p.verdictWithReason(ref.Verdict, ref.Reason))
	if op := ref.Operation; op != nil {
		p.printf("%s %s\n", p.style.bold("operation:"), p.verdictWithReason(op.Verdict, op.Reason))
	}
	return p.flush()
}

// verdictWithReason: "fail (trust-missing)", coloured by verdict.
func (p *textPrinter) verdictWithReason(v checks.Verdict, reason checks.RuleID) shown {
	text := string(v)
	if reason != "" {
		text += " (" + string(reason) + ")"
	}
	return p.verdict(v, text)
}

// hop prints one hop: its verdict, its issues and remarks, and the
// statements that decided it.
func (p *textPrinter) hop(i int, h checks.Hop) {
	to := "(the cluster's default role, unknown)"
	if h.To != nil {
		to = *h.To
	}
	p.printf("\n%s %s → %s\n", p.style.bold(fmt.Sprintf("hop %d:", i+1)), shortRole(h.From), to)
	if len(h.Issues) == 0 {
		label := string(h.Verdict)
		if h.Verdict == checks.VerdictUnchecked {
			label += " (no IAM or cluster data)"
		}
		p.printf("  %s\n", p.verdict(h.Verdict, label))
	}
	for _, issue := range h.Issues {
		p.issue(issue)
	}
	for _, remark := range h.Remarks {
		p.issue(remark)
	}
	for _, d := range h.Deciding {
		verb := "allowed"
		if d.Effect == "Deny" {
			verb = "denied"
		}
		p.printf("  %s by %s\n", verb, d.Where())
	}
}

func (p *textPrinter) issue(i checks.Issue) {
	rule := shown("")
	if i.Rule != "" {
		rule = " " + p.style.dim("["+string(i.Rule)+"]")
	}
	label := string(i.Verdict)
	if i.Verdict == checks.VerdictOK {
		label = "warning"
	}
	p.printf("  %s: %s%s\n", p.verdict(i.Verdict, label), i.Message, rule)
	for _, s := range i.Statements {
		p.printf("    decided by %s\n", s.Where())
	}
	if i.Help != "" {
		p.printf("    help: %s\n", i.Help)
	}
}

// check prints one action on one resource: its verdict, why, and what
// decided it.
func (p *textPrinter) check(c checks.Check) {
	p.printf("  %s on %s: %s\n", c.Action, c.Resource, p.verdict(c.Verdict, string(c.Verdict)))
	if c.Message != "" {
		rule := shown("")
		if c.Reason != "" {
			rule = " " + p.style.dim("["+string(c.Reason)+"]")
		}
		p.printf("    %s%s\n", c.Message, rule)
		for _, s := range c.Statements {
			p.printf("      decided by %s\n", s.Where())
		}
		if c.Help != "" {
			p.printf("      help: %s\n", c.Help)
		}
	}
	if c.Verdict == checks.VerdictOK {
		for _, d := range c.Deciding {
			verb := "allowed"
			if d.Effect == "Deny" {
				verb = "denied"
			}
			p.printf("    %s by %s\n", verb, d.Where())
		}
	}
}

func (p *textPrinter) verdict(v checks.Verdict, text string) shown {
	switch v {
	case checks.VerdictOK:
		return p.style.wrap("1;32", text)
	case checks.VerdictFail:
		return p.style.wrap("1;31", text)
	}
	return p.style.wrap("1;33", text)
}

// shortRole is a role ARN's name with its path; other strings unchanged.
func shortRole(s string) string {
	if i := strings.LastIndex(s, ":role/"); i >= 0 {
		return s[i+len(":role/"):]
	}
	return s
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
