package checks

import (
	"reflect"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// TestMergeAdvisories: an advisory is kept once per run, at its first
// finding in report order (files by name), counting the references.
func TestMergeAdvisories(t *testing.T) {
	adv := func(advice, msg string) Finding {
		return Finding{Rule: TrustNoExternalID, Message: msg, advice: advice}
	}
	other := Finding{Rule: PermissionMissing, Message: "m"}
	tests := []struct {
		name  string
		files map[string][]Finding // by file name; given in reverse name order
		want  map[string][]string  // messages kept, by file name
	}{
		{"one reference keeps its message", map[string][]Finding{"a.sql": {adv("k", "x")}},
			map[string][]string{"a.sql": {"x"}}},
		{"repeats in one file", map[string][]Finding{"a.sql": {adv("k", "x"), other, adv("k", "x")}},
			map[string][]string{"a.sql": {"x (2 references)", "m"}}},
		{"first by file name, not by argument order", map[string][]Finding{"b.sql": {adv("k", "x")}, "a.sql": {other, adv("k", "x")}},
			map[string][]string{"a.sql": {"m", "x (2 references)"}, "b.sql": {}}},
		{"other roles or statements are their own", map[string][]Finding{"a.sql": {adv("k1", "x"), adv("k2", "y"), adv("k1", "x")}},
			map[string][]string{"a.sql": {"x (2 references)", "y"}}},
		{"findings that are no advice all stay", map[string][]Finding{"a.sql": {other, other}},
			map[string][]string{"a.sql": {"m", "m"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var files []*FileResult
			for _, name := range []string{"b.sql", "a.sql"} {
				if fs, ok := tt.files[name]; ok {
					files = append(files, &FileResult{File: sqlparse.NewFile(name, nil), Findings: append([]Finding(nil), fs...)})
				}
			}
			mergeAdvisories(files)
			got := map[string][]string{}
			for _, fr := range files {
				got[fr.File.Name] = []string{}
				for _, f := range fr.Findings {
					got[fr.File.Name] = append(got[fr.File.Name], f.Message)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
