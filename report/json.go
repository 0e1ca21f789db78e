package report

import (
	"io"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/redshift-preflight/redshift-preflight/checks"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// Tool identifies the program in machine-readable output.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonRef struct {
	ID          int         `json:"id"`
	File        string      `json:"file"`
	Statement   string      `json:"statement"`
	Clause      string      `json:"clause"`
	Line        int         `json:"line"`
	Column      int         `json:"column"`
	ValueLine   int         `json:"value_line"`
	ValueColumn int         `json:"value_column"`
	Roles       []string    `json:"roles"`
	Target      *jsonTarget `json:"target"`
	Verdict     string      `json:"verdict"`
	Reason      string      `json:"reason,omitempty"`
	Hops        []jsonHop   `json:"hops"`
	Operation   *jsonOp     `json:"operation,omitempty"`
}

// jsonOp is SPEC §9's operation block, present only when it was evaluated.
type jsonOp struct {
	Checks  []jsonOpCheck `json:"checks"`
	Verdict string        `json:"verdict"`
	Reason  string        `json:"reason,omitempty"`
}

type jsonOpCheck struct {
	Action   string `json:"action"`
	Resource string `json:"resource"`
	Verdict  string `json:"verdict"`
	Reason   string `json:"reason,omitempty"`
}

type jsonTarget struct {
	Kind string `json:"kind"`
	URI  string `json:"uri"`
}

type jsonHop struct {
	From     string   `json:"from"`
	To       *string  `json:"to"`
	Verdict  string   `json:"verdict"`
	Reason   string   `json:"reason,omitempty"`
	Warnings []string `json:"warnings"`
}

type jsonFinding struct {
	Rule      string `json:"rule"`
	Severity  string `json:"severity"`
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"end_line"`
	EndColumn int    `json:"end_column"`
	Message   string `json:"message"`
	Reference *int   `json:"reference,omitempty"`
}

type jsonSummary struct {
	Files      int `json:"files"`
	Statements int `json:"statements"`
	References int `json:"references"`
	Errors     int `json:"errors"`
	Warnings   int `json:"warnings"`
	Infos      int `json:"infos"`
	// The references by outcome, as the text summary counts them: ok +
	// fail + unknown + not_checked = references.
	OK         int `json:"ok"`
	Fail       int `json:"fail"`
	Unknown    int `json:"unknown"`
	NotChecked int `json:"not_checked"`
	// NotCheckedByCause has every cause, 0 included, so that the keys are
	// always there.
	NotCheckedByCause map[string]int `json:"not_checked_by_cause"`
	DynamicSQL        int            `json:"dynamic_sql"` // statements built at run time, not references
}

// JSON writes the report of SPEC §7: one object, arrays never null. It
// is streamed: a reference or a finding at a time, never the whole report
// in memory.
func JSON(w io.Writer, tool Tool, res *checks.Results) error {
	s := newJSONStream(w)
	s.token(jsontext.BeginObject)
	s.member("version", 1)
	s.member("tool", tool)
	s.array("references", func() {
		for _, fr := range res.Files {
			for _, r := range fr.References {
				s.value(jsonReference(fr.File, r))
			}
		}
	})
	s.array("findings", func() {
		for _, fr := range res.Files {
			for _, f := range fr.Findings {
				s.value(jsonFindingOf(f))
			}
		}
	})
	s.member("summary", jsonSummaryOf(res.Summary))
	s.token(jsontext.EndObject)
	return s.err
}

func jsonSummaryOf(s checks.Summary) jsonSummary {
	causes := map[string]int{}
	for _, c := range checks.Causes {
		causes[string(c)] = s.NotChecked[c]
	}
	return jsonSummary{Files: s.Files, Statements: s.Statements, References: s.References,
		Errors: s.Errors, Warnings: s.Warnings, Infos: s.Infos,
		OK: s.OK, Fail: s.Fail, Unknown: s.Unknown, NotChecked: s.NotCheckedRefs(),
		NotCheckedByCause: causes, DynamicSQL: s.DynamicSQL}
}

func jsonReference(f *sqlparse.File, r *checks.Reference) jsonRef {
	kw, val := f.Position(r.Keyword.Start), f.Position(r.Value.Start)
	jr := jsonRef{
		ID: r.ID, File: f.Name, Statement: r.Statement, Clause: r.Clause,
		Line: kw.Line, Column: kw.Column, ValueLine: val.Line, ValueColumn: val.Column,
		Roles: nonNil(r.Roles), Verdict: string(r.Verdict), Reason: string(r.Reason), Hops: jsonHops(r.Hops),
	}
	if t := r.Target; t != nil {
		jr.Target = &jsonTarget{Kind: t.Kind, URI: t.URI}
	}
	if op := r.Operation; op != nil {
		jr.Operation = &jsonOp{Checks: jsonChecks(op.Checks), Verdict: string(op.Verdict), Reason: string(op.Reason)}
	}
	return jr
}

func jsonChecks(cs []checks.Check) []jsonOpCheck {
	out := []jsonOpCheck{}
	for _, c := range cs {
		out = append(out, jsonOpCheck{Action: c.Action, Resource: c.Resource, Verdict: string(c.Verdict), Reason: string(c.Reason)})
	}
	return out
}

func jsonHops(hops []checks.Hop) []jsonHop {
	out := []jsonHop{}
	for _, h := range hops {
		out = append(out, jsonHop{From: h.From, To: h.To, Verdict: string(h.Verdict), Reason: string(h.Reason), Warnings: ruleIDs(h.Warnings)})
	}
	return out
}

func ruleIDs(ids []checks.RuleID) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = string(id)
	}
	return out
}

func jsonFindingOf(f checks.Finding) jsonFinding {
	start, end := f.File.Position(f.Span.Start), f.File.Position(f.Span.End)
	jf := jsonFinding{
		Rule: string(f.Rule), Severity: f.Severity.String(), File: f.File.Name,
		Line: start.Line, Column: start.Column, EndLine: end.Line, EndColumn: end.Column,
		Message: f.Message,
	}
	if f.Reference >= 0 {
		ref := f.Reference
		jf.Reference = &ref
	}
	return jf
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
