package config

import (
	"errors"
	"testing"
)

// FuzzParse: the decoder never panics, every error it returns is
// positioned inside the file, and what it accepts resolves without panic.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		fullConfig,
		"paths = \"db\"\n",
		"[rules]\ndisabled = [\"x\"]\n",
		"[[connections]]\nstart = 1\n",
		"connections = [{start = \"s\", chain = \"a,,b\", db_user = \"u\", db_name = \"d\"}]\n",
		"a.b.c = 1\n[a.b]\n",
		"[[a]]\n[a.b]\nc = 1\n[[a.b.d]]\n",
		"vars = { \"é\" = \"x\", b = [[1], {c = 2}] }\n",
		"x = 1979-05-27T07:32:00Z\n",
		"[rules.severity]\n\"\" = \"off\"\n",
	} {
		f.Add([]byte(seed))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse(name, data, dir)
		var e *Error
		if errors.As(err, &e) && (e.Pos.Line < 1 || e.Pos.Column < 1 || e.Pos.Offset > len(data) || e.File != name) {
			t.Fatalf("error outside the file: %+v", e)
		}
		if err != nil {
			return
		}
		for _, cmd := range []Command{Check, Explain, Connect} {
			if cmd == Check && cfg.node("vars_file") != nil {
				continue // would read whatever file the input names
			}
			_, _ = Resolve(cmd, cfg, flags{}, testRules)
		}
		for _, c := range cfg.Connections() {
			_ = c.Errorf("chain", "x")
		}
	})
}

// FuzzVarsJSON: the JSON vars reader never panics.
func FuzzVarsJSON(f *testing.F) {
	for _, seed := range []string{`{"a": "x", "n": 1, "b": true}`, `{"a": {"b": 1}}`, `{"a": "x"} x`, `{"a"`, `{"a": "x", "a": "y"}`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = readVarsJSON("vars.json", data, map[string]string{})
	})
}
