package config

import (
	"path/filepath"
	"reflect"
	"testing"
)

// testRules are the rule ids the tests' configs and flags use.
var testRules = []string{"a", "chain-whitespace", "e1", "e2", "e3", "e4", "d1", "d2", "d3", "s1", "s2", "s3", "x.y"}

// project writes a config at the root of a temporary tree and returns the
// config as loaded from the subdirectory db/ (the working directory).
func project(t *testing.T, toml string, files ...string) (cfg *Config, work string) {
	t.Helper()
	root := t.TempDir()
	work = filepath.Join(root, "db")
	mustWrite(t, filepath.Join(root, name), toml)
	mustMkdir(t, work)
	for i := 0; i+1 < len(files); i += 2 {
		mustWrite(t, filepath.Join(root, files[i]), files[i+1])
	}
	cfg, err := Load(flags{}, work)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(work) // Load's working directory is the process's
	return cfg, work
}

func resolve(t *testing.T, cmd Command, cfg *Config, f flags) *Settings {
	t.Helper()
	s, err := Resolve(cmd, cfg, f, testRules)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestDefaults(t *testing.T) {
	s := resolve(t, Check, nil, flags{})
	want := &Settings{Command: Check, Paths: []string{"."}, StdinFilename: "<stdin>", Vars: map[string]string{},
		Format: "text", FailOn: "error", Color: "auto", MaxChain: 10}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("check\n got %+v\nwant %+v", s, want)
	}
	s = resolve(t, Explain, nil, flags{})
	want = &Settings{Command: Explain, Format: "text", Color: "auto", MaxChain: 10, Statement: "COPY"}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("explain\n got %+v\nwant %+v", s, want)
	}
}

const fullConfig = `paths = ["db"]
exclude = ["db/legacy"]
iam = ["aws/iam"]
cluster = ["/abs/cluster.json"]
cluster_id = "c1"
db_user = "user1"
vars_file = "vars.env"
format = "json"
output = "out/report.json"
fail_on = "warning"
max_chain = 3
color = "never"

[vars]
a = "config"
b = "config"
c = "config"

[rules]
enable = ["e1"]
disable = "d1, d2"

[rules.severity]
s2 = "off"
s1 = "warning"

[assumerole]
restricted = true
groups = ["etl"]

[[connections]]
start = "ec2.amazonaws.com"
chain = "arn:aws:iam::123456789012:role/a"
db_user = "u"
db_name = "d"
`

// TestConfigValues: without flags every setting comes from the config,
// its paths relative to the config file.
func TestConfigValues(t *testing.T) {
	cfg, _ := project(t, fullConfig, "vars.env", "b=file\nc=file\n")
	s := resolve(t, Check, cfg, flags{})
	want := &Settings{
		Command: Check, Config: cfg,
		Paths: []string{"."}, Exclude: s.Exclude, StdinFilename: "<stdin>",
		Vars: map[string]string{"a": "config", "b": "file", "c": "file"},
		IAM:  []string{"../aws/iam"}, Cluster: []string{"/abs/cluster.json"}, ClusterID: "c1", DBUser: "user1",
		Format: "json", Output: "../out/report.json", FailOn: "warning", Color: "never", MaxChain: 3,
		Enable: []string{"e1"}, Disable: []string{"d1", "d2", "s2"}, Severity: map[string]string{"s1": "warning"},
		AssumeRole:  AssumeRole{Restricted: true, Groups: []string{"etl"}},
		Connections: cfg.Connections(),
	}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("\n got %+v\nwant %+v", s, want)
	}
	if s.Exclude == nil || len(s.Connections) != 1 {
		t.Errorf("exclude %v, connections %v", s.Exclude, s.Connections)
	}
}

// TestEnableOverridesTheConfig: --enable runs a rule the config disables
// (by disable or by severity "off"); one layer may not both enable and
// disable a rule.
func TestEnableOverridesTheConfig(t *testing.T) {
	cfg, _ := project(t, "[rules]\ndisable = [\"d1\", \"d2\"]\n[rules.severity]\ns1 = \"off\"\n")
	s := resolve(t, Check, cfg, flags{"enable": []string{"d1,s1"}})
	if want := []string{"d2"}; !reflect.DeepEqual(s.Disable, want) || !reflect.DeepEqual(s.Enable, []string{"d1", "s1"}) {
		t.Errorf("disable %v (want %v), enable %v", s.Disable, want, s.Enable)
	}
	for _, tt := range []struct {
		config string
		f      flags
		want   string
	}{
		{"", flags{"enable": []string{"d1"}, "disable": []string{"d1"}}, "--enable and --disable (or --severity RULE=off) both name d1: run it or not?"},
		{"", flags{"enable": []string{"s1"}, "severity": []string{"s1=off"}}, "--enable and --disable (or --severity RULE=off) both name s1: run it or not?"},
		{"[rules]\nenable = [\"d1\"]\ndisable = [\"d1\"]\n", flags{}, `the config's [rules] enable and disable (or severity "off") both name d1: run it or not?`},
	} {
		var c *Config
		if tt.config != "" {
			c, _ = project(t, tt.config)
		}
		if _, err := Resolve(Check, c, tt.f, testRules); err == nil || err.Error() != tt.want {
			t.Errorf("%q %v: got %v, want %s", tt.config, tt.f, err, tt.want)
		}
	}
}

// TestWarnAlias: "warn" is read as "warning" wherever a severity is, in
// the config and on the command line.
func TestWarnAlias(t *testing.T) {
	cfg, _ := project(t, "fail_on = \"warn\"\n[rules.severity]\ns1 = \"warn\"\n")
	s := resolve(t, Check, cfg, flags{"severity": []string{"s2=warn"}})
	if s.FailOn != "warning" || s.Severity["s1"] != "warning" || s.Severity["s2"] != "warning" {
		t.Errorf("config: fail-on %q, severities %v", s.FailOn, s.Severity)
	}
	s = resolve(t, Connect, nil, flags{"start": "ec2.amazonaws.com", "chain": "a", "db-user": "u", "db-name": "d", "fail-on": "warn"})
	if s.FailOn != "warning" {
		t.Errorf("--fail-on warn: %q", s.FailOn)
	}
}

// TestFlagsWin: a flag replaces the config's value; rule lists and
// severities add to the config's, the flags' last.
func TestFlagsWin(t *testing.T) {
	cfg, _ := project(t, fullConfig, "vars.env", "b=file\nc=file\n", "db/more.env", "c=more\n")
	s := resolve(t, Check, cfg, flags{
		"args": []string{"x.sql"}, "iam": []string{"mine"}, "cluster-id": "c2", "db-user": "user2",
		"vars-file": "more.env", "var": []string{"a=flag"}, "format": "sarif", "output": "r.sarif",
		"fail-on": "none", "max-chain": 5, "color": "always", "stdin-filename": "in.sql",
		"enable": []string{"e2,e3", "e4"}, "disable": []string{"d3"},
		"severity": []string{"s1=error", "s2=info", "s3=off"},
	})
	want := &Settings{
		Command: Check, Config: cfg,
		Paths: []string{"x.sql"}, Exclude: s.Exclude, StdinFilename: "in.sql",
		Vars: map[string]string{"a": "flag", "b": "config", "c": "more"},
		IAM:  []string{"mine"}, Cluster: []string{"/abs/cluster.json"}, ClusterID: "c2", DBUser: "user2",
		Format: "sarif", Output: "r.sarif", FailOn: "none", Color: "always", MaxChain: 5,
		Enable:      []string{"e1", "e2", "e3", "e4"},
		Disable:     []string{"d1", "d2", "s2", "d3", "s3"}, // the config's, then the flags'; s2: the config's off stays
		Severity:    map[string]string{"s1": "error", "s2": "info"},
		AssumeRole:  AssumeRole{Restricted: true, Groups: []string{"etl"}},
		Connections: cfg.Connections(),
	}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("\n got %+v\nwant %+v", s, want)
	}
}

// TestConfigPaths: paths in the config are relative to it.
func TestConfigPaths(t *testing.T) {
	cfg, _ := project(t, `paths = ["db/migrations", "/abs", "*.sql"]`)
	s := resolve(t, Check, cfg, flags{})
	if want := []string{"migrations", "/abs", "../*.sql"}; !reflect.DeepEqual(s.Paths, want) {
		t.Errorf("got %q, want %q", s.Paths, want)
	}
}

// TestOnlyChecksFormatAndOutputComeFromTheConfig: a config written for
// check does not break explain or connect.
func TestOnlyChecksFormatAndOutputComeFromTheConfig(t *testing.T) {
	cfg, _ := project(t, "format = \"sarif\"\noutput = \"r.sarif\"\nmax_chain = 4\ncolor = \"never\"\ndb_user = \"u\"\n")
	s := resolve(t, Explain, cfg, flags{})
	if s.Format != "text" || s.Output != "" || s.MaxChain != 4 || s.Color != "never" || s.DBUser != "u" {
		t.Errorf("explain: %+v", s)
	}
	s = resolve(t, Connect, cfg, flags{"start": "ec2.amazonaws.com", "chain": "a", "db-name": "d"})
	if s.Format != "text" || s.Output != "" || s.Color != "never" || s.DBUser != "u" || s.Connection.DBUser != "u" {
		t.Errorf("connect: %+v", s)
	}
}

func TestConnectFlags(t *testing.T) {
	s := resolve(t, Connect, nil, flags{"start": " ec2.amazonaws.com ", "chain": "a, ,b", "db-user": "u",
		"db-name": "d", "db-groups": "g1,,g2", "auto-create": true, "format": "json"})
	want := Connection{Start: "ec2.amazonaws.com", Chain: []string{"a", "", "b"}, DBUser: "u", DBName: "d",
		DBGroups: []string{"g1", "g2"}, AutoCreate: true}
	if !reflect.DeepEqual(s.Connection, want) || s.Format != "json" || s.DBUser != "u" || s.Connections != nil {
		t.Errorf("got %+v", s)
	}
	if err := s.Connection.Errorf("chain", "%q is not a role ARN", ""); err.Error() != `--chain: "" is not a role ARN` {
		t.Error(err)
	}
	if err := s.Connection.Errorf("db_user", "bad"); err.Error() != `--db-user: bad` {
		t.Error(err)
	}
}

// TestFlagErrors keep the wording of package main (testdata/scenarios).
func TestFlagErrors(t *testing.T) {
	connect := flags{"start": "ec2.amazonaws.com", "chain": "a", "db-user": "u", "db-name": "d"}
	with := func(f flags, name string, value any) flags {
		g := flags{name: value}
		for k, v := range f {
			if k != name {
				g[k] = v
			}
		}
		return g
	}
	tests := []struct {
		cmd  Command
		f    flags
		want string
	}{
		{Check, flags{"format": "xml"}, `unknown --format "xml" (want text, json, sarif or github)`},
		{Explain, flags{"format": "sarif"}, `unknown --format "sarif" (want text, json, mermaid or dot)`},
		{Connect, with(connect, "format", "sarif"), `unknown --format "sarif" (want text or json)`},
		{Check, flags{"fail-on": "fatal"}, `--fail-on: unknown severity "fatal" (want error, warning, info or none)`},
		{Check, flags{"color": "pink"}, `unknown --color "pink" (want auto, always or never)`},
		{Check, flags{"format": "jsn"}, `unknown --format "jsn"; did you mean "json"? (want text, json, sarif or github)`},
		{Check, flags{"fail-on": "eror"}, `--fail-on: unknown severity "eror"; did you mean "error"? (want error, warning, info or none)`},
		{Explain, flags{"max-chain": 0}, `--max-chain must be at least 1, got 0`},
		{Check, flags{"var": []string{"hunter2"}}, `--var wants NAME=VALUE, got a value without "=" (not shown: it may be a secret)`},
		{Check, flags{"var": []string{" =hunter2"}}, `--var wants NAME=VALUE, got a value without a NAME (not shown: it may be a secret)`},
		{Check, flags{"vars-file": "nope.env"}, `cannot read --vars-file nope.env: no such file or directory`},
		{Check, flags{"severity": []string{"chain-whitespace"}}, `--severity wants RULE=LEVEL, got "chain-whitespace"`},
		{Check, flags{"severity": []string{"chain-whitespace=bad"}},
			`severity of chain-whitespace: unknown severity "bad" (want error, warning, info or off)`},
		{Check, flags{"severity": []string{"nope=warning"}}, `unknown rule "nope" in --severity (see 'redshift-preflight rules')`},
		{Check, flags{"disable": []string{"chain-whitespce"}}, `unknown rule "chain-whitespce"; did you mean "chain-whitespace"? (see 'redshift-preflight rules')`},
		{Connect, with(connect, "enable", []string{"a,nope"}), `unknown rule "nope" (see 'redshift-preflight rules')`},
		{Connect, with(connect, "db-name", ""), `--db-name is required: the database to connect to`},
		{Connect, with(connect, "chain", " "), `--chain is required: the roles the start principal assumes, 'arnA[,arnB...]'`},
		{Connect, flags{}, `--start is required: a service principal (ec2.amazonaws.com) or an IAM role or user ARN`},
	}
	for _, tt := range tests {
		_, err := Resolve(tt.cmd, nil, tt.f, testRules)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s %v\n got %v\nwant %s", tt.cmd, tt.f, err, tt.want)
		}
	}
}

// TestConfigErrorsFoundWhileResolving name the file, the place and the key.
func TestConfigErrorsFoundWhileResolving(t *testing.T) {
	tests := []struct {
		cmd        Command
		toml, want string
	}{
		{Check, "[rules]\ndisable = [\"chain-whitespace\", \"nope\"]",
			`:2:32: rules.disable: unknown rule "nope" (see 'redshift-preflight rules')`},
		{Connect, "[rules]\nenable = \"a, nope\"",
			`:2:10: rules.enable: unknown rule "nope" (see 'redshift-preflight rules')`},
		{Explain, "[rules.severity]\na = \"info\"\nnope = \"off\"",
			`:3:1: rules.severity: unknown rule "nope" (see 'redshift-preflight rules')`},
		{Check, "exclude = [\"ok/**\", \"a/[b\"]",
			`:1:21: exclude: bad pattern "a/[b"`},
		{Check, "\nvars_file = \"conf/vars.env\"",
			`:2:13: vars_file: cannot read ../conf/vars.env: no such file or directory`},
	}
	for _, tt := range tests {
		cfg, _ := project(t, tt.toml)
		f := flags{"start": "s", "chain": "a", "db-user": "u", "db-name": "d"}
		_, err := Resolve(tt.cmd, cfg, f, testRules)
		want := filepath.Join("..", name) + tt.want
		if err == nil || err.Error() != want {
			t.Errorf("%s\n got %v\nwant %s", tt.toml, err, want)
		}
	}
}

func TestVarsFileFromConfigIsRelativeToIt(t *testing.T) {
	cfg, _ := project(t, "vars_file = \"conf/vars.json\"", "conf/vars.json", `{"a": "x"}`)
	s := resolve(t, Check, cfg, flags{})
	if s.Vars["a"] != "x" {
		t.Errorf("vars %v", s.Vars)
	}
	cfg, _ = project(t, "vars_file = \"conf/vars.env\"", "conf/vars.env", "a=x\nbroken\n")
	_, err := Resolve(Check, cfg, flags{}, testRules)
	if err == nil || err.Error() != "../conf/vars.env:2: expected NAME=VALUE" {
		t.Errorf("got %v", err)
	}
}

func TestNilIsRuleAcceptsEveryID(t *testing.T) {
	s, err := Resolve(Check, nil, flags{"disable": []string{"nope"}}, nil)
	if err != nil || s.Disable[0] != "nope" {
		t.Errorf("%v %v", s, err)
	}
}
