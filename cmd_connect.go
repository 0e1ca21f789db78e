package main

import (
	"io"

	"github.com/urfave/cli/v2"

	"github.com/redshift-preflight/redshift-preflight/checks"
	"github.com/redshift-preflight/redshift-preflight/internal/config"
	"github.com/redshift-preflight/redshift-preflight/report"
)

func connectCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:         "connect",
		Usage:        "check that a principal, through a role chain, may get database credentials (GetClusterCredentials)",
		ArgsUsage:    " ",
		Flags:        flagsOf(config.Connect),
		Description:  connectHelp(),
		OnUsageError: onUsageError,
		Action:       func(c *cli.Context) error { return runConnect(e, c) },
	}
}

func runConnect(e *env, c *cli.Context) error {
	if c.NArg() > 0 {
		return usageErrorf("connect takes no arguments, got %q (use --start, --chain, --db-user and --db-name)", c.Args().First())
	}
	s, err := settings(c, config.Connect)
	if err != nil {
		return err
	}
	req, err := connectRequest(s.Connection)
	if err != nil {
		return err
	}
	conn, err := checks.Connect(checks.ConnectOptions{Request: req, Rules: ruleOptions(s), Data: dataOptions(s)})
	if err != nil {
		return usageError(err)
	}
	printNotes(e, conn.Notes)
	err = emit(e, s.Output, func(w io.Writer) error {
		if s.Format == "json" {
			return report.ConnectJSON(w, conn)
		}
		return report.ConnectText(w, conn, report.TextOptions{Color: useColor(e, s.Color, s.Output)})
	})
	if err != nil {
		return err
	}
	if conn.Verdict == checks.VerdictFail {
		return findings
	}
	if sev := failOn(s.FailOn); sev != 0 && conn.Summary.AtOrAbove(sev) > 0 {
		return findings
	}
	return nil
}
