package main

import (
	"reflect"
	"strings"
	"testing"
)

func TestReorderArgs(t *testing.T) {
	valued := func(name string) bool { return name == "format" || name == "var" || name == "max-chain" }
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"flags first", "--format json x.sql", "--format json -- x.sql"},
		{"flag after path", "x.sql --format json", "--format json -- x.sql"},
		{"flag between paths", "a.sql --format json b.sql", "--format json -- a.sql b.sql"},
		{"value form with =", "a.sql --format=json", "--format=json -- a.sql"},
		{"single dash", "a.sql -format json", "-format json -- a.sql"},
		{"bool flag keeps no value", "a.sql --no-config b.sql", "--no-config -- a.sql b.sql"},
		{"a value that looks like a flag stays", "--var x=--y a.sql --max-chain -1", "--var x=--y --max-chain -1 -- a.sql"},
		{"a value that is a path-like word stays", "--format json", "--format json"},
		{"dashes end the flags", "a.sql -- --format json", "-- a.sql --format json"},
		{"dashes as a flag's value", "--format -- a.sql", "--format -- -- a.sql"},
		{"stdin", "- --format json", "--format json -- -"},
		{"unknown flag stays a flag", "a.sql --formt json", "--formt -- a.sql json"},
		{"valued flag at the end", "a.sql --format", "--format -- a.sql"},
		{"no paths", "--format json --no-config", "--format json --no-config"},
		{"nothing", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := reorderArgs(strings.Fields(tt.in), valued)
			if want := strings.Fields(tt.want); !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
				t.Errorf("reorderArgs(%q)\n got %q\nwant %q", tt.in, got, want)
			}
		})
	}
}
