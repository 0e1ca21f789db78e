package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"text/tabwriter"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"github.com/urfave/cli/v2"

	"github.com/redshift-preflight/redshift-preflight/checks"
	"github.com/redshift-preflight/redshift-preflight/internal/suggest"
)

const version = "0.1.0"

func rulesCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:         "rules",
		Usage:        "list the rule catalogue, or print one rule's documentation",
		ArgsUsage:    "[RULE]",
		OnUsageError: onUsageError,
		Action: func(c *cli.Context) error {
			switch c.NArg() {
			case 0:
				return listRules(e)
			case 1:
				return describeRule(e, c.Args().First())
			}
			return usageErrorf("rules takes at most one rule id")
		},
	}
}

func listRules(e *env) error {
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tSEVERITY\tTITLE")
	for _, r := range checks.Rules() {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.ID, r.Severity, r.Title)
	}
	return tw.Flush()
}

func describeRule(e *env, id string) error {
	r := checks.Lookup(checks.RuleID(id))
	if r == nil {
		return usageErrorf("unknown rule %q%s (see 'redshift-preflight rules')", id, suggest.Hint(id, checks.RuleIDs(), "%q"))
	}
	fmt.Fprintf(e.stdout, "%s (%s): %s\n\n%s\n", r.ID, r.Severity, r.Title, strings.TrimSpace(r.Doc))
	return nil
}

func versionCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "version",
		Usage: "print the version, the Go version and the pg_query version",
		Action: func(c *cli.Context) error {
			fmt.Fprintf(e.stdout, "redshift-preflight %s\ngo %s\npg_query_go %s (PostgreSQL %s scanner)\n",
				version, strings.TrimPrefix(runtime.Version(), "go"), moduleVersion("github.com/pganalyze/pg_query_go/v5"), postgresVersion())
			return nil
		},
	}
}

func moduleVersion(path string) string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, m := range info.Deps {
			if m.Path == path {
				return m.Version
			}
		}
	}
	return "(unknown)"
}

// postgresVersion asks libpg_query which PostgreSQL grammar it carries.
func postgresVersion() string {
	res, err := pg_query.Parse("SELECT 1")
	if err != nil {
		return "?"
	}
	v := res.GetVersion() // e.g. 160001
	return fmt.Sprintf("%d.%d", v/10000, v%100)
}
