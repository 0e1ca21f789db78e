package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"

	"github.com/urfave/cli/v2"

	"github.com/redshift-preflight/redshift-preflight/chain"
	"github.com/redshift-preflight/redshift-preflight/checks"
	"github.com/redshift-preflight/redshift-preflight/report"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

func checkCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "check",
		Usage:     "check SQL files (a file, a directory of *.sql, a glob, or - for stdin)",
		ArgsUsage: "[PATH...]",
		Flags: append(append(dataFlags(),
			&cli.StringSliceFlag{Name: "var", Usage: "placeholder value NAME=VALUE (repeatable)"},
			&cli.StringFlag{Name: "vars-file", Usage: "placeholder values: NAME=VALUE lines or a JSON object"},
			&cli.StringFlag{Name: "format", Value: "text", Usage: "output format: text, json, sarif (SARIF 2.1.0 for code scanning) or github (workflow commands)"},
			&cli.StringFlag{Name: "output", Usage: "write the report to `FILE` instead of stdout"},
			&cli.StringFlag{Name: "fail-on", Value: "error", Usage: "lowest severity that makes the exit code 1: error, warning, info or none"},
			&cli.StringSliceFlag{Name: "enable", Usage: "run these opt-in rules (RULE[,RULE])"},
			&cli.StringSliceFlag{Name: "disable", Usage: "do not run these rules (RULE[,RULE])"},
			&cli.StringSliceFlag{Name: "severity", Usage: "override a rule's severity: RULE=error|warning|info|off"},
			&cli.IntFlag{Name: "max-chain", Value: 10, Usage: "longest allowed role chain"},
			&cli.StringFlag{Name: "color", Value: "auto", Usage: "colour in text output: auto, always or never (NO_COLOR is honoured)"},
			&cli.StringFlag{Name: "stdin-filename", Value: "<stdin>", Usage: "the file name to report for -"},
		), configFlags()...),
		OnUsageError: onUsageError,
		Action:       func(c *cli.Context) error { return runCheck(e, c) },
	}
}

// checkOptions is the validated command line of check.
type checkOptions struct {
	paths     []string
	stdinName string
	vars      sqlparse.Vars
	format    string
	output    string
	failOn    checks.Severity // 0 = never fail
	color     bool
	config    checks.Config
	settings  *settings
}

func runCheck(e *env, c *cli.Context) error {
	opts, err := parseCheckOptions(e, c)
	if err != nil {
		return err
	}
	inputs, err := collectInputs(opts.paths, opts.settings.cfg)
	if err != nil {
		return err
	}
	results, err := checkInputs(e, inputs, opts)
	if err != nil {
		return err
	}
	if err := checkConnections(e, opts, results); err != nil {
		return err
	}
	if err := writeReport(e, opts, results); err != nil {
		return err
	}
	fmt.Fprintln(e.stderr, report.Summary(results.Summary))
	if opts.failOn != 0 && results.Summary.AtOrAbove(opts.failOn) > 0 {
		return &exitError{code: exitFindings}
	}
	return nil
}

func parseCheckOptions(e *env, c *cli.Context) (*checkOptions, error) {
	if err := rejectFlagsAfterPaths(e.rawArgs, c.Args().Slice()); err != nil {
		return nil, err
	}
	s, err := newSettings(c)
	if err != nil {
		return nil, err
	}
	opts := &checkOptions{
		paths: s.paths(), stdinName: c.String("stdin-filename"),
		output: s.String("output"), settings: s,
	}
	if opts.vars, err = loadVars(s.configVars(), s.String("vars-file"), c.StringSlice("var")); err != nil {
		return nil, err
	}
	switch opts.format = s.String("format"); opts.format {
	case "text", "json", "sarif", "github":
	default:
		return nil, usageErrorf("unknown --format %q (want text, json, sarif or github)", opts.format)
	}
	if opts.failOn, err = parseFailOn(s.String("fail-on")); err != nil {
		return nil, err
	}
	if opts.color, err = useColor(s.String("color"), opts.output, e.stdout); err != nil {
		return nil, err
	}
	if opts.config, err = ruleConfig(s); err != nil {
		return nil, err
	}
	if opts.config.World, err = loadWorld(e, s); err != nil {
		return nil, err
	}
	opts.config.AssumeRole = s.assumeRole()
	return opts, nil
}

// rejectFlagsAfterPaths: urfave/cli stops parsing flags at the first path, so
// "check a.sql --format json" would read --format as a file name. SPEC §1
// makes that a usage error; everything after a literal "--" is a path.
func rejectFlagsAfterPaths(raw, paths []string) error {
	afterDashes := map[string]bool{}
	for i, a := range raw {
		if a == "--" {
			for _, p := range raw[i+1:] {
				afterDashes[p] = true
			}
			break
		}
	}
	for _, p := range paths {
		if len(p) > 1 && p[0] == '-' && !afterDashes[p] {
			return usageErrorf("flag %s comes after a path; put flags before the paths (or use -- before a path that starts with -)", p)
		}
	}
	return nil
}

func parseFailOn(s string) (checks.Severity, error) {
	if s == "none" {
		return 0, nil
	}
	sev, err := checks.ParseSeverity(s)
	if err != nil {
		return 0, usageErrorf("--fail-on: %v (or none)", err)
	}
	return sev, nil
}

func useColor(mode, output string, stdout io.Writer) (bool, error) {
	switch mode {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "auto":
		if output != "" || os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
			return false, nil
		}
		f, ok := stdout.(*os.File)
		if !ok {
			return false, nil
		}
		st, err := f.Stat()
		return err == nil && st.Mode()&os.ModeCharDevice != 0, nil
	}
	return false, usageErrorf("unknown --color %q (want auto, always or never)", mode)
}

// ruleConfig reads --enable, --disable, --severity and --max-chain (and
// their config keys; a --severity flag overrides the config's entry).
func ruleConfig(s *settings) (checks.Config, error) {
	cfg := checks.Config{
		MaxChain: s.Int("max-chain"),
		Enable:   splitList(s.Slice("enable")),
		Disable:  splitList(s.Slice("disable")),
		Severity: map[string]checks.Severity{},
	}
	if cfg.MaxChain < 1 {
		return cfg, usageErrorf("--max-chain must be at least 1, got %d", cfg.MaxChain)
	}
	if err := applySeverities(&cfg, append(s.configSeverities(), s.c.StringSlice("severity")...)); err != nil {
		return cfg, err
	}
	if err := cfg.Validate(); err != nil {
		return cfg, usageErrorf("%v", err)
	}
	return cfg, nil
}

// applySeverities reads RULE=LEVEL entries (the config's first, sorted, then
// the flags', so a flag wins); LEVEL off disables the rule.
func applySeverities(cfg *checks.Config, entries []string) error {
	for _, kv := range entries {
		id, level, ok := strings.Cut(kv, "=")
		if !ok {
			return usageErrorf("--severity wants RULE=LEVEL, got %q", kv)
		}
		if level == "off" {
			cfg.Disable = append(cfg.Disable, id)
			continue
		}
		sev, err := checks.ParseSeverity(level)
		if err != nil {
			return usageErrorf("severity of %s: %v (or off)", id, err)
		}
		cfg.Severity[id] = sev
	}
	return nil
}

func splitList(values []string) []string {
	var out []string
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

// checkInputs parses every file, makes sure the IAM documents the SQL
// depends on decode, then runs the rules; both passes run in parallel.
// Results keep input order until checks.Collect sorts them.
func checkInputs(e *env, inputs []input, opts *checkOptions) (*checks.Results, error) {
	parsed := make([]*sqlparse.Result, len(inputs))
	err := forEach(len(inputs), readWorkers(), func(i int) error {
		src, err := inputs[i].read(e.stdin)
		if err != nil {
			return err
		}
		name := inputs[i].name
		if inputs[i].stdin {
			name = opts.stdinName
		}
		parsed[i] = sqlparse.Parse(sqlparse.NewFile(name, src), sqlparse.Options{Vars: opts.vars})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if w := opts.config.World; w != nil {
		// Documents are decoded lazily; those the chains read must be sound,
		// or the data is an input error (exit 2), not an unknown verdict.
		if err := w.Inventory.Decode(namedRoles(parsed, w)...); err != nil {
			return nil, &exitError{code: exitUsage, msg: err.Error()}
		}
	}
	// ASSUMEROLE grants depend on what ran before: replay them over all
	// files in run order (sequentially), then check the files in parallel.
	opts.config.Grants = checks.ReplayGrants(parsed, opts.config.AssumeRole)
	files := make([]*checks.FileResult, len(inputs))
	_ = forEach(len(inputs), runtime.GOMAXPROCS(0), func(i int) error {
		files[i] = checks.CheckFile(parsed[i], &opts.config)
		return nil
	})
	return checks.Collect(files), nil
}

// readWorkers: reading files spends most of its time blocked in open and
// read, so it gets more goroutines than there are CPUs.
func readWorkers() int { return 4 * runtime.GOMAXPROCS(0) }

// forEach runs fn for 0..n-1 on the given number of goroutines and returns
// the first error by index.
func forEach(n, workers int, fn func(i int) error) error {
	errs := make([]error, n)
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(workers, n); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				errs[i] = fn(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// namedRoles lists every role ARN the SQL may name, and the cluster's
// default role; strings that are no role ARN are ignored by Decode.
func namedRoles(parsed []*sqlparse.Result, w *chain.World) []string {
	var roles []string
	if w.Cluster != nil && w.Cluster.Default != "" {
		roles = append(roles, w.Cluster.Default)
	}
	for _, res := range parsed {
		for _, ref := range res.References {
			for _, part := range strings.Split(ref.Value.Text, ",") {
				roles = append(roles, strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(part), sqlparse.CredIAMRole+"=")))
			}
		}
	}
	return roles
}

func writeReport(e *env, opts *checkOptions, res *checks.Results) error {
	var buf bytes.Buffer
	var err error
	tool := report.Tool{Name: "redshift-preflight", Version: version}
	switch opts.format {
	case "json":
		err = report.JSON(&buf, tool, res)
	case "sarif":
		err = report.SARIF(&buf, tool, res)
	case "github":
		err = report.GitHub(&buf, res)
	default:
		err = report.Text(&buf, res, report.TextOptions{Color: opts.color})
	}
	if err != nil {
		return err
	}
	return emit(e, opts.output, buf.Bytes())
}

// emit writes machine output to stdout, or to the --output file.
func emit(e *env, output string, data []byte) error {
	if output == "" {
		_, err := e.stdout.Write(data)
		return err
	}
	if err := os.WriteFile(output, data, 0o644); err != nil {
		return usageErrorf("cannot write --output %s: %v", output, cleanErr(err))
	}
	return nil
}
