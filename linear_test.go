package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// The pathological inputs of issue 10 (point 5): each is built at size n by
// a generator, so the tests below can compare n with 10n and the benchmarks
// time the whole CLI on the size the issue names.

const testRole = "arn:aws:iam::123456789012:role/R"

type pathological struct {
	name string
	n    int // the size the issue names (elements, statements, clauses ...)
	// gen writes the input files for size n into dir and returns the
	// command line after "redshift-preflight".
	gen func(dir string, n int) []string
}

var pathologicalCases = []pathological{
	{"one-line role chain", 40000, func(dir string, n int) []string {
		return sqlFile(dir, "COPY t FROM 's3://b/k' IAM_ROLE '"+strings.Repeat("a,", n-1)+"a';\n")
	}},
	{"statements on one line", 5000, func(dir string, n int) []string {
		return sqlFile(dir, strings.Repeat("COPY t FROM 's3://b/k' IAM_ROLE 'a';", n)+"\n")
	}},
	{"ignore comments on one line", 8000, func(dir string, n int) []string {
		return sqlFile(dir, strings.Repeat("/* preflight-ignore invalid-role-arn */ ", n)+"COPY t FROM 's3://b/k' IAM_ROLE 'a';\n")
	}},
	{"ignored statements on one line", 8000, func(dir string, n int) []string {
		return sqlFile(dir, strings.Repeat("/* preflight-ignore invalid-role-arn */ COPY t FROM 's3://b/k' IAM_ROLE 'a';", n)+"\n")
	}},
	{"IAM_ROLE clauses in one statement", 8000, func(dir string, n int) []string {
		return sqlFile(dir, "COPY t FROM 's3://b/k' "+strings.Repeat("IAM_ROLE '"+testRole+"1' ", n)+";\n")
	}},
	{"key clauses that do not conflict, each a secret", 4000, func(dir string, n int) []string {
		return sqlFile(dir, "COPY t FROM 's3://b/k' "+strings.Repeat("SECRET_ACCESS_KEY 'x' ", n)+strings.Repeat("ACCESS_KEY_ID 'y' ", n)+";\n")
	}},
	{"a key pair on every line", 4000, func(dir string, n int) []string {
		return sqlFile(dir, strings.Repeat("COPY t FROM 's3://b/k' ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';\n", n))
	}},
	{"placeholders in one value", 64000, func(dir string, n int) []string {
		return append([]string{"--var", "a=" + testRole + "1"}, sqlFile(dir, "COPY t FROM 's3://b/k' IAM_ROLE '"+strings.Repeat("${a}", n)+"';\n")...)
	}},
	{"placeholders with a long value", 10000, func(dir string, n int) []string {
		return append([]string{"--var", "a=" + strings.Repeat("x", 10000)}, sqlFile(dir, "COPY t FROM 's3://b/k' IAM_ROLE '"+strings.Repeat("${a}", n)+"';\n")...)
	}},
	{"GRANT ASSUMEROLE chains × grantees", 300, func(dir string, n int) []string {
		chains := make([]string, n)
		grantees := make([]string, n)
		for i := range chains {
			chains[i] = fmt.Sprintf("'%s%d'", testRole, i)
			grantees[i] = fmt.Sprintf("u%d", i)
		}
		return append([]string{"--db-user", "u0"}, sqlFile(dir, "REVOKE ASSUMEROLE ON ALL FROM PUBLIC FOR ALL;\nGRANT ASSUMEROLE ON "+
			strings.Join(chains, ",")+" TO "+strings.Join(grantees, ",")+" FOR ALL;\nCOPY t FROM 's3://b/k' IAM_ROLE '"+testRole+"x';\n")...)
	}},
	{"GRANT ASSUMEROLE statements", 5000, func(dir string, n int) []string {
		var b strings.Builder
		b.WriteString("REVOKE ASSUMEROLE ON ALL FROM PUBLIC FOR ALL;\n")
		for i := range n {
			fmt.Fprintf(&b, "GRANT ASSUMEROLE ON '%s%d' TO u FOR COPY;\nCOPY t FROM 's3://b/k' IAM_ROLE '%s%d';\n", testRole, i, testRole, i+1)
		}
		return append([]string{"--db-user", "u"}, sqlFile(dir, b.String())...)
	}},
	{"serverless namespaces and workgroups", 40000, func(dir string, n int) []string {
		ns := make([]any, n)
		wg := make([]any, n)
		for i := range n {
			ns[i] = map[string]any{"namespaceName": fmt.Sprintf("ns%d", i), "iamRoles": []string{}, "defaultIamRoleArn": testRole + "1",
				"namespaceArn": fmt.Sprintf("arn:aws:redshift-serverless:us-east-1:123456789012:namespace/%08d-0000-0000-0000-000000000000", i)}
			wg[i] = map[string]any{"workgroupName": fmt.Sprintf("wg%d", i), "namespaceName": fmt.Sprintf("ns%d", i),
				"workgroupArn": fmt.Sprintf("arn:aws:redshift-serverless:us-east-1:123456789012:workgroup/%08d-0000-0000-0000-000000000000", i)}
		}
		writeJSON(dir, "ns.json", map[string]any{"namespaces": ns})
		writeJSON(dir, "wg.json", map[string]any{"workgroups": wg})
		return append([]string{"--cluster", filepath.Join(dir, "ns.json"), "--cluster", filepath.Join(dir, "wg.json"), "--cluster-id", "wg1"},
			sqlFile(dir, "COPY t FROM 's3://b/k' IAM_ROLE default;\n")...)
	}},
}

func sqlFile(dir, text string) []string {
	path := filepath.Join(dir, "p.sql")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		panic(err)
	}
	return []string{path}
}

func writeJSON(dir, name string, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
		panic(err)
	}
}

// runPathological runs check on the case's input of size n, in every
// output format.
func runPathological(tb testing.TB, c pathological, dir string, n int) {
	args := c.gen(dir, n)
	for _, format := range []string{"text", "json", "sarif", "github"} {
		code := run(append([]string{"redshift-preflight", "check", "--no-config", "--format", format}, args...), strings.NewReader(""), io.Discard, io.Discard)
		if code != exitOK && code != exitFindings {
			tb.Fatalf("%s at n=%d: exit %d", c.name, n, code)
		}
	}
}

// BenchmarkPathological runs the whole CLI on every pathological input at
// the size the issue names.
func BenchmarkPathological(b *testing.B) {
	for _, c := range pathologicalCases {
		b.Run(strings.ReplaceAll(c.name, " ", "-"), func(b *testing.B) {
			dir := b.TempDir()
			b.ReportAllocs()
			for b.Loop() {
				runPathological(b, c, dir, c.n)
			}
		})
	}
}

// TestPathologicalInputsGrowLinearly runs every pathological input at a
// tenth of its size and at its size. What it holds to 16× for 10× the
// input is deterministic: the bytes and the objects allocated (runtime
// MemStats), so memory is linear; 16× and not 10× because slices and maps
// grow by doubling, which makes the ratio of two sizes jump (13.3× seen).
// Time is compared too, with testing.Benchmark
// and a bound of 30× (best of three tries, timeGrowth), because the quadratic costs this guards against were
// often rescans that allocate nothing (a column counted from the start of a
// 80 KB line for each of 40,000 findings); a busy machine makes that ratio
// noisy, hence the generous bound, far below the 100× of a quadratic. The
// step counters of the packages (sqlparse work counts, the directive index
// test) pin those rescans down exactly.
func TestPathologicalInputsGrowLinearly(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the CLI on inputs of up to 12 MB")
	}
	if raceEnabled {
		t.Skip("the race detector makes this take minutes and its times meaningless; scripts/test.sh runs it without -race")
	}
	for _, c := range pathologicalCases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			small, large := c.n/10, c.n
			bytesS, objsS := allocated(func() { runPathological(t, c, dir, small) })
			bytesL, objsL := allocated(func() { runPathological(t, c, dir, large) })
			checkGrowth(t, "bytes allocated", bytesS, bytesL, 16)
			checkGrowth(t, "objects allocated", objsS, objsL, 16)
			timeS, timeL := timeGrowth(c, dir, small, large, 30)
			checkGrowth(t, "time", timeS, timeL, 30)
		})
	}
}

// timeGrowth times the input at both sizes, up to three times while the
// ratio exceeds bound, and returns the times of the best ratio. Other
// processes on a shared machine can slow one measurement several times
// over (57× once, at a load average of 10, for what measures 8× alone); a
// quadratic cost exceeds the bound on every try.
func timeGrowth(c pathological, dir string, small, large int, bound float64) (uint64, uint64) {
	var bestS, bestL uint64
	for try := 0; try < 3; try++ {
		s, l := timeOf(c, dir, small), timeOf(c, dir, large)
		if try == 0 || float64(l)/float64(max(s, 1)) < float64(bestL)/float64(max(bestS, 1)) {
			bestS, bestL = s, l
		}
		if float64(bestL)/float64(max(bestS, 1)) <= bound {
			break
		}
	}
	return bestS, bestL
}

func timeOf(c pathological, dir string, n int) uint64 {
	r := testing.Benchmark(func(b *testing.B) {
		for b.Loop() {
			runPathological(b, c, dir, n)
		}
	})
	return uint64(r.NsPerOp())
}

// allocated runs f and returns the bytes and objects it allocated.
func allocated(f func()) (bytes, objects uint64) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc, after.Mallocs - before.Mallocs
}

func checkGrowth(t *testing.T, what string, small, large uint64, bound float64) {
	t.Helper()
	ratio := float64(large) / float64(max(small, 1))
	t.Logf("%s: %d → %d (%.1f×)", what, small, large, ratio)
	if ratio > bound {
		t.Errorf("%s grew %.1f× for 10× the input; want at most %.0f×", what, ratio, bound)
	}
}

// TestPlaceholderExpansionLimitEndToEnd: 10,000 ${a} with a 10 KB value
// (once 4 GB) is one placeholder-expansion-limit error at the first
// placeholder left unsubstituted.
func TestPlaceholderExpansionLimitEndToEnd(t *testing.T) {
	dir := t.TempDir()
	args := pathologicalCases[slices.IndexFunc(pathologicalCases, func(c pathological) bool { return c.name == "placeholders with a long value" })].gen(dir, 10000)
	var stdout strings.Builder
	code := run(append([]string{"redshift-preflight", "check", "--no-config", "--format", "json"}, args...), strings.NewReader(""), &stdout, io.Discard)
	if code != exitFindings || strings.Count(stdout.String(), `"rule": "placeholder-expansion-limit"`) != 1 ||
		!strings.Contains(stdout.String(), "this placeholder and 9895 after it were left unsubstituted") {
		i := strings.Index(stdout.String(), "placeholder values")
		t.Errorf("exit %d, output %.300s", code, stdout.String()[max(i, 0):])
	}
}
