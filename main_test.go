package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the expected outputs in testdata/scenarios")

// TestScenarios runs the CLI end to end on txtar archives. The archive's
// comment holds the command line ("$ redshift-preflight check ...") and a
// description; its files are written to a temporary directory, which becomes
// the working directory. The sections "stdout", "stderr" and "exit" hold the
// expected results (refreshed with -update); "stdin" feeds standard input.
// A comment line "cd DIR" runs the command in that directory of the files;
// "env NAME=VALUE" sets an environment variable for it.
func TestScenarios(t *testing.T) {
	paths, err := filepath.Glob("testdata/scenarios/*.txtar")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no scenarios: %v", err)
	}
	for _, path := range paths {
		path, _ := filepath.Abs(path) // the scenario changes the working directory
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			runScenario(t, path)
		})
	}
}

var expectations = map[string]bool{"stdout": true, "stderr": true, "exit": true, "stdin": true}

func runScenario(t *testing.T, path string) {
	ar, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	testdata, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	args := commandLine(t, string(ar.Comment))
	for i := range args { // scenarios may use the shared fixtures: $TESTDATA/world/iam
		args[i] = strings.ReplaceAll(args[i], "$TESTDATA", testdata)
	}
	dir := t.TempDir()
	var stdin []byte
	for _, f := range ar.Files {
		if f.Name == "stdin" {
			stdin = f.Data
		}
		if expectations[f.Name] {
			continue
		}
		target := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(target, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(filepath.Join(dir, workDir(string(ar.Comment))))
	t.Setenv("NO_COLOR", "")
	for _, kv := range envLines(string(ar.Comment)) {
		t.Setenv(kv[0], kv[1])
	}
	var stdout, stderr bytes.Buffer
	code := run(args, bytes.NewReader(stdin), &stdout, &stderr)
	// Paths into the shared fixtures differ per machine: print them relative.
	unroot := func(b []byte) []byte { return bytes.ReplaceAll(b, []byte(testdata), []byte("$TESTDATA")) }
	got := map[string][]byte{"stdout": unroot(stdout.Bytes()), "stderr": unroot(stderr.Bytes()), "exit": []byte(strconv.Itoa(code) + "\n")}
	if *update {
		writeExpectations(t, path, ar, got)
		return
	}
	for _, f := range ar.Files {
		if g, ok := got[f.Name]; ok && !bytes.Equal(g, f.Data) {
			t.Errorf("%s differs (run with -update to accept):\n--- want\n%s\n--- got\n%s", f.Name, f.Data, g)
		}
	}
}

// commandLine reads "$ redshift-preflight ARGS" from the comment; arguments
// may be single-quoted to hold spaces.
func commandLine(t *testing.T, comment string) []string {
	for _, line := range strings.Split(comment, "\n") {
		if rest, ok := strings.CutPrefix(line, "$ "); ok {
			return splitQuoted(rest)
		}
	}
	t.Fatal("scenario has no '$ redshift-preflight ...' line")
	return nil
}

// workDir reads an optional "cd DIR" line: the directory, inside the
// scenario's files, to run in.
func workDir(comment string) string {
	for _, line := range strings.Split(comment, "\n") {
		if rest, ok := strings.CutPrefix(line, "cd "); ok {
			return filepath.FromSlash(strings.TrimSpace(rest))
		}
	}
	return "."
}

// envLines reads "env NAME=VALUE" lines: the environment the command
// runs with (dbt's env_var()), set for the scenario only.
func envLines(comment string) [][2]string {
	var out [][2]string
	for _, line := range strings.Split(comment, "\n") {
		if rest, ok := strings.CutPrefix(line, "env "); ok {
			if name, value, ok := strings.Cut(strings.TrimSpace(rest), "="); ok {
				out = append(out, [2]string{name, value})
			}
		}
	}
	return out
}

func splitQuoted(s string) []string {
	var args []string
	var cur strings.Builder
	inQuote, started := false, false
	for _, r := range s {
		switch {
		case r == '\'':
			inQuote, started = !inQuote, true
		case r == ' ' && !inQuote:
			if started {
				args = append(args, cur.String())
				cur.Reset()
				started = false
			}
		default:
			cur.WriteRune(r)
			started = true
		}
	}
	if started {
		args = append(args, cur.String())
	}
	return args
}

func writeExpectations(t *testing.T, path string, ar *txtar.Archive, got map[string][]byte) {
	var files []txtar.File
	for _, f := range ar.Files {
		if _, isResult := got[f.Name]; !isResult {
			files = append(files, f)
		}
	}
	for _, name := range []string{"stdout", "stderr", "exit"} {
		files = append(files, txtar.File{Name: name, Data: got[name]})
	}
	ar.Files = files
	if err := os.WriteFile(path, txtar.Format(ar), 0o644); err != nil {
		t.Fatal(err)
	}
}
