package main

import (
	"bytes"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/redshift-preflight/redshift-preflight/chain"
	"github.com/redshift-preflight/redshift-preflight/checks"
	"github.com/redshift-preflight/redshift-preflight/report"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

func connectCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "connect",
		Usage:     "check that a principal, through a role chain, may get database credentials (GetClusterCredentials)",
		ArgsUsage: " ",
		Flags: append(append(dataFlags(),
			&cli.StringFlag{Name: "start", Usage: "the principal that starts: a service principal (ec2.amazonaws.com) or an IAM role or user ARN"},
			&cli.StringFlag{Name: "chain", Usage: "the roles it assumes, in order: 'arnA[,arnB...]'; the last one gets the credentials"},
			&cli.StringFlag{Name: "db-name", Usage: "the database to connect to"},
			&cli.StringFlag{Name: "db-groups", Usage: "database groups to join (GROUP[,GROUP]): needs redshift:JoinGroup"},
			&cli.BoolFlag{Name: "auto-create", Usage: "create the database user if it does not exist: needs redshift:CreateClusterUser"},
			&cli.StringFlag{Name: "format", Value: "text", Usage: "output format: text or json"},
			&cli.StringFlag{Name: "output", Usage: "write the result to `FILE` instead of stdout"},
			&cli.StringFlag{Name: "fail-on", Value: "error", Usage: "lowest finding severity that makes the exit code 1: error, warning, info or none"},
			&cli.StringFlag{Name: "color", Value: "auto", Usage: "colour in text output: auto, always or never"},
		), configFlags()...),
		OnUsageError: onUsageError,
		Action:       func(c *cli.Context) error { return runConnect(e, c) },
	}
}

func runConnect(e *env, c *cli.Context) error {
	if err := rejectFlagsAfterPaths(e.rawArgs, c.Args().Slice()); err != nil {
		return err
	}
	if c.NArg() > 0 {
		return usageErrorf("connect takes no arguments, got %q (use --start, --chain, --db-user and --db-name)", c.Args().First())
	}
	s, err := newSettings(c)
	if err != nil {
		return err
	}
	req, err := connectRequest(c.String("start"), c.String("chain"), s.String("db-user"), c.String("db-name"),
		splitList([]string{c.String("db-groups")}), c.Bool("auto-create"))
	if err != nil {
		return usageErrorf("%v", err)
	}
	format := s.String("format")
	if format != "text" && format != "json" {
		return usageErrorf("unknown --format %q (want text or json)", format)
	}
	failOn, err := parseFailOn(s.String("fail-on"))
	if err != nil {
		return err
	}
	output := s.String("output")
	color, err := useColor(s.String("color"), output, e.stdout)
	if err != nil {
		return err
	}
	rules, err := connectRuleConfig(s)
	if err != nil {
		return err
	}
	if len(s.Slice("cluster")) == 0 {
		return usageErrorf("connect needs cluster data: pass --cluster (describe-clusters, or get-namespace and get-workgroup output)")
	}
	world, err := loadWorld(e, s)
	if err != nil {
		return err
	}
	if world == nil || world.Cluster == nil {
		return usageErrorf("connect needs cluster data: the --cluster data holds no cluster or workgroup")
	}
	if err := world.Inventory.Decode(append([]string{req.Start}, req.Chain...)...); err != nil {
		return &exitError{code: exitUsage, msg: err.Error()}
	}
	rules.World = world
	res := chain.Connect(*world, req)
	conn := &report.Connection{Result: &res, Cluster: world.Cluster, Inventory: world.Inventory,
		Findings: checks.ConnectFindings(&res, nil, sqlparse.Span{}, &rules)}
	var buf bytes.Buffer
	if format == "json" {
		err = report.ConnectJSON(&buf, conn)
	} else {
		err = report.ConnectText(&buf, conn, report.TextOptions{Color: color})
	}
	if err != nil {
		return err
	}
	if err := emit(e, output, buf.Bytes()); err != nil {
		return err
	}
	if res.Verdict == chain.VerdictFail {
		return &exitError{code: exitFindings}
	}
	for _, f := range conn.Findings {
		if failOn != 0 && f.Severity >= failOn {
			return &exitError{code: exitFindings}
		}
	}
	return nil
}

// connectRequest validates what a connection names, from flags or config.
func connectRequest(start, chainList, dbUser, dbName string, groups []string, autoCreate bool) (chain.ConnectRequest, error) {
	req := chain.ConnectRequest{Start: strings.TrimSpace(start), DBUser: dbUser, DBName: dbName, DBGroups: groups, AutoCreate: autoCreate}
	switch {
	case req.Start == "":
		return req, fmt.Errorf("--start is required: a service principal (ec2.amazonaws.com) or an IAM role or user ARN")
	case strings.TrimSpace(chainList) == "":
		return req, fmt.Errorf("--chain is required: the roles the start principal assumes, 'arnA[,arnB...]'")
	case dbUser == "":
		return req, fmt.Errorf("--db-user is required: the database user to get credentials for")
	case dbName == "":
		return req, fmt.Errorf("--db-name is required: the database to connect to")
	}
	if err := chain.ValidateStart(req.Start); err != nil {
		return req, err
	}
	for _, part := range strings.Split(chainList, ",") {
		role := strings.TrimSpace(part)
		if _, probs := chain.ParseRoleARN(role); role == "" || len(probs) > 0 {
			return req, fmt.Errorf("--chain: %q is not a role ARN (arn:aws:iam::ACCOUNT:role/NAME)", role)
		}
		req.Chain = append(req.Chain, role)
	}
	return req, nil
}

// connectRuleConfig: the config's rule selection and severities apply to
// connect's findings too.
func connectRuleConfig(s *settings) (checks.Config, error) {
	cfg := checks.Config{MaxChain: 10, Enable: splitList(s.Slice("enable")), Disable: splitList(s.Slice("disable")),
		Severity: map[string]checks.Severity{}}
	if err := applySeverities(&cfg, s.configSeverities()); err != nil {
		return cfg, err
	}
	if err := cfg.Validate(); err != nil {
		return cfg, usageErrorf("%v", err)
	}
	return cfg, nil
}

// connectionConfig is one [[connections]] table of the config file.
type connectionConfig struct {
	Start      string `toml:"start"`
	Chain      any    `toml:"chain"` // an array of role ARNs or one comma-separated string
	DBUser     string `toml:"db_user"`
	DBName     string `toml:"db_name"`
	DBGroups   any    `toml:"db_groups"` // likewise
	AutoCreate bool   `toml:"auto_create"`
}

// stringList reads a TOML value that is an array of strings or a comma list.
func stringList(v any) ([]string, error) {
	switch v := v.(type) {
	case nil:
		return nil, nil
	case string:
		return splitList([]string{v}), nil
	case []any:
		var out []string
		for _, x := range v {
			s, ok := x.(string)
			if !ok {
				return nil, fmt.Errorf("want strings, got %v", x)
			}
			out = append(out, s)
		}
		return out, nil
	}
	return nil, fmt.Errorf("want an array of strings or a comma-separated string, got %v", v)
}

var connectionsHeader = regexp.MustCompile(`(?m)^[ \t]*\[\[[ \t]*connections[ \t]*\]\]`)

// checkConnections evaluates the config's [[connections]] after the SQL
// files and adds their findings under the config file's name, pointing at
// each table's [[connections]] line (line 1 when it has none).
func checkConnections(e *env, opts *checkOptions, res *checks.Results) error {
	cfg := opts.settings.cfg
	if cfg == nil || len(cfg.Connections) == 0 {
		return nil
	}
	w := opts.config.World
	if w == nil {
		fmt.Fprintf(e.stderr, "note: %s lists connections, and without --iam and --cluster they are not checked\n", cfg.path)
		return nil
	}
	if w.Cluster == nil {
		return usageErrorf("%s: [[connections]] need cluster data: pass --cluster", cfg.path)
	}
	data, err := os.ReadFile(cfg.path)
	if err != nil {
		return usageErrorf("cannot read config %s: %v", cfg.path, cleanErr(err))
	}
	file := sqlparse.NewFile(cfg.path, data)
	headers := connectionsHeader.FindAllIndex(data, -1)
	fr := &checks.FileResult{File: file, Parsed: &sqlparse.Result{File: file}}
	for i, cc := range cfg.Connections {
		span := sqlparse.Span{Start: 0, End: len(file.Line(1))}
		if len(headers) == len(cfg.Connections) {
			span = sqlparse.Span{Start: headers[i][0], End: headers[i][1]}
		}
		where := fmt.Sprintf("%s:%d: [[connections]]", cfg.path, file.Position(span.Start).Line)
		chainList, err := stringList(cc.Chain)
		if err != nil {
			return usageErrorf("%s chain: %v", where, err)
		}
		groups, err := stringList(cc.DBGroups)
		if err != nil {
			return usageErrorf("%s db_groups: %v", where, err)
		}
		req, err := connectRequest(cc.Start, strings.Join(chainList, ","), cc.DBUser, cc.DBName, groups, cc.AutoCreate)
		if err != nil {
			msg := strings.NewReplacer("--db-user", "db_user", "--db-name", "db_name", "--start", "start", "--chain", "chain").Replace(err.Error())
			return usageErrorf("%s %s", where, msg)
		}
		if err := w.Inventory.Decode(append([]string{req.Start}, req.Chain...)...); err != nil {
			return &exitError{code: exitUsage, msg: err.Error()}
		}
		r := chain.Connect(*w, req)
		fr.Findings = append(fr.Findings, checks.ConnectFindings(&r, file, span, &opts.config)...)
	}
	sort.SliceStable(fr.Findings, func(i, j int) bool { return fr.Findings[i].Span.Start < fr.Findings[j].Span.Start })
	if len(fr.Findings) > 0 {
		res.AddFile(fr)
	}
	return nil
}
