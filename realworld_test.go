package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// realworldCorpus holds Redshift SQL written by others; it lives beside the
// repository and is read in place, never copied into it.
const realworldCorpus = "../shared/corpus/realworld"

// realworldReport is the part of the JSON report these tests read.
type realworldReport struct {
	References []struct {
		File, Statement, Clause string
		Line, Column            int
		ValueLine               int `json:"value_line"`
		ValueColumn             int `json:"value_column"`
		Roles                   []string
		Verdict                 string
		Reason                  string
		Hops                    []json.RawMessage
	}
	Findings []struct {
		Rule, File, Message string
		Line, Column        int
		Reference           *int
	}
}

// TestRealWorldCorpusRunsTheWholeCheck runs check over every real-world
// file, without and with IAM and cluster data, in every output format: no
// crash, no input error (exit 2), no secret byte printed, and the facts
// below, verified by reading the files, hold.
func TestRealWorldCorpusRunsTheWholeCheck(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(realworldCorpus, "*.sql"))
	if len(files) == 0 {
		t.Skipf("no real-world corpus at %s", realworldCorpus)
	}
	secrets := corpusSecrets(t, files)
	data := []string{"--iam", "testdata/world/iam", "--cluster", "testdata/world/cluster", "--db-user", "etl_user"}
	for _, withData := range []bool{false, true} {
		for _, format := range []string{"text", "json", "sarif", "github"} {
			args := []string{"redshift-preflight", "check", "--format", format}
			if withData {
				args = append(args, data...)
			}
			args = append(args, files...)
			var stdout, stderr bytes.Buffer
			if code := run(args, nil, &stdout, &stderr); code != 0 && code != 1 {
				t.Fatalf("%s, data %v: exit %d\n%s", format, withData, code, stderr.String())
			}
			for _, s := range secrets {
				if bytes.Contains(stdout.Bytes(), []byte(s)) || bytes.Contains(stderr.Bytes(), []byte(s)) {
					t.Errorf("%s, data %v: output prints the secret %s…", format, withData, s[:4])
				}
			}
			if format == "json" {
				var rep realworldReport
				if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
					t.Fatal(err)
				}
				checkCorpusFacts(t, &rep, withData)
			}
		}
	}
}

// corpusSecrets are the literal keys the corpus holds (AWS's documented
// example keys among them).
func corpusSecrets(t *testing.T, files []string) []string {
	key := regexp.MustCompile(`AKIA[0-9A-Z]{16}|wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`)
	seen := map[string]bool{}
	var out []string
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range key.FindAllString(string(src), -1) {
			if !seen[m] {
				seen[m] = true
				out = append(out, m)
			}
		}
	}
	if len(out) == 0 {
		t.Fatal("the corpus holds no literal key: the secret check proves nothing")
	}
	return out
}

// checkCorpusFacts compares references and findings of a few files with
// what reading them shows.
func checkCorpusFacts(t *testing.T, rep *realworldReport, withData bool) {
	t.Helper()
	refs := map[string][]string{}
	for _, r := range rep.References {
		base := filepath.Base(r.File)
		refs[base] = append(refs[base], fmt.Sprintf("%d:%d %s %s %s hops=%d", r.Line, r.Column, r.Statement, r.Clause, r.Verdict, len(r.Hops)))
		if r.Verdict == "ok" && refHasError(rep, r.File, r.Line) {
			t.Errorf("%s:%d: verdict ok for a statement with an error on the same line", base, r.Line)
		}
	}
	// unchecked without data; with data, a 'SESSION' is unknown and other
	// verdicts depend on the world, so only the fixed ones are compared.
	session, unchecked := "unchecked", "unchecked"
	if withData {
		session, unchecked = "unknown", "*"
	}
	want := map[string][]string{
		// An unterminated quote on line 8 (the closing quote is missing) cuts
		// the statement at line 9, column 25: the two key clauses before it
		// remain, hard-coded and failing; TOKEN is inside the string.
		"dg_copy_access_permissions_unclosed_quote_a.sql": {"7:1 COPY ACCESS_KEY_ID fail hops=0", "8:1 COPY SECRET_ACCESS_KEY fail hops=0"},
		"dg_copy_access_permissions_unclosed_quote_b.sql": {"7:1 COPY ACCESS_KEY_ID fail hops=0", "8:1 COPY SECRET_ACCESS_KEY fail hops=0"},
		// CREATE MODEL's settings open a quote closed only by ’: cut.
		"ml_fraud_cust_cc_txn_fd.sql": {"7:5 CREATE_MODEL IAM_ROLE fail hops=0"},
		// SHOW DATABASES FROM DATA CATALOG: ten IAM_ROLE clauses; line 58's
		// SESSION is unquoted (no value), line 121's 'default' is quoted.
		"bytebase_show_databases.sql": {
			"55:34 SHOW_DATABASES IAM_ROLE " + unchecked, "58:34 SHOW_DATABASES IAM_ROLE fail hops=0",
			"61:34 SHOW_DATABASES IAM_ROLE " + unchecked, "66:57 SHOW_DATABASES IAM_ROLE " + unchecked,
			"75:91 SHOW_DATABASES IAM_ROLE " + unchecked, "120:34 SHOW_DATABASES IAM_ROLE " + session + " hops=0",
			"121:34 SHOW_DATABASES IAM_ROLE fail hops=0", "122:34 SHOW_DATABASES IAM_ROLE " + unchecked,
			"128:34 SHOW_DATABASES IAM_ROLE " + unchecked, "129:57 SHOW_DATABASES IAM_ROLE " + unchecked,
		},
		// CREATE DATABASE: the bare IAM_ROLE form (lines 20, 23, 26) and FROM
		// ARN (68) have a role; FROM INTEGRATION (65) and FROM DATASHARE (71)
		// do not, whatever follows.
		"sqlfluff_create_database.sql": {
			"20:21 CREATE_DATABASE IAM_ROLE " + unchecked, "23:21 CREATE_DATABASE IAM_ROLE " + session + " hops=0",
			"26:21 CREATE_DATABASE IAM_ROLE " + unchecked, "68:132 CREATE_DATABASE IAM_ROLE " + unchecked,
		},
		"bytebase_alter_external_schema.sql": {
			"7:1 ALTER_EXTERNAL_SCHEMA IAM_ROLE " + unchecked, "11:1 ALTER_EXTERNAL_SCHEMA IAM_ROLE " + session + " hops=0",
			"15:1 ALTER_EXTERNAL_SCHEMA IAM_ROLE " + unchecked, "47:1 ALTER_EXTERNAL_SCHEMA IAM_ROLE " + unchecked,
		},
		// "credentials" with no string, then iam_role: both fail.
		"dg_load_steps_credentials_keyword.sql": {
			"6:44 COPY CREDENTIALS fail hops=0", "7:1 COPY IAM_ROLE fail hops=0",
			"11:35 COPY CREDENTIALS fail hops=0", "12:1 COPY IAM_ROLE fail hops=0",
		},
		// iam_role {iam}: a Python format field, no usable value.
		"damit_occupations_qa.sql": {"64:5 COPY IAM_ROLE fail hops=0"},
	}
	for file, w := range want {
		if !matchAll(refs[file], w) {
			t.Errorf("%s (data %v):\n got %q\nwant %q", file, withData, refs[file], w)
		}
	}
	wantFindings := []string{
		"sqlfluff_create_database.sql:65:78 syntax-error CREATE DATABASE ... FROM INTEGRATION takes no IAM_ROLE",
		"sqlfluff_create_database.sql:71:93 syntax-error CREATE DATABASE ... FROM DATASHARE takes no IAM_ROLE",
		"dg_load_steps_credentials_keyword.sql:6:44 syntax-error CREDENTIALS needs a quoted value, not iam_role",
		"dg_load_steps_credentials_keyword.sql:7:1 conflicting-authorization IAM_ROLE cannot be combined with CREDENTIALS",
		"dg_load_steps_credentials_keyword.sql:6:44 conflicting-authorization CREDENTIALS cannot be combined with IAM_ROLE",
		"damit_occupations_qa.sql:64:5 syntax-error IAM_ROLE needs a value: default or a quoted role ARN, not {",
		"bytebase_show_databases.sql:58:34 syntax-error IAM_ROLE needs a value: default or a quoted role ARN, not SESSION without quotes",
		"dg_copy_access_permissions_unclosed_quote_a.sql:7:16 hardcoded-secret hard-coded AWS access key id in SQL (<tem*****************-id>)",
		"dg_copy_access_permissions_unclosed_quote_a.sql:9:25 syntax-error unterminated quoted string",
	}
	var got []string
	for _, f := range rep.Findings {
		got = append(got, fmt.Sprintf("%s:%d:%d %s %s", filepath.Base(f.File), f.Line, f.Column, f.Rule, f.Message))
	}
	for _, w := range wantFindings {
		if !contains(got, w) {
			t.Errorf("missing finding %s", w)
		}
	}
}

// matchAll compares reference descriptions; a want ending in "*" matches
// any verdict and hop count.
func matchAll(got, want []string) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range want {
		w, g := want[i], got[i]
		if v, ok := strings.CutSuffix(w, " *"); ok {
			if !strings.HasPrefix(g, v+" ") {
				return false
			}
			continue
		}
		if !strings.Contains(w, "hops=") {
			w += " hops=" + g[strings.LastIndex(g, "=")+1:]
		}
		if g != w {
			return false
		}
	}
	return true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// refHasError: an error finding sits on the reference's statement line.
// Only used for one-line statements (a coarse but sufficient test here).
func refHasError(rep *realworldReport, file string, line int) bool {
	for _, f := range rep.Findings {
		if f.File == file && f.Line == line && f.Reference != nil && (f.Rule == "syntax-error" || f.Rule == "conflicting-authorization") {
			return true
		}
	}
	return false
}
