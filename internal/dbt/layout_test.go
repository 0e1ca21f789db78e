package dbt

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/internal/config"
)

func write(t *testing.T, dir, name, src string) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestLayout: what a walk of a dbt project checks, from sources and from
// target/run, and which inputs get a hook view.
func TestLayout(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, ".git/HEAD", "")
	write(t, dir, "p/dbt_project.yml", "name: p\nlog-path: out/logs\n")
	for _, f := range []string{"p/models/a.sql", "p/macros/m.sql", "p/target/run/p/models/a.sql", "p/target/compiled/p/models/a.sql",
		"p/dbt_packages/x/models/b.sql", "p/logs/c.sql", "p/out/logs/d.sql", "p/out/e.sql", "other/target/f.sql"} {
		write(t, dir, f, "select 1;")
	}
	t.Chdir(dir)
	tests := []struct {
		compiled bool
		want     []string
	}{
		{false, []string{"other/target/f.sql", "p/dbt_project.yml", "p/macros/m.sql", "p/models/a.sql", "p/out/e.sql"}},
		{true, []string{"other/target/f.sql", "p/dbt_project.yml", "p/target/run/p/models/a.sql"}},
	}
	for _, tc := range tests {
		inputs, err := config.Expand([]string{"."}, nil, &Layout{Compiled: tc.compiled})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, in := range inputs {
			got = append(got, in.Name)
			hooks := in.Prepare != nil
			wantHooks := in.Name == "p/dbt_project.yml" || in.Name == "p/models/a.sql" || in.Name == "p/macros/m.sql" || in.Name == "p/out/e.sql"
			if hooks != wantHooks {
				t.Errorf("compiled=%v: %s has a hook view: %v", tc.compiled, in.Name, hooks)
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, tc.want) {
			t.Errorf("compiled=%v:\n got %q\nwant %q", tc.compiled, got, tc.want)
		}
	}
}
