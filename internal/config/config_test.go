package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const name = ".redshift-preflight.toml"

const allKeys = "paths, exclude, iam, cluster, cluster_id, db_user, vars, vars_file, flyway_environment, dbt_vars, dbt_compiled, manifests, format, output, fail_on, fail_on_unchecked, max_chain, color, max_file_size, " +
	"[rules] enable, disable, severity, [assumerole] restricted, groups, roles, superuser"

// TestDecodeErrors: every problem in a config file is reported as
// FILE:LINE:COLUMN: KEY: message, the first one in the file.
func TestDecodeErrors(t *testing.T) {
	tests := []parseErrorTest{
		{"array wanted", `paths = "db"`,
			`:1:9: paths: want an array of strings, got a string`},
		{"value outside its set", "format = \"text\"\nfail_on = \"fatal\"",
			`:2:11: fail_on: unknown severity "fatal" (want error, warning, info or none)`},
		{"format outside check's set", `format = "mermaid"`,
			`:1:10: format: unknown format "mermaid" (want text, json, sarif or github)`},
		{"color", `color = "pink"`,
			`:1:9: color: unknown color "pink" (want auto, always or never)`},
		{"unknown key in a table", "paths = [\".\"]\n[rules]\ndisabled = [\"chain-whitespace\"]",
			`:3:1: unknown key "rules.disabled"; did you mean "rules.disable"? (known keys: ` + allKeys + `)`},
		{"unknown key in assumerole", "[assumerole]\nuser_groups = [\"etl\"]",
			`:2:1: unknown key "assumerole.user_groups"; did you mean "assumerole.groups"? (known keys: ` + allKeys + `)`},
		{"unknown top-level key", "\n  bogus = 1",
			`:2:3: unknown key "bogus" (known keys: ` + allKeys + `)`},
		{"mistyped table", "[rulez]\ndisable = []",
			`:1:2: unknown key "rulez"; did you mean "rules"? (known keys: ` + allKeys + `)`},
		{"unknown table", "[lint]\nx = 1",
			`:1:2: unknown key "lint" (known keys: ` + allKeys + `)`},
		{"string wanted", `db_user = 7`,
			`:1:11: db_user: want a string, got an integer`},
		{"array element", `iam = ["aws/iam", 1]`,
			`:1:19: iam[1]: want a string, got an integer`},
		{"comma list", "[rules]\nenable = 1",
			`:2:10: rules.enable: want an array of strings or a comma-separated string, got an integer`},
		{"integer wanted", `max_chain = "3"`,
			`:1:13: max_chain: want an integer, got a string`},
		{"float", `max_chain = 1.5`,
			`:1:13: max_chain: want an integer, got a float`},
		{"minimum", `max_chain = 0`,
			`:1:13: max_chain: must be at least 1, got 0`},
		{"boolean wanted", "[assumerole]\nrestricted = \"yes\"",
			`:2:14: assumerole.restricted: want a boolean, got a string`},
		{"date", `db_user = 2024-01-01`,
			`:1:11: db_user: want a string, got a date or time`},
		{"table wanted", `rules = 1`,
			`:1:9: rules: want a table, got an integer`},
		{"array of tables for a table", `[[rules]]`,
			`:1:1: rules: want a table, got an array`},
		{"map wanted", `vars = ["a"]`,
			`:1:8: vars: want a table of strings, got an array`},
		{"map value", "[vars]\nport = 5439",
			`:2:8: vars.port: want a string, got an integer`},
		{"quoted key", "[vars]\n\"a b\" = true",
			`:2:9: vars."a b": want a string, got a boolean`},
		{"map value outside its set", "[rules.severity]\nchain-whitespace = \"bad\"",
			`:2:20: rules.severity.chain-whitespace: unknown severity "bad" (want error, warning, info or off)`},
		{"inline table", `rules = { severity = { x = 1 } }`,
			`:1:28: rules.severity.x: want a string, got an integer`},
		{"columns count characters", `vars = { "é" = "x", b = 1 }`,
			`:1:25: vars.b: want a string, got an integer`},
		{"first error in the file", "[rules]\nenable = 1\n[assumerole]\nroles = 2\n[vars]\nx = 3",
			`:2:10: rules.enable: want an array of strings or a comma-separated string, got an integer`},
		{"syntax", "paths = [",
			`:1:9: toml: array is incomplete`},
		{"key twice", "db_user = \"a\"\ndb_user = \"b\"",
			`:2:1: toml: key db_user is already defined`},
		{"too large", `max_chain = 99999999999999999999`,
			`:1:13: toml: decimal number is too large to fit in a 64-bit signed integer`},
	}
	testParseErrors(t, tests)
}

// parseErrorTest: decoding src fails with name+want.
type parseErrorTest struct{ name, src, want string }

func testParseErrors(t *testing.T, tests []parseErrorTest) {
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(name, []byte(tt.src), t.TempDir())
			if err == nil || err.Error() != name+tt.want {
				t.Errorf("%s\n got %v\nwant %s", tt.src, err, name+tt.want)
			}
		})
	}
}

func TestConnectionErrors(t *testing.T) {
	conn := "[[connections]]\nstart = \"ec2.amazonaws.com\"\nchain = \"arn:aws:iam::123456789012:role/a\"\ndb_user = \"u\"\ndb_name = \"d\"\n"
	tests := []parseErrorTest{
		{"unknown key", conn + "db_group = [\"x\"]",
			`:6:1: unknown key "connections[0].db_group"; did you mean "db_groups"? (known keys: [[connections]] start, chain, db_user, db_name, db_groups, auto_create)`},
		{"wrong type", conn + "\n[[connections]]\nstart = 1",
			`:8:9: connections[1].start: want a string, got an integer`},
		{"chain", "[[connections]]\nchain = 5",
			`:2:9: connections[0].chain: want an array of strings or a comma-separated string, got an integer`},
		{"auto_create", conn + "auto_create = \"yes\"",
			`:6:15: connections[0].auto_create: want a boolean, got a string`},
		{"required key", conn + "\n  [[ connections ]]\nstart = \"ec2.amazonaws.com\"\nchain = [\"a\"]\ndb_user = \"u\"",
			`:7:3: connections[1]: db_name is required: the database to connect to`},
		{"blank counts as missing", "[[connections]]\nstart = \" \"",
			`:1:1: connections[0]: start is required: a service principal (ec2.amazonaws.com) or an IAM role or user ARN`},
		{"not an array", `connections = { start = "x" }`,
			`:1:15: connections: want an array of tables ([[connections]]), got a table`},
		{"not a table", `connections = ["x"]`,
			`:1:16: connections[0]: want a table, got a string`},
	}
	testParseErrors(t, tests)
}

func TestConnections(t *testing.T) {
	src := `db_user = "etl_user"

[[connections]]
start = "ec2.amazonaws.com"
chain = ["arn:aws:iam::123456789012:role/app", "arn:aws:iam::123456789012:role/access"]
db_user = "analyst"
db_name = "analytics"
auto_create = true

 [[connections]] # second
start = " ec2.amazonaws.com "
chain = "arn:aws:iam::123456789012:role/a, ,arn:aws:iam::123456789012:role/b"
db_user = "admin"
db_name = "analytics"
db_groups = "readers, writers"
`
	cfg, err := Parse(name, []byte(src), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	got := cfg.Connections()
	if len(got) != 2 {
		t.Fatalf("%d connections", len(got))
	}
	first, second := got[0], got[1]
	if first.Start != "ec2.amazonaws.com" || len(first.Chain) != 2 || first.DBUser != "analyst" ||
		first.DBName != "analytics" || !first.AutoCreate || first.DBGroups != nil {
		t.Errorf("first: %+v", first)
	}
	if first.Header != (Span{Pos{22, 3, 1}, Pos{37, 3, 16}}) {
		t.Errorf("first header %+v", first.Header)
	}
	if src[first.Header.Start.Offset:first.Header.End.Offset] != "[[connections]]" {
		t.Errorf("first header covers %q", src[first.Header.Start.Offset:first.Header.End.Offset])
	}
	wantChain := []string{"arn:aws:iam::123456789012:role/a", "", "arn:aws:iam::123456789012:role/b"}
	if second.Start != "ec2.amazonaws.com" || strings.Join(second.Chain, "|") != strings.Join(wantChain, "|") ||
		strings.Join(second.DBGroups, "|") != "readers|writers" || second.AutoCreate {
		t.Errorf("second: %+v", second)
	}
	if h := second.Header; h.Start.Line != 10 || h.Start.Column != 2 || src[h.Start.Offset:h.End.Offset] != "[[connections]]" {
		t.Errorf("second header %+v", h)
	}
	err = second.Errorf("chain", "%q is not a role ARN", "")
	if want := name + `:12:9: connections[1].chain: "" is not a role ARN`; err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
	err = second.Errorf("auto_create", "absent")
	if want := name + `:10:2: connections[1].auto_create: absent`; err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

func TestInlineConnections(t *testing.T) {
	src := `connections = [{start = "s", chain = ["a"], db_user = "u", db_name = "d"}]`
	cfg, err := Parse(name, []byte(src), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	c := cfg.Connections()[0]
	if c.Header.Start.Column != 16 || c.Header.End.Column != 17 || c.Chain[0] != "a" {
		t.Errorf("%+v", c)
	}
}

func TestPositionAndErrorf(t *testing.T) {
	src := "iam = [\n  \"aws/iam\",\n  \"more\",\n]\n[rules.severity]\n\"x.y\" = \"warning\"\n"
	cfg, err := Parse(name, []byte(src), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		key           string
		keyAt, valAt  [2]int
		errorfMessage string
	}{
		{"iam", [2]int{1, 1}, [2]int{1, 7}, name + ":1:7: iam: bad"},
		{"iam[1]", [2]int{3, 3}, [2]int{3, 3}, name + ":3:3: iam[1]: bad"},
		{`rules.severity."x.y"`, [2]int{6, 1}, [2]int{6, 9}, name + `:6:9: rules.severity."x.y": bad`},
	} {
		k, v, ok := cfg.Position(tt.key)
		if !ok || [2]int{k.Line, k.Column} != tt.keyAt || [2]int{v.Line, v.Column} != tt.valAt {
			t.Errorf("%s: key %+v value %+v", tt.key, k, v)
		}
		if err := cfg.Errorf(tt.key, "bad"); err.Error() != tt.errorfMessage {
			t.Errorf("got %v\nwant %s", err, tt.errorfMessage)
		}
	}
	if _, _, ok := cfg.Position("cluster"); ok {
		t.Error("cluster has no position")
	}
	if err := cfg.Errorf("cluster", "missing"); err.Error() != name+":1:1: cluster: missing" {
		t.Error(err)
	}
}

// TestFind walks up from a nested directory to the nearest config.
func TestFind(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "db", "migrations", "V1")
	mustMkdir(t, deep)
	mustWrite(t, filepath.Join(root, name), "")
	mustMkdir(t, filepath.Join(root, "db", name)) // a directory of that name is no config
	got, err := Find(deep)
	if err != nil || got != filepath.Join(root, name) {
		t.Errorf("got %q, %v", got, err)
	}
	mustWrite(t, filepath.Join(root, "db", "migrations", name), "")
	if got, _ := Find(deep); got != filepath.Join(root, "db", "migrations", name) {
		t.Errorf("nearest: got %q", got)
	}
}

func TestLoad(t *testing.T) {
	root := t.TempDir()
	work := filepath.Join(root, "db", "migrations")
	mustMkdir(t, work)
	mustMkdir(t, filepath.Join(work, "ci"))
	mustWrite(t, filepath.Join(root, name), "db_user = \"found\"\n")
	mustWrite(t, filepath.Join(work, "ci", "preflight.toml"), "db_user = \"explicit\"\n")

	cfg, err := Load(flags{}, work)
	if err != nil || cfg.Path != filepath.Join("..", "..", name) || cfg.Dir != root {
		t.Fatalf("walk up: %+v, %v", cfg, err)
	}
	cfg, err = Load(flags{"config": "ci/preflight.toml"}, work)
	if err != nil || cfg.Path != "ci/preflight.toml" || cfg.Dir != filepath.Join(work, "ci") {
		t.Fatalf("--config: %+v, %v", cfg, err)
	}
	if cfg, err := Load(flags{"no-config": true}, work); cfg != nil || err != nil {
		t.Errorf("--no-config: %+v, %v", cfg, err)
	}
	_, err = Load(flags{"no-config": true, "config": "x.toml"}, work)
	if err == nil || err.Error() != "--config and --no-config contradict each other" {
		t.Errorf("both: %v", err)
	}
	_, err = Load(flags{"config": "nope.toml"}, work)
	if err == nil || err.Error() != "cannot read config nope.toml: no such file or directory" {
		t.Errorf("missing: %v", err)
	}
	if cfg, err := Load(flags{}, t.TempDir()); cfg != nil || err != nil {
		t.Errorf("none: %+v, %v", cfg, err)
	}
}

func mustMkdir(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
}

func mustWrite(t *testing.T, path, text string) {
	t.Helper()
	mustMkdir(t, filepath.Dir(path))
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// flags is a command line for tests: a value per given flag (string,
// []string, int or bool), and "args" for the arguments.
type flags map[string]any

func (f flags) IsSet(n string) bool { _, ok := f[n]; return ok && n != "args" }
func (f flags) String(n string) string {
	s, _ := f[n].(string)
	return s
}
func (f flags) StringSlice(n string) []string {
	s, _ := f[n].([]string)
	return s
}
func (f flags) Int(n string) int {
	i, _ := f[n].(int)
	return i
}
func (f flags) Bool(n string) bool {
	b, _ := f[n].(bool)
	return b
}
func (f flags) Args() []string { return f.StringSlice("args") }
