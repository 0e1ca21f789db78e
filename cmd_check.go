package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/redshift-preflight/redshift-preflight/checks"
	"github.com/redshift-preflight/redshift-preflight/internal/config"
	"github.com/redshift-preflight/redshift-preflight/internal/dbt"
	"github.com/redshift-preflight/redshift-preflight/internal/files"
	"github.com/redshift-preflight/redshift-preflight/internal/liquibase"
	"github.com/redshift-preflight/redshift-preflight/internal/projectvars"
	"github.com/redshift-preflight/redshift-preflight/internal/sqitch"
	"github.com/redshift-preflight/redshift-preflight/report"
)

func checkCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:         "check",
		Usage:        "check SQL files (a file, a directory of *.sql, a glob, or - for stdin)",
		ArgsUsage:    "[PATH...]",
		Flags:        flagsOf(config.Check),
		Description:  checkHelp(),
		OnUsageError: onUsageError,
		Action:       func(c *cli.Context) error { return runCheck(e, c) },
	}
}

func runCheck(e *env, c *cli.Context) error {
	s, err := settings(c, config.Check)
	if err != nil {
		return err
	}
	opts, err := runOptions(e, s)
	if err != nil {
		return err
	}
	res, err := checks.Run(opts)
	if err != nil {
		return usageError(err)
	}
	printNotes(e, res.Notes)
	tool := report.Tool{Name: "redshift-preflight", Version: version}
	err = emit(e, s.Output, func(w io.Writer) error {
		switch s.Format {
		case "json":
			return report.JSON(w, tool, res)
		case "sarif":
			return report.SARIF(w, tool, res)
		case "github":
			return report.GitHub(w, res)
		}
		return report.Text(w, res, report.TextOptions{Color: useColor(e, s.Color, s.Output)})
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stderr, report.Summary(res.Summary))
	return checkExit(e, s, res.Summary)
}

// checkExit is findings when findings reach --fail-on, or when anything
// could not be checked and --fail-on-unchecked is set (which says so).
func checkExit(e *env, s *config.Settings, sum checks.Summary) error {
	if sev := failOn(s.FailOn); sev != 0 && sum.AtOrAbove(sev) > 0 {
		return findings
	}
	if n := sum.Unchecked(); s.FailOnUnchecked && n > 0 {
		fmt.Fprintf(e.stderr, "--fail-on-unchecked: %d not checked\n", n)
		return findings
	}
	return nil
}

// runOptions turns check's settings into the pipeline's options: the SQL
// inputs, the placeholder values, the rules, the data and the
// configuration's connections.
func runOptions(e *env, s *config.Settings) (checks.RunOptions, error) {
	inputs, err := config.Expand(s.Paths, s.Exclude, layouts(s)...)
	if err != nil {
		return checks.RunOptions{}, usageError(err)
	}
	opts := checks.RunOptions{Vars: s.Vars, Manifests: s.Manifests, Rules: ruleOptions(s), Data: dataOptions(s),
		AssumeRole: assumeRole(s), Limits: s.Limits,
		Project: projectvars.NewFinder(projectvars.Options{FlywayEnvironment: s.FlywayEnvironment,
			Environ: os.Environ(), DbtVars: s.DbtVars, Limit: s.Limits.Of(files.Config)})}
	for _, in := range inputs {
		src := checks.Source{Name: in.Name, Path: in.Path, Prepare: in.Prepare, Step: in.Step}
		if in.Stdin {
			src = checks.Source{Name: s.StdinFilename, Reader: e.stdin}
		}
		opts.Sources = append(opts.Sources, src)
	}
	if opts.Connections, err = connectionsFile(s); err != nil {
		return checks.RunOptions{}, err
	}
	return opts, nil
}

// layouts are the migration tools whose project layouts check knows:
// which directories hold no sources, which other files hold SQL, and the
// order their files run in.
func layouts(s *config.Settings) []config.Layout {
	return []config.Layout{
		sqitch.New(s.Limits.Of(files.Config)),
		&dbt.Layout{Compiled: s.DbtCompiled, Limit: s.Limits.Of(files.Config)},
		liquibase.New(s.Exclude, s.Limits, s.Vars),
	}
}

// connectionsFile is the configuration's [[connections]], each validated
// so that a bad one is reported where it is written; nil when there are none.
func connectionsFile(s *config.Settings) (*checks.ConnectionsFile, error) {
	if len(s.Connections) == 0 {
		return nil, nil
	}
	cf := &checks.ConnectionsFile{Path: s.Config.Path, Data: s.Config.Data}
	for _, c := range s.Connections {
		req, err := connectRequest(c)
		if err != nil {
			return nil, err
		}
		cf.Entries = append(cf.Entries, checks.ConnectionEntry{Request: req, HeaderStart: c.Header.Start.Offset, HeaderEnd: c.Header.End.Offset})
	}
	return cf, nil
}

// connectRequest is a connection from flags or configuration, validated;
// an error names the flag or the configuration key.
func connectRequest(c config.Connection) (checks.ConnectRequest, error) {
	req := checks.ConnectRequest{Start: c.Start, Chain: c.Chain, DBUser: c.DBUser, DBName: c.DBName,
		DBGroups: c.DBGroups, AutoCreate: c.AutoCreate}
	var fe *checks.FieldError
	if err := req.Validate(); errors.As(err, &fe) {
		return req, usageError(c.Errorf(fe.Field, "%s", fe.Msg))
	}
	return req, nil
}

// pathErr drops the path and operation Go puts in file errors, because our
// messages already name the file.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
