package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/chain"
	"github.com/redshift-preflight/redshift-preflight/checks"
	"github.com/redshift-preflight/redshift-preflight/iam"
	"github.com/redshift-preflight/redshift-preflight/inventory"
)

// Explanation is one chain evaluated hop by hop, for the explain command.
type Explanation struct {
	Chain     string // as given
	Roles     []string
	Statement string
	Target    string // "" when none was given
	Cluster   *inventory.Cluster
	DBUser    string
	Syntax    []ChainProblem // chain syntax problems; hops are not walked when there are any
	Hops      []chain.Hop
	Verdict   string
	Reason    string
	Inventory *inventory.Inventory // to name where each deciding statement came from; may be nil
}

// ChainProblem is a syntax problem of the chain string given to explain.
type ChainProblem struct {
	Rule    string
	Column  int // 1-based, in characters of the chain string
	Message string
}

type explainJSON struct {
	Version   int              `json:"version"`
	Chain     []string         `json:"chain"`
	Statement string           `json:"statement"`
	Target    *string          `json:"target"`
	Cluster   *explainCluster  `json:"cluster"`
	DBUser    *string          `json:"db_user"`
	Syntax    []explainProblem `json:"syntax"`
	Hops      []explainHop     `json:"hops"`
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

// explainStmt names a policy statement: the file, role, policy, and the
// statement's index and Sid.
type explainStmt struct {
	Effect string `json:"effect,omitempty"`
	Policy string `json:"policy"`
	Kind   string `json:"kind,omitempty"`
	Role   string `json:"role,omitempty"`
	Name   string `json:"name,omitempty"`
	File   string `json:"file,omitempty"`
	Path   string `json:"path,omitempty"`
	Index  int    `json:"index"`
	Sid    string `json:"sid,omitempty"`
}

// ExplainJSON writes an explanation as one JSON object.
func ExplainJSON(w io.Writer, ex *Explanation) error {
	out := explainJSON{Version: 1, Chain: nonNil(ex.Roles), Statement: ex.Statement,
		Syntax: []explainProblem{}, Hops: []explainHop{}, Verdict: ex.Verdict, Reason: ex.Reason}
	if ex.Target != "" {
		out.Target = &ex.Target
	}
	if c := ex.Cluster; c != nil {
		out.Cluster = &explainCluster{ID: c.ID, Account: c.Account, Region: c.Region}
	}
	if ex.DBUser != "" {
		out.DBUser = &ex.DBUser
	}
	for _, p := range ex.Syntax {
		out.Syntax = append(out.Syntax, explainProblem(p))
	}
	for _, h := range ex.Hops {
		out.Hops = append(out.Hops, ex.hopJSON(h))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func (ex *Explanation) hopJSON(h chain.Hop) explainHop {
	j := explainHop{From: h.From, Verdict: string(h.Verdict), Reason: h.Reason,
		Issues: []explainIssue{}, Warnings: []explainIssue{}, Deciding: []explainStmt{}}
	if h.To != "" {
		to := h.To
		j.To = &to
	}
	for _, i := range h.Issues {
		j.Issues = append(j.Issues, ex.issueJSON(i))
	}
	for _, i := range h.Warnings {
		j.Warnings = append(j.Warnings, ex.issueJSON(i))
	}
	for _, d := range h.Deciding {
		s := ex.stmt(d.Ref.Policy, d.Ref.Index, d.Ref.Sid)
		s.Effect = effectName(d.Effect == iam.Deny)
		j.Deciding = append(j.Deciding, s)
	}
	return j
}

func effectName(deny bool) string {
	if deny {
		return "Deny"
	}
	return "Allow"
}

func (ex *Explanation) issueJSON(i chain.Issue) explainIssue {
	j := explainIssue{Rule: i.Reason, Verdict: string(i.Verdict), Message: i.Message, Help: i.Help, Keys: i.Keys, Statements: []explainStmt{}}
	for _, r := range i.Statements {
		j.Statements = append(j.Statements, ex.stmt(r.Policy, r.Index, r.Sid))
	}
	return j
}

func (ex *Explanation) stmt(label string, index int, sid string) explainStmt {
	s := explainStmt{Policy: label, Index: index, Sid: sid}
	if ex.Inventory != nil {
		if o, ok := ex.Inventory.Origin(label); ok {
			s.Kind, s.Role, s.Name, s.File, s.Path = string(o.Kind), o.Role, o.Name, o.Source.File, o.Source.Path
		}
	}
	return s
}

// ExplainText writes an explanation for people: the chain, then each hop
// with its verdict, what decided it, and how to fix it.
func ExplainText(w io.Writer, ex *Explanation, opt TextOptions) error {
	p := &textPrinter{w: w, style: newStyle(opt.Color)}
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
	for _, s := range ex.Syntax {
		p.printf("\n%s column %d: %s [%s]\n", p.style.severity(checks.Error), s.Column, s.Message, s.Rule)
	}
	for i, h := range ex.Hops {
		ex.hopText(p, i, h)
	}
	verdict := ex.Verdict
	if ex.Reason != "" {
		verdict += " (" + ex.Reason + ")"
	}
	p.printf("\n%s %s\n", p.style.bold("verdict:"), p.verdict(ex.Verdict, verdict))
	return p.err
}

func (ex *Explanation) hopText(p *textPrinter, i int, h chain.Hop) {
	to := h.To
	if to == "" {
		to = "(the cluster's default role, unknown)"
	}
	p.printf("\n%s %s → %s\n", p.style.bold(fmt.Sprintf("hop %d:", i+1)), shortRole(h.From), to)
	if len(h.Issues) == 0 {
		p.printf("  %s\n", p.verdict("ok", "ok"))
	}
	for _, issue := range h.Issues {
		ex.issueText(p, issue)
	}
	for _, warn := range h.Warnings {
		ex.issueText(p, warn)
	}
	for _, d := range h.Deciding {
		verb := "allowed"
		if d.Effect == iam.Deny {
			verb = "denied"
		}
		p.printf("  %s by %s\n", verb, ex.where(d.Ref.Policy, d.Ref.Index, d.Ref.Sid))
	}
}

func (ex *Explanation) issueText(p *textPrinter, i chain.Issue) {
	rule := ""
	if i.Reason != "" {
		rule = " " + p.style.dim("["+i.Reason+"]")
	}
	label := string(i.Verdict)
	if i.Verdict == chain.VerdictOK {
		label = "warning"
	}
	p.printf("  %s: %s%s\n", p.verdict(string(i.Verdict), label), i.Message, rule)
	for _, r := range i.Statements {
		p.printf("    decided by %s\n", ex.where(r.Policy, r.Index, r.Sid))
	}
	if i.Help != "" {
		p.printf("    help: %s\n", i.Help)
	}
}

// where spells a statement: statement 0 ("Sid") of <policy> (file: path).
func (ex *Explanation) where(label string, index int, sid string) string {
	s := fmt.Sprintf("statement %d", index)
	if sid != "" {
		s += fmt.Sprintf(" (%q)", sid)
	}
	s += " of " + label
	if ex.Inventory != nil {
		if o, ok := ex.Inventory.Origin(label); ok {
			s += fmt.Sprintf(" [%s]", o.Source)
		}
	}
	return s
}

func (p *textPrinter) verdict(v, text string) string {
	switch v {
	case "ok":
		return p.style.wrap("1;32", text)
	case "fail":
		return p.style.wrap("1;31", text)
	}
	return p.style.wrap("1;33", text)
}

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
