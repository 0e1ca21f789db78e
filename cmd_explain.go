package main

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/urfave/cli/v2"

	"github.com/redshift-preflight/redshift-preflight/chain"
	"github.com/redshift-preflight/redshift-preflight/checks"
	"github.com/redshift-preflight/redshift-preflight/redshift"
	"github.com/redshift-preflight/redshift-preflight/report"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

func explainCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "explain",
		Usage:     "evaluate one role chain hop by hop and show what decided each hop",
		ArgsUsage: "CHAIN  ('arnA,arnB' or default)",
		Flags: append(append(dataFlags(),
			&cli.StringFlag{Name: "statement", Value: "COPY", Usage: "the statement the chain is used in: " + kindList()},
			&cli.StringFlag{Name: "target", Usage: "what the statement reads or writes, e.g. s3://bucket/prefix"},
			&cli.StringFlag{Name: "format", Value: "text", Usage: "output format: text, json, mermaid or dot"},
			&cli.StringFlag{Name: "output", Usage: "write the explanation to `FILE` instead of stdout"},
			&cli.IntFlag{Name: "max-chain", Value: 10, Usage: "longest allowed role chain"},
			&cli.StringFlag{Name: "color", Value: "auto", Usage: "colour in text output: auto, always or never"},
		), configFlags()...),
		OnUsageError: onUsageError,
		Action:       func(c *cli.Context) error { return runExplain(e, c) },
	}
}

func kindList() string {
	var names []string
	for _, k := range redshift.Kinds() {
		names = append(names, k.String())
	}
	return strings.Join(names, ", ")
}

func runExplain(e *env, c *cli.Context) error {
	if err := rejectFlagsAfterPaths(e.rawArgs, c.Args().Slice()); err != nil {
		return err
	}
	if c.NArg() != 1 {
		return usageErrorf("explain takes one chain: 'arn:aws:iam::111111111111:role/A,arn:aws:iam::222222222222:role/B' or default")
	}
	stmt, err := parseStatementKind(c.String("statement"))
	if err != nil {
		return err
	}
	format := c.String("format")
	if format != "text" && format != "json" && format != "mermaid" && format != "dot" {
		return usageErrorf("unknown --format %q (want text, json, mermaid or dot)", format)
	}
	s, err := newSettings(c)
	if err != nil {
		return err
	}
	color, err := useColor(s.String("color"), c.String("output"), e.stdout)
	if err != nil {
		return err
	}
	world, err := loadWorld(e, s)
	if err != nil {
		return err
	}
	if world == nil {
		return usageErrorf("explain needs IAM or cluster data: pass --iam and --cluster")
	}
	value := c.Args().First()
	named := append(strings.Split(value, ","), defaultRole(world))
	for i := range named {
		named[i] = strings.TrimSpace(named[i])
	}
	if err := world.Inventory.Decode(named...); err != nil { // before the walk reads them
		return &exitError{code: exitUsage, msg: err.Error()}
	}
	ex := explainChain(value, stmt, s.Int("max-chain"), world)
	ex.Target, ex.Inventory = c.String("target"), world.Inventory
	var buf bytes.Buffer
	switch format {
	case "json":
		err = report.ExplainJSON(&buf, ex)
	case "mermaid":
		err = report.Mermaid(&buf, ex)
	case "dot":
		err = report.DOT(&buf, ex)
	default:
		err = report.ExplainText(&buf, ex, report.TextOptions{Color: color})
	}
	if err != nil {
		return err
	}
	if err := emit(e, c.String("output"), buf.Bytes()); err != nil {
		return err
	}
	if ex.Verdict == "fail" {
		return &exitError{code: exitFindings}
	}
	return nil
}

func defaultRole(w *chain.World) string {
	if w.Cluster == nil {
		return ""
	}
	return w.Cluster.Default
}

func parseStatementKind(s string) (redshift.StatementKind, error) {
	if k, ok := redshift.ParseStatementKind(s); ok {
		return k, nil
	}
	return 0, usageErrorf("unknown --statement %q (want one of %s)", s, kindList())
}

// explainChain checks the chain's syntax like check does, then walks it.
func explainChain(value string, stmt redshift.StatementKind, maxChain int, w *chain.World) *report.Explanation {
	ex := &report.Explanation{Chain: value, Statement: stmt.String(), Cluster: w.Cluster, DBUser: w.DBUser}
	st := sqlparse.Statement{Kind: stmt}
	if strings.EqualFold(strings.TrimSpace(value), "default") {
		ex.Roles = []string{"default"}
		if !st.AllowsDefault() {
			ex.Syntax = append(ex.Syntax, report.ChainProblem{Rule: "default-not-allowed", Column: 1,
				Message: "IAM_ROLE default is not allowed in " + stmt.String()})
		}
	} else {
		elems, probs := chain.Split(value, nil)
		probs = append(probs, chain.Check(elems, maxChain, st.AllowsSession())...)
		for _, p := range probs {
			ex.Syntax = append(ex.Syntax, report.ChainProblem{Rule: p.Kind.String(),
				Column: utf8.RuneCountInString(value[:p.Span.Start]) + 1, Message: p.Message})
		}
		for _, el := range elems {
			ex.Roles = append(ex.Roles, el.Text)
		}
	}
	var failed []string
	for _, p := range ex.Syntax {
		failed = append(failed, p.Rule)
	}
	if !onlyTooLong(ex.Syntax) { // a broken chain is not walked, as in check
		v, reason := checks.ChainVerdict(failed, nil)
		ex.Verdict, ex.Reason = string(v), reason
		return ex
	}
	ex.Hops = chain.Walk(*w, ex.Roles, nil)
	v, reason := checks.ChainVerdict(failed, ex.Hops)
	ex.Verdict, ex.Reason = string(v), reason
	return ex
}

// onlyTooLong: every problem is the chain's length, which still lets the
// hops be walked (iam-semantics.md §9).
func onlyTooLong(ps []report.ChainProblem) bool {
	for _, p := range ps {
		if p.Rule != "chain-too-long" {
			return false
		}
	}
	return true
}
