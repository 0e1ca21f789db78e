package config

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// sqlTree makes a small project and makes it the working directory.
func sqlTree(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	for _, f := range []string{"top.sql", "db/a/V1.sql", "db/a/b/V2.SQL", "db/readme.md",
		"db/.git/x.sql", "db/node_modules/y.sql", "db/.hg/z.sql", "db/.svn/w.sql"} {
		mustWrite(t, filepath.Join(root, f), "SELECT 1;\n")
	}
	t.Chdir(root)
	return root
}

func names(ins []Input) []string {
	var out []string
	for _, in := range ins {
		out = append(out, in.Name)
	}
	return out
}

func TestExpand(t *testing.T) {
	sqlTree(t)
	tests := []struct {
		paths []string
		want  []string
	}{
		{[]string{"db"}, []string{"db/a/V1.sql", "db/a/b/V2.SQL"}},
		{[]string{"."}, []string{"db/a/V1.sql", "db/a/b/V2.SQL", "top.sql"}},
		// A glob is the user's: it is not filtered like a walk (as before).
		{[]string{"db/**/*.sql"}, []string{"db/.git/x.sql", "db/.hg/z.sql", "db/.svn/w.sql", "db/a/V1.sql", "db/node_modules/y.sql"}},
		{[]string{"d?"}, []string{"db/a/V1.sql", "db/a/b/V2.SQL"}}, // a glob that matches a directory walks it
		{[]string{"db/readme.md"}, []string{"db/readme.md"}},       // a file named explicitly is checked
		{[]string{"top.sql", "./top.sql", "-", "db", "db/a/V1.sql", "-"}, []string{"top.sql", "-", "db/a/V1.sql", "db/a/b/V2.SQL"}},
	}
	for _, tt := range tests {
		got, err := Expand(tt.paths, nil)
		if err != nil || !reflect.DeepEqual(names(got), tt.want) {
			t.Errorf("%q: got %q, %v; want %q", tt.paths, names(got), err, tt.want)
		}
	}
	got, _ := Expand([]string{"-", "top.sql"}, nil)
	if want := []Input{{Name: "-", Stdin: true}, {Name: "top.sql", Path: "top.sql"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v", got)
	}
}

func TestExpandErrors(t *testing.T) {
	sqlTree(t)
	tests := []struct {
		paths []string
		want  string
	}{
		{[]string{"top.sql", "nope.sql"}, "cannot read nope.sql: no such file or directory"},
		{[]string{"db/*.txt"}, "path pattern db/*.txt matches no files"},
		{[]string{"db/a/b/*.sql"}, "path pattern db/a/b/*.sql matches no files"}, // the glob is case-sensitive
		{[]string{"db/[a"}, "bad path pattern db/[a: syntax error in pattern"},
		// An empty run is not "no problems": a directory must give a file.
		{[]string{"top.sql", "empty"}, "no SQL file in empty (a directory is walked for *.sql)"},
		{[]string{"e*"}, "path pattern e* matches no files"}, // only a directory without SQL
	}
	if err := os.Mkdir("empty", 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		_, err := Expand(tt.paths, nil)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%q: got %v, want %s", tt.paths, err, tt.want)
		}
	}
}

// TestExpandSkipsExcludedFiles, even when named explicitly (pre-commit).
func TestExpandSkipsExcludedFiles(t *testing.T) {
	root := sqlTree(t)
	cfg, err := Parse(name, []byte(`exclude = ["db/a/b", "**/*.md", "top.*"]`), root)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(filepath.Join(root, "db"))
	s, err := Resolve(Check, cfg, flags{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Expand([]string{".", "a/b/V2.SQL", "readme.md", "../top.sql", "-"}, s.Exclude)
	if want := []string{"a/V1.sql", "-"}; err != nil || !reflect.DeepEqual(names(got), want) {
		t.Errorf("got %q, %v; want %q", names(got), err, want)
	}
	for _, p := range []string{"a/b", "a/b/*.SQL"} {
		_, err := Expand([]string{"a/V1.sql", p}, s.Exclude)
		if want := "nothing to check in " + p + ": the config excludes every SQL file there"; err == nil || err.Error() != want {
			t.Errorf("%s: got %v, want %s", p, err, want)
		}
	}
	var none *Excluder
	if none.Excludes("a/V1.sql") {
		t.Error("a nil Excluder excludes")
	}
}
