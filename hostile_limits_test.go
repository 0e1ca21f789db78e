package main

// Hostile inputs whose promise is about resources and about the report
// file rather than about what is printed: linear growth (issue 10, point
// 5), a bounded placeholder expansion, an --output file replaced
// atomically and a closed stdout (point 7). Each also keeps the promises
// every run keeps (commonProblems), in every format.

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
)

// maxGrowth bounds how much more work an input ten times as large may
// take: 10 for linear work, doubled for noise and n log n. Quadratic work
// gives 100.
const maxGrowth = 20

// growthCase is a pathological input of the issue, generated at any size:
// at size n and 10n (10n is the size) the counted work must grow
// at most maxGrowth times.
type growthCase struct {
	name string
	n    int // a tenth of the size
	args []string
	code int // the exit code at both sizes
	sql  func(n int) string
	data func(n int) map[string]string // other input files, when the size is in them
}

func growthCases() []growthCase {
	const copyNoAuth = "COPY t FROM 's3://b/p';"
	return []growthCase{
		{name: "one-line-chain-40000-elements", n: 4000, code: exitFindings,
			sql: func(n int) string { return "COPY t FROM 's3://b/p' IAM_ROLE '" + strings.Repeat("a,", n-1) + "a';\n" }},
		{name: "5000-statements-on-one-line", n: 500, code: exitFindings,
			sql: func(n int) string { return strings.Repeat(copyNoAuth, n) + "\n" }},
		{name: "8000-ignore-comments-on-one-line", n: 800, code: exitOK, // the statement is ignored; unused ignores are warnings
			sql: func(n int) string {
				return strings.Repeat("/* preflight-ignore missing-authorization */ ", n) + copyNoAuth + "\n"
			}},
		{name: "8000-iam-role-clauses", n: 800, code: exitFindings,
			sql: func(n int) string {
				return "COPY t FROM 's3://b/p'" + strings.Repeat(" IAM_ROLE 'arn:aws:iam::123456789012:role/R'", n) + ";\n"
			}},
		{name: "64000-placeholders-in-one-value", n: 6400, code: exitFindings, args: []string{"--var", "a=x"},
			sql: func(n int) string { return "COPY t FROM 's3://b/p' IAM_ROLE '" + strings.Repeat("${a}", n) + "';\n" }},
		{name: "40000-serverless-namespaces-and-workgroups", n: 4000, code: exitOK,
			args: []string{"--cluster", "namespaces.json", "--cluster", "workgroups.json", "--cluster-id", "wg-0"},
			sql:  func(int) string { return "COPY t FROM 's3://b/p' IAM_ROLE default;\n" },
			data: serverlessData},
		// A control: the same statements one per line were linear before
		// issue 10; if this case fails, the counting is wrong, not the tool.
		{name: "control-5000-statements-one-per-line", n: 500, code: exitFindings,
			sql: func(n int) string { return strings.Repeat(copyNoAuth+"\n", n) }},
	}
}

// TestHostileGrowth compares the work counted by the child (bytes and
// objects allocated, CPU time) at n and 10n, in every format.
func TestHostileGrowth(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the CLI in child processes on large inputs")
	}
	if raceEnabled {
		// The counts do not change under the race detector, but each run of
		// the sizes takes minutes: scripts/test.sh runs -race, so
		// this test runs in the tests without it (go test ./...).
		t.Skip("the race detector makes the issue's input sizes take minutes; run without -race")
	}
	for _, c := range growthCases() {
		t.Run(c.name, func(t *testing.T) {
			skipIfPending(t, "growth/"+c.name)
			for _, format := range formatsOf["check"] {
				small := runGrowth(t, c, format, c.n)
				large := runGrowth(t, c, format, 10*c.n)
				if t.Failed() {
					return
				}
				for _, g := range []struct {
					what         string
					small, large float64
				}{
					{"bytes allocated", float64(small.TotalAlloc), float64(large.TotalAlloc)},
					{"objects allocated", float64(small.Mallocs), float64(large.Mallocs)},
					{"CPU time", float64(small.CPU), float64(large.CPU)},
				} {
					if ratio := g.large / g.small; ratio > maxGrowth {
						t.Errorf("--format %s: %s: %s grows %.0f times from n=%d to 10n (at most %d)", format, bounded, g.what, ratio, c.n, maxGrowth)
					}
				}
				t.Logf("--format %s: n=%d: %d B, %d objects, %v; 10n: %d B, %d objects, %v", format, c.n,
					small.TotalAlloc, small.Mallocs, small.CPU, large.TotalAlloc, large.Mallocs, large.CPU)
			}
		})
	}
}

// serverlessData is n namespaces (aws redshift-serverless list-namespaces)
// and their n workgroups (list-workgroups), to merge.
func serverlessData(n int) map[string]string {
	var ns, wg strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			ns.WriteString(",\n")
			wg.WriteString(",\n")
		}
		fmt.Fprintf(&ns, `{"namespaceName": "ns-%d", "namespaceArn": "arn:aws:redshift-serverless:us-east-1:123456789012:namespace/00000000-0000-0000-0000-%012d", `+
			`"namespaceId": "00000000-0000-0000-0000-%012d", "defaultIamRoleArn": "arn:aws:iam::123456789012:role/R%d", `+
			`"iamRoles": ["IamRole(applyStatus=in-sync, iamRoleArn=arn:aws:iam::123456789012:role/R%d)"]}`, i, i, i, i, i)
		fmt.Fprintf(&wg, `{"workgroupName": "wg-%d", "namespaceName": "ns-%d", `+
			`"workgroupArn": "arn:aws:redshift-serverless:us-east-1:123456789012:workgroup/00000000-0000-0000-0001-%012d", "workgroupId": "00000000-0000-0000-0001-%012d"}`, i, i, i, i)
	}
	return map[string]string{
		"namespaces.json": "{\"namespaces\": [\n" + ns.String() + "\n]}\n",
		"workgroups.json": "{\"workgroups\": [\n" + wg.String() + "\n]}\n",
	}
}

func runGrowth(t *testing.T, c growthCase, format string, n int) childStats {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, dir, "x.sql", []byte(c.sql(n)))
	if c.data != nil {
		for name, data := range c.data(n) {
			writeFile(t, dir, name, []byte(data))
		}
	}
	args := append(append([]string{"check", "--format", format}, c.args...), "x.sql")
	r := runChild(t, childRun{dir: dir, args: args})
	for _, p := range commonProblems(format, r, plantedSecrets) {
		t.Errorf("--format %s, n=%d: %s", format, n, p)
	}
	if r.code != c.code {
		t.Errorf("--format %s, n=%d: %s: exit code %d, want %d\n%s", format, n, exitCode, r.code, c.code, r)
	}
	if r.stats.TotalAlloc == 0 {
		t.Errorf("--format %s, n=%d: the child counted nothing", format, n)
	}
	return r.stats
}

// The 10,000 ${a} with a 10 KB value reached 4 GB: placeholder
// expansion is bounded by a multiple of the file's size, past which the
// value gets a positioned finding instead of being built.
func TestHostilePlaceholderExpansionBounded(t *testing.T) {
	const name = "placeholder-expansion-64000-by-10KB"
	skipIfPending(t, name)
	sql := "COPY t FROM 's3://b/p' IAM_ROLE '" + strings.Repeat("${a}", 64000) + "';\n" // 256 KB
	const heapBound = 256 << 20                                                         // a thousand times the file
	for _, format := range formatsOf["check"] {
		dir := t.TempDir()
		writeFile(t, dir, "x.sql", []byte(sql))
		r := runChild(t, childRun{dir: dir, args: []string{"check", "--format", format, "--var", "a=" + strings.Repeat("x", 10<<10), "x.sql"}})
		for _, p := range commonProblems(format, r, plantedSecrets) {
			t.Errorf("--format %s: %s", format, p)
		}
		if r.stats.HeapSys > heapBound {
			t.Errorf("--format %s: %s: the heap reached %d MiB for a 256 KB file (at most %d MiB)", format, bounded, r.stats.HeapSys>>20, heapBound>>20)
		}
		if r.code != exitFindings {
			t.Errorf("--format %s: %s: exit code %d, want 1 (a positioned finding)", format, exitCode, r.code)
		}
	}
}

// --output is written beside the target and renamed into place: the
// previous report is never rewritten in place (so a full disk or a kill
// cannot leave it truncated), nothing is left behind, and the file holds
// exactly what stdout would.
func TestHostileOutputAtomic(t *testing.T) {
	const name = "output-replaced-atomically"
	skipIfPending(t, name)
	sql := noAuth + "COPY t FROM 's3://b/p' ACCESS_KEY_ID '" + plantedKeyID + "' SECRET_ACCESS_KEY '" + plantedSecret + "';\n"
	for _, format := range formatsOf["check"] {
		dir := t.TempDir()
		writeFile(t, dir, "x.sql", []byte(sql))
		if err := os.Mkdir(filepath.Join(dir, "out"), 0o755); err != nil {
			t.Fatal(err)
		}
		const previous = "the previous report\n"
		writeFile(t, dir, "out/report", []byte(previous))
		// A second name of the previous report's inode: rewriting in place
		// would change what it shows, renaming a new file would not.
		if err := os.Link(filepath.Join(dir, "out/report"), filepath.Join(dir, "out/previous")); err != nil {
			t.Fatal(err)
		}
		r := runChild(t, childRun{dir: dir, args: []string{"check", "--format", format, "--output", "out/report", "x.sql"}, output: "out/report"})
		for _, p := range commonProblems(format, r, plantedSecrets) {
			t.Errorf("--format %s: %s", format, p)
		}
		plain := runChild(t, childRun{dir: dir, args: []string{"check", "--format", format, "x.sql"}})
		switch {
		case r.code != exitFindings || len(r.stdout) != 0:
			t.Errorf("--format %s: exit %d, stdout %q; want 1 and the report in the file", format, r.code, r.stdout)
		case !bytes.Equal(r.output, plain.stdout):
			t.Errorf("--format %s: the --output file differs from the report on stdout:\n%s\n---\n%s", format, clip(r.output), clip(plain.stdout))
		}
		if kept, _ := os.ReadFile(filepath.Join(dir, "out/previous")); string(kept) != previous {
			t.Errorf("--format %s: output-atomic: the previous report was rewritten in place, not replaced by a rename (its other name now holds %q)", format, clip(kept))
		}
		if names := dirNames(t, filepath.Join(dir, "out")); strings.Join(names, " ") != "previous report" {
			t.Errorf("--format %s: output-atomic: out/ holds %v; a temporary file was left behind", format, names)
		}
	}
}

func dirNames(t *testing.T, dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

// A closed stdout (redshift-preflight check | head -1) ends quietly: no
// error message and no panic, whether the write kills the process with
// SIGPIPE (the default) or fails with EPIPE (SIGPIPE ignored, as some CI
// runners start their steps).
func TestHostileClosedStdout(t *testing.T) {
	const name = "closed-stdout-ends-quietly"
	skipIfPending(t, name)
	sql := strings.Repeat(noAuth, 3000) // a report larger than a pipe's buffer
	for _, format := range formatsOf["check"] {
		dir := t.TempDir()
		writeFile(t, dir, "x.sql", []byte(sql))
		args := []string{"check", "--format", format, "x.sql"}

		rd, wr, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		rd.Close() // the reader is gone before the report is written
		r := runChild(t, childRun{dir: dir, args: args, stdout: wr})
		wr.Close()
		if r.signaled == syscall.SIGPIPE.String() {
			r.signaled = "" // the quiet death of a writer to a closed pipe
			r.code = 0
		}
		// No report reaches a reader, so there is none to validate: "" skips that.
		for _, p := range append(commonProblems("", r, plantedSecrets), quietProblems(r.stderr)...) {
			t.Errorf("--format %s, closed pipe: %s", format, p)
		}

		// The same with SIGPIPE ignored: the write fails with EPIPE.
		var stderr bytes.Buffer
		t.Chdir(dir)
		code := run(append([]string{"redshift-preflight"}, args...), strings.NewReader(""), epipeWriter{}, &stderr)
		in := cliResult{code: code, stderr: stderr.Bytes()}
		for _, p := range append(commonProblems("", in, plantedSecrets), quietProblems(in.stderr)...) {
			t.Errorf("--format %s, EPIPE: %s", format, p)
		}
	}
}

// quietProblems: what a closed stdout may not make the tool say.
func quietProblems(stderr []byte) []string {
	for _, line := range strings.Split(string(stderr), "\n") {
		l := strings.ToLower(line)
		if strings.Contains(l, "broken pipe") || strings.Contains(l, "epipe") || strings.HasPrefix(l, "redshift-preflight:") {
			return []string{fmt.Sprintf("quiet: stderr complains about the closed stdout: %q", line)}
		}
	}
	return nil
}

// epipeWriter is a stdout whose reader has gone, with SIGPIPE ignored.
type epipeWriter struct{}

func (epipeWriter) Write([]byte) (int, error) {
	return 0, &os.PathError{Op: "write", Path: "/dev/stdout", Err: syscall.EPIPE}
}

var _ io.Writer = epipeWriter{}
