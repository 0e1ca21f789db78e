package main

import (
	"fmt"
	"runtime/debug"
	"strings"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	pgparser "github.com/pganalyze/pg_query_go/v5/parser"
)

func TestBuildLine(t *testing.T) {
	const mod = "github.com/redshift-preflight/redshift-preflight"
	tests := []struct {
		name string
		info *debug.BuildInfo
		want string
	}{
		{"no build information", nil, "module (unknown)"},
		{"a tagged install", &debug.BuildInfo{Main: debug.Module{Path: mod, Version: "v0.2.0"}}, "module " + mod + " v0.2.0"},
		{"a checkout", &debug.BuildInfo{Main: debug.Module{Path: mod, Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "2ce96c2"}, {Key: "vcs.modified", Value: "true"}}},
			"module " + mod + " (devel), revision 2ce96c2, modified"},
		{"a clean checkout", &debug.BuildInfo{Main: debug.Module{Path: mod, Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "2ce96c2"}, {Key: "vcs.modified", Value: "false"}}},
			"module " + mod + " (devel), revision 2ce96c2"},
		{"a test binary", &debug.BuildInfo{}, "module " + mod + " (devel)"},
	}
	for _, tt := range tests {
		if got := buildLine(tt.info); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestVersionFlag(t *testing.T) {
	code, stdout, stderr := runIn(t, t.TempDir(), "--version")
	if code != exitOK || !strings.HasPrefix(stdout, "redshift-preflight "+version+"\nmodule ") || stderr != "" {
		t.Errorf("--version: code %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	_, help, _ := runIn(t, t.TempDir(), "--help")
	if !strings.Contains(help, "--version") || !strings.Contains(help, "version  ") {
		t.Errorf("help does not mention the version flag and command:\n%s", help)
	}
}

// parseResultVersion reads the version pg_query's generated types read.
func TestParseResultVersion(t *testing.T) {
	res, err := pg_query.Parse("SELECT 1")
	if err != nil {
		t.Fatal(err)
	}
	pb, err := pgparser.ParseToProtobuf("SELECT 1")
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := parseResultVersion(pb); !ok || v != res.GetVersion() || v < 160000 {
		t.Errorf("parseResultVersion: %d, %v; pg_query.Parse: %d", v, ok, res.GetVersion())
	}
	for _, bad := range [][]byte{{0x08}, {0x00}, {0x12, 0x05}, {}} {
		if v, ok := parseResultVersion(bad); ok {
			t.Errorf("% x: version %d, want none", bad, v)
		}
	}
	if got := postgresVersion(); got != fmt.Sprintf("%d.%d", res.GetVersion()/10000, res.GetVersion()%100) {
		t.Errorf("postgresVersion() = %q", got)
	}
}
