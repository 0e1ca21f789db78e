package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// demoTemplatedArgs is the command the README runs on the templated demo.
var demoTemplatedArgs = []string{"check", "--iam", "testdata/demo/iam", "--cluster", "testdata/demo/cluster",
	"--db-user", "etl_user", "testdata/demo-templated"}

// TestDemoTemplated keeps the README's templated demo true: the command it
// shows prints, byte for byte, the output shown (standard output, then
// standard error); go test -run TestDemoTemplated -update rewrites it.
func TestDemoTemplated(t *testing.T) {
	const begin, end = "<!-- demo-templated: checked by go test -run TestDemoTemplated; -update rewrites it -->\n", "<!-- end demo-templated -->"
	root, _ := filepath.Abs(".")
	code, stdout, stderr := runIn(t, root, demoTemplatedArgs...)
	if code != exitFindings {
		t.Fatalf("exit code %d, want 1\n%s%s", code, stdout, stderr)
	}
	want := "```\n$ go run . " + strings.Join(demoTemplatedArgs, " ") + "\n" + stdout + stderr + "```\n"
	checkReadmeBlock(t, begin, end, want, "templated demo", "TestDemoTemplated")
}

// checkReadmeBlock keeps the part of README.md between the markers begin
// and end equal to want; with -update it rewrites it.
func checkReadmeBlock(t *testing.T, begin, end, want, what, test string) {
	t.Helper()
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	i, j := strings.Index(text, begin), strings.Index(text, end)
	if i < 0 || j < i {
		t.Fatalf("README.md has no %s between %q and %q", what, begin, end)
	}
	if text[i+len(begin):j] == want {
		return
	}
	if *update {
		if err := os.WriteFile("README.md", []byte(text[:i+len(begin)]+want+text[j:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md's %s is out of date (go test -run %s -update):\n%s", what, test, want)
}
