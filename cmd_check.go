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

	"github.com/redshift-preflight/redshift-preflight/checks"
	"github.com/redshift-preflight/redshift-preflight/report"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

func checkCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "check",
		Usage:     "check SQL files (a file, a directory of *.sql, a glob, or - for stdin)",
		ArgsUsage: "[PATH...]",
		Flags: []cli.Flag{
			&cli.StringSliceFlag{Name: "iam", Usage: "IAM data: a file or directory of AWS CLI / Terraform exports (repeatable)"},
			&cli.StringSliceFlag{Name: "cluster", Usage: "cluster or namespace data (repeatable)"},
			&cli.StringFlag{Name: "cluster-id", Usage: "the cluster or serverless workgroup the SQL runs on"},
			&cli.StringFlag{Name: "db-user", Usage: "the database user that runs the SQL"},
			&cli.StringSliceFlag{Name: "var", Usage: "placeholder value NAME=VALUE (repeatable)"},
			&cli.StringFlag{Name: "vars-file", Usage: "placeholder values: NAME=VALUE lines or a JSON object"},
			&cli.StringFlag{Name: "format", Value: "text", Usage: "output format: text or json"},
			&cli.StringFlag{Name: "output", Usage: "write the report to `FILE` instead of stdout"},
			&cli.StringFlag{Name: "fail-on", Value: "error", Usage: "lowest severity that makes the exit code 1: error, warning, info or none"},
			&cli.StringSliceFlag{Name: "enable", Usage: "run these opt-in rules (RULE[,RULE])"},
			&cli.StringSliceFlag{Name: "disable", Usage: "do not run these rules (RULE[,RULE])"},
			&cli.StringSliceFlag{Name: "severity", Usage: "override a rule's severity: RULE=error|warning|info|off"},
			&cli.IntFlag{Name: "max-chain", Value: 10, Usage: "longest allowed role chain"},
			&cli.BoolFlag{Name: "no-config", Usage: "ignore .redshift-preflight.toml"},
			&cli.StringFlag{Name: "color", Value: "auto", Usage: "colour in text output: auto, always or never (NO_COLOR is honoured)"},
			&cli.StringFlag{Name: "stdin-filename", Value: "<stdin>", Usage: "the file name to report for -"},
		},
		OnUsageError: onUsageError,
		Action:       func(c *cli.Context) error { return runCheck(e, c) },
	}
}

// checkOptions is the validated command line of check.
type checkOptions struct {
	paths         []string
	stdinName     string
	vars          sqlparse.Vars
	format        string
	output        string
	failOn        checks.Severity // 0 = never fail
	color         bool
	config        checks.Config
	iam, clusters []string
}

func runCheck(e *env, c *cli.Context) error {
	opts, err := parseCheckOptions(e, c)
	if err != nil {
		return err
	}
	inputs, err := collectInputs(opts.paths)
	if err != nil {
		return err
	}
	if err := checkDataPaths(opts); err != nil {
		return err
	}
	results, err := checkInputs(e, inputs, opts)
	if err != nil {
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
	opts := &checkOptions{
		paths: c.Args().Slice(), stdinName: c.String("stdin-filename"),
		output: c.String("output"), iam: c.StringSlice("iam"), clusters: c.StringSlice("cluster"),
	}
	if len(opts.paths) == 0 {
		opts.paths = []string{"."}
	}
	var err error
	if opts.vars, err = loadVars(c.String("vars-file"), c.StringSlice("var")); err != nil {
		return nil, err
	}
	switch opts.format = c.String("format"); opts.format {
	case "text", "json":
	default:
		return nil, usageErrorf("unknown --format %q (want text or json)", opts.format)
	}
	if opts.failOn, err = parseFailOn(c.String("fail-on")); err != nil {
		return nil, err
	}
	if opts.color, err = useColor(c.String("color"), opts.output, e.stdout); err != nil {
		return nil, err
	}
	if opts.config, err = ruleConfig(c); err != nil {
		return nil, err
	}
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

// ruleConfig reads --enable, --disable, --severity and --max-chain.
func ruleConfig(c *cli.Context) (checks.Config, error) {
	cfg := checks.Config{
		MaxChain: c.Int("max-chain"),
		Enable:   splitList(c.StringSlice("enable")),
		Disable:  splitList(c.StringSlice("disable")),
		Severity: map[string]checks.Severity{},
	}
	if cfg.MaxChain < 1 {
		return cfg, usageErrorf("--max-chain must be at least 1, got %d", cfg.MaxChain)
	}
	for _, s := range c.StringSlice("severity") {
		id, level, ok := strings.Cut(s, "=")
		if !ok {
			return cfg, usageErrorf("--severity wants RULE=LEVEL, got %q", s)
		}
		if level == "off" {
			cfg.Disable = append(cfg.Disable, id)
			continue
		}
		sev, err := checks.ParseSeverity(level)
		if err != nil {
			return cfg, usageErrorf("--severity %s: %v (or off)", id, err)
		}
		cfg.Severity[id] = sev
	}
	if err := cfg.Validate(); err != nil {
		return cfg, usageErrorf("%v", err)
	}
	return cfg, nil
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

// checkDataPaths makes sure --iam and --cluster name readable files. The hop
// evaluation that reads them is not built yet, so references stay unchecked,
// and the user is told so rather than left to think the data was used.
func checkDataPaths(opts *checkOptions) error {
	for _, p := range append(append([]string{}, opts.iam...), opts.clusters...) {
		if _, err := os.Stat(p); err != nil {
			return usageErrorf("cannot read %s: %v", p, cleanErr(err))
		}
	}
	return nil
}

// checkInputs parses and checks files in parallel; results keep input order
// until checks.Collect sorts them.
func checkInputs(e *env, inputs []input, opts *checkOptions) (*checks.Results, error) {
	if len(opts.iam)+len(opts.clusters) > 0 {
		fmt.Fprintln(e.stderr, "note: IAM and cluster data are not evaluated yet; every reference is unchecked")
	}
	files := make([]*checks.FileResult, len(inputs))
	errs := make([]error, len(inputs))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(inputs)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				files[i], errs[i] = checkOne(e, inputs[i], opts)
			}
		}()
	}
	for i := range inputs {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return checks.Collect(files), nil
}

func checkOne(e *env, in input, opts *checkOptions) (*checks.FileResult, error) {
	src, err := in.read(e.stdin)
	if err != nil {
		return nil, err
	}
	name := in.name
	if in.stdin {
		name = opts.stdinName
	}
	parsed := sqlparse.Parse(sqlparse.NewFile(name, src), sqlparse.Options{Vars: opts.vars})
	return checks.CheckFile(parsed, &opts.config), nil
}

func writeReport(e *env, opts *checkOptions, res *checks.Results) error {
	var buf bytes.Buffer
	var err error
	switch opts.format {
	case "json":
		err = report.JSON(&buf, report.Tool{Name: "redshift-preflight", Version: version}, res)
	default:
		err = report.Text(&buf, res, report.TextOptions{Color: opts.color})
	}
	if err != nil {
		return err
	}
	if opts.output == "" {
		_, err = e.stdout.Write(buf.Bytes())
		return err
	}
	if err := os.WriteFile(opts.output, buf.Bytes(), 0o644); err != nil {
		return usageErrorf("cannot write --output %s: %v", opts.output, cleanErr(err))
	}
	return nil
}
