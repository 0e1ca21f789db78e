package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// runIn runs the CLI with dir as the working directory. A run that blocks
// (opening a named pipe waits for a writer) fails the test after 20s
// instead of hanging it.
func runIn(t *testing.T, dir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return runWithin(t, hangGuard, dir, args...)
}

// hangGuard turns a run that never returns (a FIFO opened for reading, an
// endless input) into a failure instead of a test binary that hangs until
// go test's own timeout. It is no speed bound: a 20 MB file under -race on
// a busy 2-core machine takes tens of seconds, so it is generous.
const hangGuard = 5 * time.Minute

// runWithin is runIn with an explicit guard, for cases that would block
// forever if a fix regressed (non-regular files), where waiting the
// generous guard for each case would only slow the failure down.
func runWithin(t *testing.T, guard time.Duration, dir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	t.Chdir(dir)
	var out, errb bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run(append([]string{"redshift-preflight"}, args...), strings.NewReader(""), &out, &errb)
	}()
	select {
	case code = <-done:
	case <-time.After(guard):
		t.Fatalf("%v blocked for %v", args, guard)
	}
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, dir, name string, data []byte) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestOutputFlagWritesReportToFile(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "x.sql", []byte("COPY t FROM 's3://b/p';\n"))
	code, stdout, stderr := runIn(t, dir, "check", "--format", "json", "--output", "report.json", "x.sql")
	if code != exitFindings || stdout != "" {
		t.Fatalf("code %d, stdout %q; want 1 and nothing on stdout", code, stdout)
	}
	if !strings.Contains(stderr, "1 error in 1 file") {
		t.Errorf("stderr %q lacks the summary", stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Findings []struct{ Rule string } `json:"findings"`
	}
	if err := json.Unmarshal(data, &rep); err != nil || len(rep.Findings) != 1 || rep.Findings[0].Rule != "missing-authorization" {
		t.Fatalf("report.json = %s (err %v)", data, err)
	}
}

func TestOutputToUnwritablePathIsUsageError(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "x.sql", []byte("SELECT 1;\n"))
	code, _, stderr := runIn(t, dir, "check", "--output", "no/such/dir/r.txt", "x.sql")
	if code != exitUsage || !strings.Contains(stderr, "cannot write --output no/such/dir/r.txt") {
		t.Fatalf("code %d stderr %q", code, stderr)
	}
}

// Binary and non-UTF-8 files get invalid-encoding, and none of their bytes are echoed.
func TestInvalidEncoding(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "bin.sql", []byte("COPY t\x00\x01\x02 FROM 's3://b';\n"))
	writeFile(t, dir, "latin1.sql", []byte("-- caf\xe9\nCOPY t FROM 's3://b' IAM_ROLE default;\n"))
	writeFile(t, dir, "utf16.sql", []byte{0xFF, 0xFE, 'C', 0, 'O', 0})
	code, stdout, _ := runIn(t, dir, "check", "--format", "json", ".")
	if code != exitFindings {
		t.Fatalf("code %d, want 1", code)
	}
	var rep struct {
		Findings []struct {
			Rule, File   string
			Line, Column int
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	want := []string{"bin.sql:1:7", "latin1.sql:1:7", "utf16.sql:1:1"}
	if len(rep.Findings) != len(want) {
		t.Fatalf("findings %+v, want %v", rep.Findings, want)
	}
	for i, f := range rep.Findings {
		if got := fmt.Sprintf("%s:%d:%d", f.File, f.Line, f.Column); f.Rule != "invalid-encoding" || got != want[i] {
			t.Errorf("finding %d = %s %s, want invalid-encoding %s", i, f.Rule, got, want[i])
		}
	}
	_, text, _ := runIn(t, dir, "check", "bin.sql")
	if strings.ContainsAny(text, "\x00\x01\x02") {
		t.Errorf("text output echoes binary bytes: %q", text)
	}
}

// Secrets never appear in any output, only masked.
func TestSecretsAreNeverEchoed(t *testing.T) {
	const keyID, secret = "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	dir := t.TempDir()
	writeFile(t, dir, "x.sql", []byte("COPY t FROM 's3://b/p'\n  ACCESS_KEY_ID '"+keyID+"' SECRET_ACCESS_KEY '"+secret+"';\n"+
		"COPY t FROM 's3://b/p' CREDENTIALS 'aws_access_key_id="+keyID+";aws_secret_access_key="+secret+"';\n"))
	for _, format := range []string{"text", "json"} {
		code, stdout, stderr := runIn(t, dir, "check", "--format", format, "--color", "always", "x.sql")
		if code != exitFindings {
			t.Fatalf("%s: code %d", format, code)
		}
		for _, s := range []string{keyID, secret, secret[4:36]} {
			if strings.Contains(stdout+stderr, s) {
				t.Errorf("%s output contains the secret %q:\n%s", format, s, stdout)
			}
		}
		if !strings.Contains(stdout, "AKIA************MPLE") {
			t.Errorf("%s output lacks the masked key id:\n%s", format, stdout)
		}
	}
}

func TestVersion(t *testing.T) {
	code, stdout, _ := runIn(t, t.TempDir(), "version")
	for _, want := range []string{"redshift-preflight " + version, "go " + strings.TrimPrefix(runtime.Version(), "go"), "pg_query_go", "PostgreSQL 16"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("version output %q lacks %q", stdout, want)
		}
	}
	if code != exitOK {
		t.Errorf("code %d", code)
	}
}

func TestColor(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "x.sql", []byte("COPY t FROM 's3://b/p';\n"))
	_, colored, _ := runIn(t, dir, "check", "--color", "always", "x.sql")
	_, plain, _ := runIn(t, dir, "check", "--color", "never", "x.sql")
	_, auto, _ := runIn(t, dir, "check", "x.sql") // stdout is not a terminal
	if !strings.Contains(colored, "\x1b[") || strings.Contains(plain, "\x1b[") || strings.Contains(auto, "\x1b[") {
		t.Errorf("colour handling wrong:\nalways %q\nnever %q\nauto %q", colored, plain, auto)
	}
	if code, _, stderr := runIn(t, dir, "check", "--color", "pink", "x.sql"); code != exitUsage || !strings.Contains(stderr, "--color") {
		t.Errorf("--color pink: code %d stderr %q", code, stderr)
	}
}

// The demo the README runs must keep showing findings of both kinds. (Its
// V8 role that does not exist is role-not-found alone, not also not-associated.)
func TestDemo(t *testing.T) {
	abs, _ := filepath.Abs("testdata/demo")
	code, stdout, stderr := runIn(t, abs, "check", "--iam", "iam", "--cluster", "cluster", "--db-user", "etl_user", "migrations")
	if code != exitFindings {
		t.Fatalf("demo exit code %d, want 1\n%s%s", code, stdout, stderr)
	}
	for _, rule := range []string{"chain-whitespace", "invalid-role-arn", "typographic-quotes", "hardcoded-secret",
		"unresolved-placeholder", "missing-authorization", "trust-missing", "role-not-found"} {
		if !strings.Contains(stdout, "["+rule+"]") {
			t.Errorf("demo output lacks a %s finding", rule)
		}
	}
}

// A 20 MB one-line file is checked, and the excerpt shows a window of the
// line around the finding, not 20 MB.
func TestHugeOneLineFile(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	for b.Len() < 20<<20 {
		b.WriteString("INSERT INTO t VALUES (1, 'x'); ")
	}
	b.WriteString("COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/A, arn:aws:iam::123456789012:role/B';")
	writeFile(t, dir, "huge.sql", []byte(b.String()))
	code, stdout, stderr := runIn(t, dir, "check", "huge.sql")
	if code != exitFindings || !strings.Contains(stdout, "[chain-whitespace]") {
		t.Fatalf("code %d\n%.500s\n%s", code, stdout, stderr)
	}
	for _, line := range strings.Split(stdout, "\n") {
		if n := len([]rune(line)); n > 200 {
			t.Fatalf("output line of %d characters: excerpts must be windowed", n)
		}
	}
	caretLine := strings.Split(stdout, "\n")[2]
	excerpt := strings.Split(stdout, "\n")[1]
	col := strings.Index(caretLine, "^")
	if col < 0 || []rune(excerpt)[len([]rune(caretLine[:col]))] != ' ' {
		t.Errorf("caret does not point at the space:\n%s\n%s", excerpt, caretLine)
	}
}

// Thousands of nested block comments neither crash nor hang.
func TestDeeplyNestedComments(t *testing.T) {
	dir := t.TempDir()
	src := strings.Repeat("/* ", 5000) + strings.Repeat(" */", 5000) + "\nCOPY t FROM 's3://b/p' IAM_ROLE default;\n" + strings.Repeat("/*", 5000)
	writeFile(t, dir, "nested.sql", []byte(src))
	code, stdout, _ := runIn(t, dir, "check", "nested.sql")
	if code != exitFindings || !strings.Contains(stdout, "unterminated block comment") {
		t.Fatalf("code %d, output:\n%.800s", code, stdout)
	}
}

// The SARIF the CLI writes for the demo (with hop findings) validates
// against the official SARIF 2.1.0 schema.
func TestSARIFOfTheDemoValidates(t *testing.T) {
	schemaPath, _ := filepath.Abs("report/testdata/sarif-schema-2.1.0.json")
	demo, _ := filepath.Abs("testdata/demo")
	out := filepath.Join(t.TempDir(), "demo.sarif")
	code, _, stderr := runIn(t, demo, "check", "--format", "sarif", "--output", out,
		"--iam", "iam", "--cluster", "cluster", "--db-user", "etl_user", "migrations")
	if code != exitFindings {
		t.Fatalf("code %d: %s", code, stderr)
	}
	doc, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	schemaDoc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("sarif.json", schemaDoc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("sarif.json")
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(inst); err != nil {
		t.Fatalf("demo SARIF does not validate: %v", err)
	}
	var log struct {
		Runs []struct {
			Results []struct{ RuleID string } `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(doc, &log); err != nil || len(log.Runs) != 1 || len(log.Runs[0].Results) < 10 {
		t.Fatalf("unexpected SARIF shape (err %v): %.300s", err, doc)
	}
}

// The same environment as AWS CLI exports and as Terraform state gives the
// same verdicts, hop by hop (issue: Terraform input). The CLI world's one
// fact Terraform cannot hold, an association still "adding", is left out of
// the chains checked here.
func TestTerraformStateMatchesCLIExports(t *testing.T) {
	formats, _ := filepath.Abs("inventory/testdata/formats")
	tfState, _ := filepath.Abs("inventory/testdata/terraform/same-world-state.json")
	dir := t.TempDir()
	writeFile(t, dir, "x.sql", []byte(`COPY t FROM 's3://example-ingest-bucket/p' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftClusterRole,arn:aws:iam::123456789012:role/RedshiftS3ReadRole';
UNLOAD ('select 1') TO 's3://example-export-bucket/u_' IAM_ROLE default;
UNLOAD ('select 1') TO 's3://example-export-bucket/u_' IAM_ROLE 'arn:aws:iam::123456789012:role/service-role/RedshiftSpectrumRole';
COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/service-role/RedshiftSpectrumRole,arn:aws:iam::123456789012:role/RedshiftS3ReadRole';
COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftS3ReadRole';
`))
	verdicts := func(args ...string) string {
		code, stdout, stderr := runIn(t, dir, append([]string{"check", "--format", "json", "--db-user", "etl_user"}, append(args, "x.sql")...)...)
		if code == exitUsage {
			t.Fatalf("%v: %s", args, stderr)
		}
		var rep struct {
			References []struct {
				Verdict, Reason string
				Hops            []struct{ From, Verdict, Reason string }
			} `json:"references"`
		}
		if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
			t.Fatal(err)
		}
		out, _ := json.Marshal(rep.References)
		return string(out)
	}
	cli := verdicts("--iam", filepath.Join(formats, "aws-iam-get-account-authorization-details.json"),
		"--cluster", filepath.Join(formats, "aws-redshift-describe-clusters.json"))
	tf := verdicts("--iam", tfState, "--cluster", tfState)
	if cli != tf {
		t.Errorf("verdicts differ\nCLI exports: %s\nTerraform:   %s", cli, tf)
	}
	if !strings.Contains(cli, `"Verdict":"ok"`) || !strings.Contains(cli, `"Verdict":"fail"`) {
		t.Errorf("the chains should include both ok and failing ones: %s", cli)
	}
}
