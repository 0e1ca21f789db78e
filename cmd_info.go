package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"text/tabwriter"

	pgparser "github.com/pganalyze/pg_query_go/v5/parser"
	"github.com/urfave/cli/v2"
	"google.golang.org/protobuf/encoding/protowire"

	"github.com/redshift-preflight/redshift-preflight/checks"
	"github.com/redshift-preflight/redshift-preflight/internal/suggest"
)

const version = "0.1.0"

func rulesCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:         "rules",
		Usage:        "list the rule catalogue, or print one rule's documentation",
		ArgsUsage:    "[RULE]",
		Description:  rulesHelp(),
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
		Name:        "version",
		Usage:       "print the version, the Go version and the pg_query version",
		Description: versionHelp(),
		Action: func(c *cli.Context) error {
			printVersion(e)
			fmt.Fprintf(e.stdout, "go %s\npg_query_go %s (PostgreSQL %s scanner)\n",
				strings.TrimPrefix(runtime.Version(), "go"), moduleVersion("github.com/pganalyze/pg_query_go/v5"), postgresVersion())
			return nil
		},
	}
}

// printVersion writes what --version prints: the version the reports
// carry, and the module version and revision the build recorded.
func printVersion(e *env) {
	info, _ := debug.ReadBuildInfo()
	fmt.Fprintf(e.stdout, "redshift-preflight %s\n%s\n", version, buildLine(info))
}

// buildLine is the main module's path and version as the build recorded
// them — a tag (v1.2.0) when installed with go install …@version, "(devel)"
// when built from a checkout — with the VCS revision, and "modified" for a
// build of uncommitted changes, when the build recorded them.
func buildLine(info *debug.BuildInfo) string {
	if info == nil {
		return "module (unknown)"
	}
	path, v := info.Main.Path, info.Main.Version
	if path == "" {
		path = "github.com/redshift-preflight/redshift-preflight"
	}
	if v == "" {
		v = "(devel)"
	}
	line := "module " + path + " " + v
	for _, s := range info.Settings {
		switch {
		case s.Key == "vcs.revision":
			line += ", revision " + s.Value
		case s.Key == "vcs.modified" && s.Value == "true":
			line += ", modified"
		}
	}
	return line
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
	pb, err := pgparser.ParseToProtobuf("SELECT 1")
	if err != nil {
		return "?"
	}
	v, ok := parseResultVersion(pb) // e.g. 160001
	if !ok {
		return "?"
	}
	return fmt.Sprintf("%d.%d", v/10000, v%100)
}

// parseResultVersion reads field 1, int32 version, of pg_query's
// ParseResult message with protowire: the root pg_query package's generated
// types would link protobuf-go's registry into every start of the command.
func parseResultVersion(b []byte) (version int32, ok bool) {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return 0, false
		}
		b = b[n:]
		if num == 1 && typ == protowire.VarintType {
			var v uint64
			v, n = protowire.ConsumeVarint(b)
			version, ok = int32(v), true
		} else {
			n = protowire.ConsumeFieldValue(num, typ, b)
		}
		if n < 0 {
			return 0, false
		}
		b = b[n:]
	}
	return version, ok
}
