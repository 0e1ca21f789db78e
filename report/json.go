// Package report prints check results. Every printer is a pure function of
// the results: one file per format, no side effects beyond the writer.
package report

import (
	"encoding/json"
	"io"

	"github.com/redshift-preflight/redshift-preflight/checks"
	"github.com/redshift-preflight/redshift-preflight/redshift"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// Tool identifies the program in machine-readable output.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonReport struct {
	Version    int           `json:"version"`
	Tool       Tool          `json:"tool"`
	References []jsonRef     `json:"references"`
	Findings   []jsonFinding `json:"findings"`
	Summary    jsonSummary   `json:"summary"`
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
}

// JSON writes the report of SPEC §7: one object, arrays never null.
func JSON(w io.Writer, tool Tool, res *checks.Results) error {
	out := jsonReport{Version: 1, Tool: tool, References: []jsonRef{}, Findings: []jsonFinding{}}
	for _, fr := range res.Files {
		for _, cr := range fr.References {
			out.References = append(out.References, jsonReference(fr.File, cr))
		}
		for _, f := range fr.Findings {
			out.Findings = append(out.Findings, jsonFindingOf(f))
		}
	}
	s := res.Summary
	out.Summary = jsonSummary{s.Files, s.Statements, s.References, s.Errors, s.Warnings, s.Infos}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func jsonReference(f *sqlparse.File, cr *checks.CheckedReference) jsonRef {
	ref := cr.Info.Ref
	kw, val := f.Position(ref.Keyword.Start), f.Position(ref.Value.Span.Start)
	if ref.Clause == redshift.ClauseNone {
		val = kw
	}
	jr := jsonRef{
		ID: cr.ID, File: f.Name, Statement: cr.Statement.Kind.String(), Clause: ref.Clause.String(),
		Line: kw.Line, Column: kw.Column, ValueLine: val.Line, ValueColumn: val.Column,
		Roles: nonNil(cr.Roles), Verdict: string(cr.Verdict), Reason: cr.Reason,
	}
	if ref.Target != nil {
		jr.Target = &jsonTarget{Kind: ref.Target.Kind.String(), URI: ref.Target.URI}
	}
	jr.Hops = jsonHops(cr.Hops)
	if op := cr.Operation; op != nil {
		jr.Operation = &jsonOp{Checks: []jsonOpCheck{}, Verdict: string(op.Verdict), Reason: op.Reason}
		for _, c := range op.Checks {
			jr.Operation.Checks = append(jr.Operation.Checks, jsonOpCheck{Action: c.Action, Resource: c.Resource, Verdict: string(c.Verdict), Reason: c.Reason})
		}
	}
	return jr
}

func jsonHops(hops []checks.Hop) []jsonHop {
	out := []jsonHop{}
	for _, h := range hops {
		out = append(out, jsonHop{From: h.From, To: h.To, Verdict: string(h.Verdict), Reason: h.Reason, Warnings: nonNil(h.Warnings)})
	}
	return out
}

func jsonFindingOf(f checks.Finding) jsonFinding {
	start, end := f.File.Position(f.Span.Start), f.File.Position(f.Span.End)
	jf := jsonFinding{
		Rule: f.Rule, Severity: f.Severity.String(), File: f.File.Name,
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
