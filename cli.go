package main

import (
	"bufio"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/redshift-preflight/redshift-preflight/checks"
	"github.com/redshift-preflight/redshift-preflight/internal/config"
	"github.com/redshift-preflight/redshift-preflight/internal/files"
)

// usageSuffixes complete the usage of options whose values the checks
// package knows.
var usageSuffixes = map[string]string{
	"statement": ": " + strings.Join(checks.StatementNames(), ", "),
}

// flagsOf builds a command's urfave/cli flags from the option table.
func flagsOf(cmd config.Command) []cli.Flag {
	var out []cli.Flag
	for _, o := range config.Flags(cmd) {
		o.Usage += usageSuffixes[o.Flag]
		switch {
		case o.Kind == config.Bool:
			out = append(out, &cli.BoolFlag{Name: o.Flag, Usage: o.Usage})
		case o.Kind == config.Int:
			n, _ := strconv.Atoi(o.Default)
			out = append(out, &cli.IntFlag{Name: o.Flag, Value: n, Usage: o.Usage})
		case o.Repeatable:
			// urfave/cli trims every value of a slice flag unless told not to.
			out = append(out, &cli.StringSliceFlag{Name: o.Flag, Usage: o.Usage, KeepSpace: o.Verbatim})
		default:
			out = append(out, &cli.StringFlag{Name: o.Flag, Value: o.Default, Usage: o.Usage})
		}
	}
	return out
}

// flagReader is urfave/cli's context as internal/config reads it.
type flagReader struct{ *cli.Context }

func (c flagReader) Args() []string { return c.Context.Args().Slice() }

// settings are a command's options: the flags, then the configuration
// file, then the defaults.
func settings(c *cli.Context, cmd config.Command) (*config.Settings, error) {
	wd, err := os.Getwd()
	if err != nil {
		return nil, usageErrorf("cannot find the working directory: %v", err)
	}
	cfg, err := config.Load(flagReader{c}, wd)
	if err != nil {
		return nil, usageError(err)
	}
	s, err := config.Resolve(cmd, cfg, flagReader{c}, checks.RuleIDs())
	if err != nil {
		return nil, usageError(err)
	}
	return s, nil
}

// ruleOptions are the settings' rule selection and severities.
func ruleOptions(s *config.Settings) checks.RuleOptions {
	o := checks.RuleOptions{MaxChain: s.MaxChain, Severity: map[checks.RuleID]checks.Severity{}}
	for _, id := range s.Enable {
		o.Enable = append(o.Enable, checks.RuleID(id))
	}
	for _, id := range s.Disable {
		o.Disable = append(o.Disable, checks.RuleID(id))
	}
	for id, level := range s.Severity {
		sev, _ := checks.ParseSeverity(level) // the option table allows only valid levels
		o.Severity[checks.RuleID(id)] = sev
	}
	return o
}

func dataOptions(s *config.Settings) checks.DataOptions {
	return checks.DataOptions{IAM: s.IAM, Cluster: s.Cluster, ClusterID: s.ClusterID, DBUser: s.DBUser, Limits: s.Limits}
}

func assumeRole(s *config.Settings) checks.AssumeRoleConfig {
	a := s.AssumeRole
	return checks.AssumeRoleConfig{User: s.DBUser, Restricted: a.Restricted, Groups: a.Groups, Roles: a.Roles, Superuser: a.Superuser}
}

// failOn is the lowest severity that makes the exit code 1; 0 for none.
func failOn(level string) checks.Severity {
	sev, err := checks.ParseSeverity(level)
	if err != nil { // "none"
		return 0
	}
	return sev
}

// useColor decides whether text output is coloured: always, never, or
// (auto) when stdout is a terminal and NO_COLOR is not set.
func useColor(e *env, mode, output string) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	if output != "" || os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	f := stdoutFile(e.stdout)
	if f == nil {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// printNotes writes what the data cannot support to stderr.
func printNotes(e *env, notes []string) {
	for _, n := range notes {
		printLine(e.stderr, "note: ", n)
	}
}

// emit writes the printed output to stdout as it is printed, or to the
// --output file, which keeps the previous report until the new one is
// whole (files.WriteFile prints into a new file renamed over it). Nothing
// is held whole in memory: the printers fail only when writing fails, and
// then the command fails (exit 2) whatever has been written.
func emit(e *env, output string, print func(io.Writer) error) error {
	if output == "" {
		return printBuffered(e.stdout, print)
	}
	err := files.WriteFile(output, func(w io.Writer) error { return printBuffered(w, print) })
	if err != nil {
		return usageErrorf("cannot write --output %s: %v", output, pathErr(err))
	}
	return nil
}

// printBuffered prints to w in large writes: the printers write a
// member or a line at a time.
func printBuffered(w io.Writer, print func(io.Writer) error) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := print(bw); err != nil {
		return err
	}
	return bw.Flush()
}
