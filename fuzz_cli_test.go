package main

// Fuzz targets over the whole CLI (issue 10, point 8), in process: `check`
// with generated SQL, configuration and vars files, `check` with generated
// Terraform input, and `explain`. Whatever the input, every output format
// keeps the promises of commonProblems: exit code 0, 1 or 2; no panic (a
// panic in process fails the target by itself) and no panic text; JSON and
// SARIF that parse; no line a CI runner takes as a workflow command other
// than the tool's own well-escaped ones in --format github; no planted
// secret value in any output.

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// fuzzing: the target is run by -fuzz, not for its seed corpus only.
func fuzzing() bool {
	f := flag.Lookup("test.fuzz")
	return f != nil && f.Value.String() != ""
}

// skipPendingFuzz: a target listed in pendingIssue10 runs its seeds (those
// not pending themselves) but does not fuzz, so that CI's short fuzz runs
// stay green until the fixes it waits for are merged.
func skipPendingFuzz(f *testing.F, name string) {
	if why, ok := pendingIssue10[name]; ok && fuzzing() && os.Getenv("PREFLIGHT_HOSTILE_PENDING") != "1" {
		f.Skipf("pending issue 10: %s (PREFLIGHT_HOSTILE_PENDING=1 fuzzes it)", why)
	}
}

// pendingSeed: a seed taken from a pending hostile case is skipped while
// it is pending; a mutation of it is not a seed and is checked. Several
// cases may share a seed (their SQL): it waits for all of them.
func pendingSeed(t *testing.T, seeds map[string][]string, key string) {
	if fuzzing() {
		return
	}
	for _, name := range seeds[key] {
		skipIfPending(t, name)
	}
}

// runInProcess runs the CLI on args and returns what it printed.
func runInProcess(args []string, stdin []byte) cliResult {
	var stdout, stderr bytes.Buffer
	code := run(append([]string{"redshift-preflight"}, args...), bytes.NewReader(stdin), &stdout, &stderr)
	return cliResult{code: code, stdout: stdout.Bytes(), stderr: stderr.Bytes()}
}

// plantedIn is the planted secrets the input holds as a whole value (not
// inside a longer run of secret characters, which would no longer be the
// secret's shape): those must not come out. A key id (AKIA/ASIA + 16) is
// recognisable anywhere; a secret key, token or master key is a run of
// base64 that only its credential key makes a secret, so it counts where
// it follows one (a mutation that breaks the key is not a leak).
func plantedIn(inputs ...string) []string {
	var out []string
	for _, s := range plantedSecrets {
		for _, in := range inputs {
			if holdsWhole(in, s) {
				out = append(out, s)
				break
			}
		}
	}
	return out
}

// credentialKey ends right before a secret value: the key, then quotes,
// '=', ':' or white space.
var credentialKey = regexp.MustCompile(`(?i)(secret_access_key|session_token|token|master_symmetric_key)['"=:\s]*$`)

func holdsWhole(in, secret string) bool {
	keyed := !strings.HasPrefix(secret, "AKIA") && !strings.HasPrefix(secret, "ASIA")
	// '=' is not one: it ends a key (key=value) or pads a base64 value.
	secretChar := func(b byte) bool {
		return b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '/' || b == '+'
	}
	for off := 0; ; {
		i := strings.Index(in[off:], secret)
		if i < 0 {
			return false
		}
		start, end := off+i, off+i+len(secret)
		whole := (start == 0 || !secretChar(in[start-1])) && (end == len(in) || !secretChar(in[end]))
		if whole && (!keyed || credentialKey.MatchString(in[max(0, start-64):start])) {
			return true
		}
		off = start + 1
	}
}

func checkRun(t *testing.T, format string, args []string, r cliResult, secrets []string) {
	t.Helper()
	for _, p := range commonProblems(format, r, secrets) {
		t.Errorf("--format %s: %s\nargs %q\n%s", format, p, args, r)
	}
}

// --- check: SQL, configuration, vars file --------------------------------

// scenarioSeed is what a check scenario gives the fuzzer.
type scenarioSeed struct{ sql, config, vars string }

// scenarioSeeds reads the check scenarios of testdata/scenarios: their
// first SQL file, configuration and vars file.
func scenarioSeeds(f *testing.F) []scenarioSeed {
	paths, _ := filepath.Glob("testdata/scenarios/*.txtar")
	var seeds []scenarioSeed
	for _, path := range paths {
		ar, err := txtar.ParseFile(path)
		if err != nil {
			f.Fatal(err)
		}
		if !strings.Contains(string(ar.Comment), "$ redshift-preflight check") {
			continue
		}
		var s scenarioSeed
		for _, file := range ar.Files {
			switch {
			case strings.HasSuffix(file.Name, ".sql") && s.sql == "":
				s.sql = string(file.Data)
			case strings.HasSuffix(file.Name, ".toml") && s.config == "":
				s.config = string(file.Data)
			case strings.Contains(file.Name, "vars") && s.vars == "":
				s.vars = string(file.Data)
			}
		}
		if s.sql != "" {
			seeds = append(seeds, s)
		}
	}
	return seeds
}

// safeConfig: a generated configuration may name files only inside the
// target's temporary directory (its paths are relative to it), so that
// fuzzing never reads or walks the machine.
func safeConfig(config string) bool {
	return !strings.ContainsAny(config, "/\\") && !strings.Contains(config, "..") && !strings.Contains(config, "~")
}

// FuzzCheckCLI runs check on a generated SQL file with a generated
// configuration (TOML) and vars file (NAME=VALUE lines, or JSON), in every
// format.
func FuzzCheckCLI(f *testing.F) {
	skipPendingFuzz(f, "FuzzCheckCLI")
	for _, s := range scenarioSeeds(f) {
		f.Add(s.sql, s.config, s.vars, strings.HasPrefix(strings.TrimSpace(s.vars), "{"))
	}
	seeds := map[string][]string{} // SQL of hostile cases → their names
	for _, c := range hostileCases() {
		if sql, ok := c.files["x.sql"]; ok && (c.cmd == "" || c.cmd == "check") {
			vars := c.files["vars.env"] + c.files["vars.json"]
			f.Add(sql, "", vars, c.files["vars.json"] != "")
			seeds[sql] = append(seeds[sql], c.name)
		}
	}
	f.Add("COPY t FROM 's3://b/p' IAM_ROLE '${r}';\n", "[vars]\nr = \"arn:aws:iam::123456789012:role/A"+`\n`+"::error file=README.md,line=1::forged\"\n", "", false)
	f.Add("COPY t FROM 's3://b/p' CREDENTIALS '${c}';\n", "", "c=aws_access_key_id="+plantedKeyID+";aws_secret_access_key="+plantedSecret+"\n", false)
	f.Add("-- preflight-ignore-file\nCOPY t FROM 's3://b/p' ACCESS_KEY_ID '"+plantedKeyID+"' SECRET_ACCESS_KEY '"+plantedSecret+"';\n", "fail_on = \"warning\"\n", "", false)
	f.Fuzz(func(t *testing.T, sql, config, vars string, varsJSON bool) {
		pendingSeed(t, seeds, sql)
		dir := t.TempDir()
		writeFile(t, dir, "x.sql", []byte(sql))
		var opts []string
		if config != "" && safeConfig(config) {
			writeFile(t, dir, "preflight.toml", []byte(config))
			opts = append(opts, "--config", filepath.Join(dir, "preflight.toml"))
		} else {
			opts = append(opts, "--no-config")
		}
		if vars != "" {
			name := "vars.env"
			if varsJSON {
				name = "vars.json"
			}
			writeFile(t, dir, name, []byte(vars))
			opts = append(opts, "--vars-file", filepath.Join(dir, name))
		}
		secrets := plantedIn(sql, config, vars)
		for _, format := range formatsOf["check"] {
			args := append(append([]string{"check", "--format", format}, opts...), filepath.Join(dir, "x.sql"))
			checkRun(t, format, args, runInProcess(args, nil), secrets)
		}
	})
}

// --- check: Terraform input ----------------------------------------------

// FuzzTerraformCLI runs check with a generated `terraform show -json`
// document as both the IAM and the cluster data.
func FuzzTerraformCLI(f *testing.F) {
	skipPendingFuzz(f, "FuzzTerraformCLI")
	sql := "COPY t FROM 's3://example-ingest-bucket/p' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftClusterRole,arn:aws:iam::123456789012:role/RedshiftS3ReadRole';\n" +
		"UNLOAD ('select 1') TO 's3://example-export-bucket/u_' IAM_ROLE default;\n"
	paths, _ := filepath.Glob("inventory/testdata/terraform/*.json")
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, sql)
	}
	f.Add([]byte(`{"format_version":"1.0","values":{"root_module":{"resources":[{"address":"aws_iam_role.r","type":"aws_iam_role","values":{"name":"r`+forgedError+`","arn":"arn:aws:iam::123456789012:role/r","assume_role_policy":"{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"redshift.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"}}]}}}`), sql)
	hostileTF := `{"format_version":"1.0","values":{"root_module":{"resources":[{"type":"aws_redshift_cluster","values":{"cluster_identifier":"c\u001b[2J","iam_roles":["arn:aws:iam::123456789012:role/A,aws_secret_access_key=` + plantedSecret + `"]}}]}}}`
	f.Add([]byte(hostileTF), sql)
	seeds := map[string][]string{hostileTF: {"FuzzTerraformCLI/control-in-cluster-id"}}
	f.Fuzz(func(t *testing.T, tf []byte, sql string) {
		pendingSeed(t, seeds, string(tf))
		dir := t.TempDir()
		writeFile(t, dir, "x.sql", []byte(sql))
		writeFile(t, dir, "tf.json", tf)
		tfPath := filepath.Join(dir, "tf.json")
		secrets := plantedIn(string(tf), sql)
		for _, format := range formatsOf["check"] {
			args := []string{"check", "--no-config", "--format", format, "--iam", tfPath, "--cluster", tfPath, "--db-user", "etl_user", filepath.Join(dir, "x.sql")}
			checkRun(t, format, args, runInProcess(args, nil), secrets)
		}
	})
}

// --- explain ---------------------------------------------------------------

// FuzzExplainCLI runs explain on a generated chain, statement and target,
// with generated IAM data, in every format of explain.
func FuzzExplainCLI(f *testing.F) {
	skipPendingFuzz(f, "FuzzExplainCLI")
	world, _ := os.ReadFile("testdata/scenarios/serverless.txtar")
	var iam []byte
	if ar := txtar.Parse(world); ar != nil {
		for _, file := range ar.Files {
			if file.Name == "iam.json" {
				iam = file.Data
			}
		}
	}
	seeds := map[string][]string{} // chain of a hostile seed → its pendingIssue10 name
	for _, s := range []struct{ name, chain, statement, target string }{
		{"", "arn:aws:iam::123456789012:role/RedshiftClusterRole,arn:aws:iam::123456789012:role/RedshiftS3ReadRole", "COPY", "s3://example-ingest-bucket/p"},
		{"", "default", "UNLOAD", "s3://example-export-bucket/u_"},
		{"FuzzExplainCLI/forged-chain", "arn:aws:iam::123456789012:role/A" + forgedError, "COPY", "s3://b/p" + forgedMask},
		{"FuzzExplainCLI/secret-in-chain", "arn:aws:iam::123456789012:role/A,aws_secret_access_key=" + plantedSecret, "COPY", ""},
		{"FuzzExplainCLI/controls", "arn:aws:iam::123456789012:role/A\u202e\x1b[2J", "CREATE_EXTERNAL_FUNCTION", "lambda:f\r::add-mask::x"},
		{"", "'arn:aws:iam::123456789012:role/A, arn:aws:iam::123456789012:role/B'", "COPY_JOB", ""},
	} {
		f.Add(s.chain, s.statement, s.target, iam)
		f.Add(s.chain, s.statement, s.target, []byte(nil))
		if s.name != "" {
			seeds[s.chain] = []string{s.name}
		}
	}
	f.Fuzz(func(t *testing.T, chain, statement, target string, iam []byte) {
		pendingSeed(t, seeds, chain)
		dir := t.TempDir()
		opts := []string{"--no-config", "--statement", statement, "--target", target}
		if len(iam) > 0 {
			writeFile(t, dir, "iam.json", iam)
			opts = append(opts, "--iam", filepath.Join(dir, "iam.json"))
		}
		secrets := plantedIn(chain, statement, target, string(iam))
		for _, format := range formatsOf["explain"] {
			args := append(append([]string{"explain", "--format", format}, opts...), chain)
			checkRun(t, format, args, runInProcess(args, nil), secrets)
		}
	})
}
