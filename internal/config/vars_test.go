package config

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestVarsFileFormats(t *testing.T) {
	tests := []struct{ name, text string }{
		{"vars.env", "# Flyway placeholders\n! also a comment\n\na = plain\nexport b=\"quoted\"\n c = 'single' \nd=x=y\ne=\n"},
		{"vars.json", ` {"a": "plain", "b": "quoted", "c": "single", "d": "x=y", "e": ""} `},
	}
	want := map[string]string{"a": "plain", "b": "quoted", "c": "single", "d": "x=y", "e": ""}
	for _, tt := range tests {
		path := filepath.Join(t.TempDir(), tt.name)
		mustWrite(t, path, tt.text)
		got := map[string]string{}
		if err := readVarsFile(path, got, noLimit, ""); err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %v, %v", tt.name, got, err)
		}
	}
}

func TestVarsJSONScalars(t *testing.T) {
	path := filepath.Join(t.TempDir(), "vars.json")
	mustWrite(t, path, `{"n": 1e21, "i": 5439, "t": true, "f": false}`)
	got := map[string]string{}
	want := map[string]string{"n": "1e21", "i": "5439", "t": "true", "f": "false"}
	if err := readVarsFile(path, got, noLimit, ""); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, %v", got, err)
	}
}

// TestVarsFileErrors name the file and the line (and column, for JSON).
func TestVarsFileErrors(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"vars.env", "a=1\n\nno equals sign\n", "vars.env:3: expected NAME=VALUE"},
		{"vars.env", " =value\n", "vars.env:1: expected NAME=VALUE"},
		{"vars.json", "{\n  \"a\": \"x\",\n  \"b\": {\"c\": 1}\n}", "vars.json:3:8: $.b must be a string"},
		{"vars.json", `{"a": null}`, "vars.json:1:7: $.a must be a string"},
		{"vars.json", `{"a": ["x"]}`, "vars.json:1:7: $.a must be a string"},
		{"vars.json", "{\"a\": \"x\",\n \"a\": \"y\"}", "vars.json:2:2: $.a is defined twice"},
		{"vars.json", `{"a": "x",}`, "vars.json:1:10: not a JSON object of strings: invalid character ',' at start of value"},
		{"vars.json", `{"a": "x"`, "vars.json:1:10: not a JSON object of strings: unexpected EOF"},
		{"vars.json", `{"a": "x"} {}`, "vars.json:1:12: not a JSON object of strings: data after the object"},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		t.Chdir(dir)
		mustWrite(t, filepath.Join(dir, tt.name), tt.text)
		err := readVarsFile(tt.name, map[string]string{}, noLimit, "")
		if err == nil || err.Error() != tt.want {
			t.Errorf("%q\n got %v\nwant %s", tt.text, err, tt.want)
		}
	}
}

// TestDbtVars: --dbt-vars inline or a file; the config's dbt_vars file is
// relative to the config; errors name where and the line.
func TestDbtVars(t *testing.T) {
	cfg, _ := project(t, "dbt_vars = \"dbt/vars.yml\"\n", "dbt/vars.yml", "# dbt vars\nrole: arn:aws:iam::123456789012:role/FromConfig\n")
	s := resolve(t, Check, cfg, flags{})
	if v := s.DbtVars["role"]; v.Text != "arn:aws:iam::123456789012:role/FromConfig" || filepath.Base(v.Origin) != "vars.yml:2" {
		t.Errorf("config file: %+v", s.DbtVars)
	}
	s = resolve(t, Check, cfg, flags{"dbt-vars": `{"role": "arn:aws:iam::123456789012:role/Inline", n: 1}`})
	if s.DbtVars["role"].Text != "arn:aws:iam::123456789012:role/Inline" || s.DbtVars["n"].Text != "1" {
		t.Errorf("inline: %+v", s.DbtVars)
	}
	for _, tc := range []struct{ value, want string }{
		{"{role: [x}", "--dbt-vars:1: not valid YAML"},
		{"missing.yml", "cannot read --dbt-vars file missing.yml"},
	} {
		_, err := Resolve(Check, cfg, flags{"dbt-vars": tc.value}, testRules)
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %s...", tc.value, err, tc.want)
		}
	}
}
