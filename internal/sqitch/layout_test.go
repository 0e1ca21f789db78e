package sqitch

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/internal/config"
	"github.com/redshift-preflight/redshift-preflight/internal/files"
)

const ts = " 2024-01-01T00:00:00Z A <a@x>\n"

// tree writes files (slash paths → content) below a new directory holding
// .git, so that no search looks above it.
func tree(t *testing.T, fs map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	fs[".git/HEAD"] = ""
	for name, content := range fs {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestArrange(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		in    []string // input paths, below the tree
		want  []string // "path step"
	}{
		{"plan order, revert reversed, verify, then the rest",
			map[string]string{"sqitch.plan": "b" + ts + "a" + ts + "c" + ts},
			[]string{"other.sql", "deploy/a.sql", "deploy/b.sql", "deploy/c.sql", "deploy/unplanned.sql", "revert/a.sql", "revert/b.sql", "verify/a.sql", "verify/b.sql", "z.sql"},
			[]string{"other.sql 0", "deploy/b.sql 1", "deploy/a.sql 2", "deploy/c.sql 3", "deploy/unplanned.sql -1",
				"revert/a.sql -1", "revert/b.sql -1", "verify/b.sql -1", "verify/a.sql -1", "z.sql 0"}},
		{"only the named scripts",
			map[string]string{"sqitch.plan": "b" + ts + "a" + ts, "deploy/b.sql": ""},
			[]string{"deploy/a.sql"},
			[]string{"deploy/a.sql 2"}},
		{"reworked: the first tag whose script exists",
			map[string]string{"sqitch.plan": "a" + ts + "@v1" + ts[:len(ts)-1] + " # t\nb" + ts + "@v2" + ts + "a [a@v1]" + ts,
				"deploy/a@v2.sql": "", "deploy/b.sql": ""},
			[]string{"deploy/a.sql", "deploy/a@v2.sql", "deploy/b.sql"},
			[]string{"deploy/a@v2.sql 1", "deploy/b.sql 2", "deploy/a.sql 3"}},
		{"sqitch.conf top_dir, deploy_dir and extension; engine settings win",
			map[string]string{"sqitch.conf": "[core]\n\tengine = redshift\n\ttop_dir = db\n\textension = ddl\n[engine \"redshift\"]\n\tdeploy_dir = db/up\n",
				"db/sqitch.plan": "b" + ts + "a" + ts},
			[]string{"db/up/a.ddl", "db/up/b.ddl", "db/deploy/a.ddl", "db/revert/a.ddl"},
			[]string{"db/up/b.ddl 1", "db/up/a.ddl 2", "db/revert/a.ddl -1", "db/deploy/a.ddl 0"}}, // db/deploy is no script directory
		{"change names with slashes are subdirectories",
			map[string]string{"sqitch.plan": "x/b" + ts + "a" + ts},
			[]string{"deploy/a.sql", "deploy/x/b.sql"},
			[]string{"deploy/x/b.sql 1", "deploy/a.sql 2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, p := range tt.in {
				if _, ok := tt.files[p]; !ok {
					tt.files[p] = "SELECT 1;"
				}
			}
			dir := tree(t, tt.files)
			var inputs []config.Input
			for _, p := range tt.in {
				inputs = append(inputs, config.Input{Name: p, Path: filepath.Join(dir, filepath.FromSlash(p))})
			}
			out, err := New(files.Limit{}).Arrange(inputs)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, in := range out {
				got = append(got, in.Name+" "+itoa(in.Step))
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func itoa(n int) string {
	if n < 0 {
		return "-" + itoa(-n)
	}
	return string(rune('0' + n))
}

func TestArrangeErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string // after the tree's path
	}{
		{"missing deploy script", map[string]string{"sqitch.plan": "%project=p\na" + ts + "b" + ts},
			"/sqitch.plan:3: change b has no deploy script: "},
		{"reworked script missing", map[string]string{"sqitch.plan": "a" + ts + "@v1" + ts + "a" + ts},
			"/sqitch.plan:1: change a has no deploy script: "},
		{"malformed plan", map[string]string{"sqitch.plan": "a" + ts + "b 2024 A <a@x>\n"},
			"/sqitch.plan:2: not a change"},
		{"malformed conf", map[string]string{"sqitch.conf": "[core\n", "sqitch.plan": "a" + ts},
			"/sqitch.conf:1: malformed section header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.files["deploy/a.sql"] = "SELECT 1;"
			dir := tree(t, tt.files)
			_, err := New(files.Limit{}).Arrange([]config.Input{{Name: "deploy/a.sql", Path: filepath.Join(dir, "deploy", "a.sql")}})
			if err == nil || !strings.HasPrefix(err.Error(), filepath.ToSlash(dir)+tt.want) {
				t.Errorf("error %v, want %s%s", err, dir, tt.want)
			}
		})
	}
}

// TestArrangeOutsideProjects: stdin and files of no sqitch project keep
// their order and step.
func TestArrangeOutsideProjects(t *testing.T) {
	dir := tree(t, map[string]string{"b.sql": "", "a.sql": ""})
	in := []config.Input{{Name: "-", Stdin: true}, {Name: "b.sql", Path: filepath.Join(dir, "b.sql")}, {Name: "a.sql", Path: filepath.Join(dir, "a.sql")}}
	out, err := New(files.Limit{}).Arrange(in)
	if err != nil || !reflect.DeepEqual(out, in) {
		t.Errorf("got %v, %v", out, err)
	}
}
