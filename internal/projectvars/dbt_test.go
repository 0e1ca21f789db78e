package projectvars

import (
	"errors"
	"maps"
	"path/filepath"
	"strings"
	"testing"
)

const dbtSrc = `name: 'analytics'
version: '1.0.0'
target-path: build
vars:
  role: arn:aws:iam::123456789012:role/Global
  bucket: "s3://loads"
  enabled: true
  nothing: ~
  list: [a, b]
  analytics:
    role: 'arn:aws:iam::123456789012:role/Scoped'
  snowplow:
    role: arn:aws:iam::123456789012:role/Snowplow
    app_ids: x
`

// TestParseDbtProject: global vars under the project's own scope, other
// packages' scopes left out, Python's rendering of booleans and null, the
// output paths, and each value's line.
func TestParseDbtProject(t *testing.T) {
	p, err := ParseDbtProject("dbt_project.yml", dbtSrc)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for k, v := range p.Vars {
		got[k] = v.Text + " @" + v.Origin
	}
	want := map[string]string{
		"role":    "arn:aws:iam::123456789012:role/Scoped @dbt_project.yml:11",
		"bucket":  "s3://loads @dbt_project.yml:6",
		"enabled": "True @dbt_project.yml:7",
		"nothing": "None @dbt_project.yml:8",
	}
	if !maps.Equal(got, want) {
		t.Errorf("vars\n got %q\nwant %q", got, want)
	}
	if p.Name != "analytics" || p.TargetPath != "build" || p.PackagesPath != "dbt_packages" || p.LogPath != "logs" {
		t.Errorf("project %q paths %q %q %q", p.Name, p.TargetPath, p.PackagesPath, p.LogPath)
	}
}

func TestParseDbtProjectErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"name: x\nvars:\n  a: [b\n", "dbt_project.yml:3: not valid YAML"},
		{"name: x\nvars:\n  a: *nope\n", "dbt_project.yml:3: not valid YAML: unknown anchor"},
		{"[a\n", "dbt_project.yml:2: not valid YAML"}, // where the file ends
		{"name: x\nvars: [a]\n", "dbt_project.yml:2: vars: must be a mapping"},
		{"- a\n", "dbt_project.yml:1: a dbt_project.yml is a mapping"},
		{"name: x\n\tvars: 1\n", "dbt_project.yml:2: not valid YAML"},
		{"name: x\nvars:\n  a: \x01\n", "dbt_project.yml:3: not valid YAML"},
	}
	for _, tc := range tests {
		_, err := ParseDbtProject("dbt_project.yml", tc.src)
		var ie *InputError
		if !errors.As(err, &ie) || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %s...", tc.src, err, tc.want)
		}
	}
}

func TestParseDbtVars(t *testing.T) {
	got, err := ParseDbtVars("--dbt-vars", `{role: "arn:aws:iam::123456789012:role/Cli", n: 3}`)
	if err != nil {
		t.Fatal(err)
	}
	if got["role"].Text != "arn:aws:iam::123456789012:role/Cli" || got["n"].Text != "3" || got["n"].Origin != "--dbt-vars:1" {
		t.Errorf("%+v", got)
	}
	if _, err := ParseDbtVars("--dbt-vars", `[a]`); err == nil || !strings.Contains(err.Error(), "expected a mapping") {
		t.Errorf("a list: %v", err)
	}
}

// TestFinderDbt: the nearest dbt_project.yml, under --dbt-vars, and the
// environment under env_var: keys, only in a dbt project.
func TestFinderDbt(t *testing.T) {
	repo := t.TempDir()
	write(t, repo, ".git/HEAD", "")
	write(t, repo, "dbt/dbt_project.yml", dbtSrc)
	write(t, repo, "dbt/models/m.sql", "")
	write(t, repo, "other/x.sql", "")
	f := NewFinder(Options{Environ: []string{"ROLE=arn:env"}, DbtVars: map[string]Value{"bucket": {Text: "s3://cli", Origin: "--dbt-vars"}}})
	p, err := f.For(filepath.Join(repo, "dbt/models/m.sql"))
	if err != nil {
		t.Fatal(err)
	}
	if p.Values["var:role"].Text != "arn:aws:iam::123456789012:role/Scoped" || p.Values["var:bucket"].Text != "s3://cli" ||
		p.Values["env_var:ROLE"].Text != "arn:env" || p.Values["env_var:ROLE"].Origin != "environment variable ROLE" {
		t.Errorf("%+v", p.Values)
	}
	p, err = f.For(filepath.Join(repo, "other/x.sql"))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := p.Values["env_var:ROLE"]; ok || p.Values["var:bucket"].Text != "s3://cli" || p.Values["var:role"].Text != "" {
		t.Errorf("outside the project: %+v", p.Values)
	}
	write(t, repo, "bad/dbt_project.yml", "vars: [\n")
	write(t, repo, "bad/m.sql", "")
	if _, err := f.For(filepath.Join(repo, "bad/m.sql")); err == nil || !strings.Contains(err.Error(), "dbt_project.yml:") {
		t.Errorf("malformed: %v", err)
	}
}

func FuzzParseDbtProject(f *testing.F) {
	for _, s := range []string{dbtSrc, "vars: [\n", "name: x\nvars: {x: {a: 1}, b: *c}\n", "a: &x 1\nvars: {b: *x}\n", "\xff", "vars:\n  a: \x01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		p, err := ParseDbtProject("dbt_project.yml", src)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) || ie.Line < 1 {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		for name, v := range p.Vars {
			if !strings.HasPrefix(v.Origin, "dbt_project.yml:") {
				t.Fatalf("value %q %+v", name, v)
			}
		}
		if _, err := ParseDbtVars("v", src); err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("not an input error: %v", err)
			}
		}
	})
}
