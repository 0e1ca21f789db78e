package main

import (
	"io"

	"github.com/urfave/cli/v2"

	"github.com/redshift-preflight/redshift-preflight/checks"
	"github.com/redshift-preflight/redshift-preflight/internal/config"
	"github.com/redshift-preflight/redshift-preflight/report"
)

func explainCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:         "explain",
		Usage:        "check one role chain as check would, and show what decided each hop",
		ArgsUsage:    "CHAIN  ('arnA,arnB' or default)",
		Flags:        flagsOf(config.Explain),
		Description:  explainHelp(),
		OnUsageError: onUsageError,
		Action:       func(c *cli.Context) error { return runExplain(e, c) },
	}
}

func runExplain(e *env, c *cli.Context) error {
	s, err := settings(c, config.Explain)
	if err != nil {
		return err
	}
	if c.NArg() != 1 {
		return usageErrorf("explain takes one chain: 'arn:aws:iam::111111111111:role/A,arn:aws:iam::222222222222:role/B' or default")
	}
	ex, err := checks.Explain(checks.ExplainOptions{Chain: c.Args().First(), Statement: s.Statement, Target: s.Target,
		Rules: ruleOptions(s), Data: dataOptions(s), AssumeRole: assumeRole(s)})
	if err != nil {
		return usageError(err)
	}
	printNotes(e, ex.Notes)
	err = emit(e, s.Output, func(w io.Writer) error {
		switch s.Format {
		case "json":
			return report.ExplainJSON(w, ex)
		case "mermaid":
			return report.Mermaid(w, ex)
		case "dot":
			return report.DOT(w, ex)
		}
		return report.ExplainText(w, ex, report.TextOptions{Color: useColor(e, s.Color, s.Output)})
	})
	if err != nil {
		return err
	}
	if ex.Summary.AtOrAbove(checks.Error) > 0 {
		return findings
	}
	return nil
}
