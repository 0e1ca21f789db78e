package main

// The hostile-input table of issue 10 (point 8). Each case is an input an
// attacker (or an unlucky pull request) can put in front of the CLI, and
// names the promises of the README it guards:
//
//	secret-not-printed    no planted secret in stdout, stderr or --output, in any format
//	no-forged-line        no output line a CI runner takes as a workflow command, except
//	                      the tool's own well-escaped annotations in --format github; no
//	                      raw control or bidi character in text output
//	exit-code             the documented code (0, 1, 2; input errors 2 naming the file), no panic
//	no-hang / bounded     ends (a generous timeout fails instead of hanging), memory bounded,
//	                      work grows linearly (counted between n and 10n, no wall clock)
//	statement-not-hidden  the statement an invisible character precedes is still checked
//
// Every case runs every output format of its command, each in a child
// process (see runChild). Cases that today's main fails because another
// part of issue 10 is still being written are listed in pendingIssue10.

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// pendingIssue10 lists the cases (and fuzz targets) that wait for a fix of
// issue 10 being made elsewhere, with the part they wait for. They are
// skipped, saying so; PREFLIGHT_HOSTILE_PENDING=1 runs them anyway. Remove
// an entry when its fix is merged: the list must end empty.
var pendingIssue10 = map[string]string{}

// otherPending are the pendingIssue10 names of tests outside the table.
var otherPending = map[string]bool{"placeholder-expansion-64000-by-10KB": true, "output-replaced-atomically": true, "closed-stdout-ends-quietly": true}

// skipIfPending skips a pending case unless PREFLIGHT_HOSTILE_PENDING=1.
func skipIfPending(t *testing.T, name string) {
	t.Helper()
	if why, ok := pendingIssue10[name]; ok && os.Getenv("PREFLIGHT_HOSTILE_PENDING") != "1" {
		t.Skipf("pending issue 10: %s (PREFLIGHT_HOSTILE_PENDING=1 runs it)", why)
	}
}

// formatsOf are the output formats of each command: a case runs them all.
var formatsOf = map[string][]string{
	"check":   {"text", "json", "sarif", "github"},
	"explain": {"text", "json", "mermaid", "dot"},
	"connect": {"text", "json"},
}

type hostileCase struct {
	name     string
	promises []string
	files    map[string]string              // written in the case's directory
	setup    func(t *testing.T, dir string) // FIFOs, symlinks, modes
	cmd      string                         // check (default), explain, connect
	args     []string                       // flags and paths after the command and --format; see expandDir
	code     int                            // the exit code every format must give; -1: any of 0, 1, 2
	stderr   []string                       // what stderr must contain (the file an input error names)
	rules    []string                       // rules the report must hold (statement-not-hidden, hardcoded-secret for every form)
	absent   []string                       // rules the report must not hold
	warning  bool                           // the report must hold a warning (a rule whose id is not fixed yet)
	nonRoot  bool                           // a mode-000 file: root reads it anyway, so the case needs another user
}

// The forged workflow commands of the issue.
const (
	forgedError = "\n::error file=README.md,line=1::forged"
	forgedMask  = "\n::add-mask::" + "x"
)

// A copy with a missing authorization: one finding on its line, whatever the rest.
const noAuth = "COPY t FROM 's3://b/p';\n"

func hostileCases() []hostileCase {
	keys := "ACCESS_KEY_ID '" + plantedKeyID + "' SECRET_ACCESS_KEY '" + plantedSecret + "'"
	return []hostileCase{
		// --- secret-not-printed: forms the clause parser does not recognise
		{name: "unterminated-string-with-keys", promises: []string{secretNotPrinted},
			files: map[string]string{"x.sql": "COPY t FROM 's3://x' " + keys + " DELIMITER '|;\n"},
			args:  []string{"x.sql"}, code: 1, rules: []string{"hardcoded-secret"}},
		{name: "credentials-upper-case-keys", promises: []string{secretNotPrinted},
			files: map[string]string{"x.sql": "COPY t FROM 's3://b/p' CREDENTIALS 'AWS_ACCESS_KEY_ID=" + plantedKeyID + ";AWS_SECRET_ACCESS_KEY=" + plantedSecret + "';\n"},
			args:  []string{"x.sql"}, code: 1, rules: []string{"hardcoded-secret"}},
		{name: "credentials-mixed-case-token", promises: []string{secretNotPrinted},
			files: map[string]string{"x.sql": "COPY t FROM 's3://b/p' CREDENTIALS 'Aws_Access_Key_Id=" + plantedASIAKey + ";aws_secret_access_KEY=" + plantedSecret + ";Token=" + plantedToken + "';\n"},
			args:  []string{"x.sql"}, code: 1, rules: []string{"hardcoded-secret"}},
		{name: "unquoted-key-values", promises: []string{secretNotPrinted},
			files: map[string]string{"x.sql": "COPY t FROM 's3://b/p' ACCESS_KEY_ID " + plantedKeyID + " SECRET_ACCESS_KEY " + plantedSecret + ";\n"},
			args:  []string{"x.sql"}, code: 1, rules: []string{"hardcoded-secret"}},
		{name: "double-quoted-key-values", promises: []string{secretNotPrinted},
			files: map[string]string{"x.sql": "COPY t FROM 's3://b/p' ACCESS_KEY_ID \"" + plantedASIAKey + "\" SECRET_ACCESS_KEY \"" + plantedSecret + "\" SESSION_TOKEN \"" + plantedToken + "\";\n"},
			args:  []string{"x.sql"}, code: 1, rules: []string{"hardcoded-secret"}},
		{name: "double-quoted-master-symmetric-key", promises: []string{secretNotPrinted},
			files: map[string]string{"x.sql": "COPY t FROM 's3://b/p' IAM_ROLE default MASTER_SYMMETRIC_KEY \"" + plantedMaster + "\" ENCRYPTED;\n"},
			args:  []string{"x.sql"}, code: 1, rules: []string{"hardcoded-secret"}},
		{name: "nbsp-between-clauses", promises: []string{secretNotPrinted},
			files: map[string]string{"x.sql": "COPY t FROM 's3://b/p'\u00a0ACCESS_KEY_ID\u00a0'" + plantedKeyID + "'\u00a0SECRET_ACCESS_KEY\u00a0'" + plantedSecret + "';\n"},
			args:  []string{"x.sql"}, code: 1, rules: []string{"hardcoded-secret"}},
		{name: "secret-in-comment-on-finding-line", promises: []string{secretNotPrinted},
			files: map[string]string{"x.sql": "COPY t FROM 's3://b/p'; -- old: " + plantedKeyID + " aws_secret_access_key=" + plantedSecret + "\n" +
				"COPY t FROM 's3://b/p' /* token=" + plantedToken + " */;\n"},
			args: []string{"x.sql"}, code: 1},
		{name: "json-roles-after-comma-typo", promises: []string{secretNotPrinted},
			files: map[string]string{"x.sql": "COPY t FROM 's3://b/p' CREDENTIALS 'aws_iam_role=arn:aws:iam::123456789012:role/A,aws_secret_access_key=" + plantedSecret + "';\n"},
			args:  []string{"x.sql"}, code: 1},
		{name: "var-without-equals-echoes-value", promises: []string{secretNotPrinted, exitCode},
			files: map[string]string{"x.sql": "SELECT 1;\n"},
			args:  []string{"--var", "AWS_SECRET_ACCESS_KEY:" + plantedSecret, "x.sql"}, code: 2, stderr: []string{"--var"}},
		{name: "var-empty-name-echoes-value", promises: []string{secretNotPrinted, exitCode},
			files: map[string]string{"x.sql": "SELECT 1;\n"},
			args:  []string{"--var", "=" + plantedKeyID, "x.sql"}, code: 2, stderr: []string{"--var"}},
		{name: "var-value-substituted-into-role", promises: []string{secretNotPrinted},
			files: map[string]string{"x.sql": "COPY t FROM 's3://b/p' IAM_ROLE '${r}';\nCOPY t FROM 's3://b/p' CREDENTIALS '${c}';\n"},
			args:  []string{"--var", "r=arn:aws:iam::123456789012:role/A,aws_secret_access_key=" + plantedSecret, "--var", "c=aws_access_key_id=" + plantedKeyID + ";aws_secret_access_key=" + plantedSecret, "x.sql"},
			code:  1},
		{name: "vars-file-line-with-secret", promises: []string{secretNotPrinted, exitCode},
			files: map[string]string{"x.sql": "SELECT 1;\n", "vars.env": "role=arn:aws:iam::123456789012:role/A\n" + plantedKeyID + " " + plantedSecret + "\n"},
			args:  []string{"--vars-file", "vars.env", "x.sql"}, code: 2, stderr: []string{"vars.env"}},
		{name: "sarif-fingerprint-of-secret", promises: []string{secretNotPrinted},
			files: map[string]string{"x.sql": "COPY t FROM 's3://b/p' " + keys + ";\n"},
			args:  []string{"x.sql"}, code: 1, rules: []string{"hardcoded-secret"}},

		// --- statement-not-hidden: invisible characters between statements
		{name: "bom-before-later-statement", promises: []string{statementNotHidden, secretNotPrinted},
			files: map[string]string{"x.sql": "SELECT 1;\n\ufeffCOPY t FROM 's3://b/p' " + keys + ";\n"},
			args:  []string{"x.sql"}, code: 1, rules: []string{"hardcoded-secret"}},
		{name: "zero-width-space-before-later-statement", promises: []string{statementNotHidden, secretNotPrinted},
			files: map[string]string{"x.sql": "SELECT 1;\u200b\nCOPY t FROM 's3://b/p' " + keys + ";\n"},
			args:  []string{"x.sql"}, code: 1, rules: []string{"hardcoded-secret"}},
		{name: "word-joiner-before-later-statement", promises: []string{statementNotHidden},
			files: map[string]string{"x.sql": "SELECT 1; \u2060" + noAuth},
			args:  []string{"x.sql"}, code: 1, rules: []string{"missing-authorization"}},

		// --- no-forged-line: workflow commands and controls in printed strings
		{name: "forged-command-in-role-string", promises: []string{noForgedLine},
			files: map[string]string{"x.sql": "COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/A" + forgedError + "';\n" +
				"COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/B" + forgedMask + "';\n"},
			args: []string{"x.sql"}, code: 1},
		{name: "forged-command-in-s3-uri", promises: []string{noForgedLine},
			files: map[string]string{"x.sql": "COPY t FROM 's3://b/p" + forgedError + "';\nUNLOAD ('select 1') TO 's3://b/u" + forgedMask + "';\n"},
			args:  []string{"x.sql"}, code: 1},
		{name: "forged-command-in-placeholder-value", promises: []string{noForgedLine},
			files: map[string]string{"x.sql": "COPY t FROM 's3://b/p' IAM_ROLE '${r}';\n"},
			args:  []string{"--var", "r=arn:aws:iam::123456789012:role/A" + forgedError, "x.sql"}, code: 1},
		{name: "forged-command-in-file-name", promises: []string{noForgedLine},
			files: map[string]string{"x" + forgedError + ".sql": noAuth, "::add-mask::x.sql": noAuth},
			args:  []string{"."}, code: 1},
		{name: "forged-command-in-missing-path", promises: []string{noForgedLine, exitCode},
			args: []string{"::add-mask::x.sql", "y" + forgedError + ".sql"}, code: 2},
		{name: "sql-line-starting-with-command", promises: []string{noForgedLine},
			files: map[string]string{"x.sql": noAuth + "::error file=README.md,line=1::forged\n::add-mask::x;\n"},
			args:  []string{"x.sql"}, code: 1},
		{name: "escape-sequences-in-sql", promises: []string{noForgedLine},
			files: map[string]string{"x.sql": "COPY t FROM 's3://b/\x1b[2J\x1b]8;;https://evil.example\x07p'; -- \x1b[31mred\x1b[0m\n"},
			args:  []string{"x.sql"}, code: 1},
		{name: "carriage-return-in-sql", promises: []string{noForgedLine},
			files: map[string]string{"x.sql": "COPY t FROM 's3://b/p\r::error file=README.md,line=1::forged';\n"},
			args:  []string{"x.sql"}, code: 1},
		{name: "bidi-override-in-sql", promises: []string{noForgedLine},
			files: map[string]string{"x.sql": "COPY t FROM 's3://b/p\u202e/lmth.x' IAM_ROLE default;\n"},
			args:  []string{"x.sql"}, code: -1, warning: true},
		{name: "bidi-isolate-in-role", promises: []string{noForgedLine},
			files: map[string]string{"x.sql": "COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/A\u2066x\u2069';\n"},
			args:  []string{"x.sql"}, code: 1, warning: true},
		{name: "controls-in-placeholder-name", promises: []string{noForgedLine},
			files: map[string]string{"x.sql": "COPY t FROM 's3://b/p' IAM_ROLE '{{ x\x1b[2J\u202e\r::add-mask::y }}';\n"},
			args:  []string{"x.sql"}, code: -1},
		{name: "controls-in-file-names", promises: []string{noForgedLine},
			files: map[string]string{"esc\x1b[31m.sql": noAuth, "cr\r::error file=README.md,line=1::forged.sql": noAuth, "bidi\u202egnp.sql": noAuth, "del\x7f\u0085.sql": noAuth},
			args:  []string{"."}, code: 1},
		{name: "explain-forged-chain", promises: []string{noForgedLine, secretNotPrinted}, cmd: "explain",
			args: []string{"--no-config", "arn:aws:iam::123456789012:role/A" + forgedError + "\x1b[2J,aws_secret_access_key=" + plantedSecret}, code: -1},
		{name: "explain-forged-target", promises: []string{noForgedLine}, cmd: "explain",
			args: []string{"--no-config", "--target", "s3://b/p" + forgedMask + "\u202e", "arn:aws:iam::123456789012:role/A"}, code: -1},
		{name: "connect-forged-names", promises: []string{noForgedLine, secretNotPrinted}, cmd: "connect",
			args: []string{"--no-config", "--start", "ec2.amazonaws.com", "--chain", "arn:aws:iam::123456789012:role/A" + forgedError + ",token=" + plantedToken,
				"--db-user", "u" + forgedMask, "--db-name", "d\x1b[2J"}, code: 2},
		{name: "connect-forged-db-names", promises: []string{noForgedLine}, cmd: "connect",
			args: []string{"--no-config", "--cluster", "$TESTDATA/world/connect/cluster", "--start", "ec2.amazonaws.com", "--chain", "arn:aws:iam::123456789012:role/A",
				"--db-user", "u" + forgedMask, "--db-name", "d\x1b[2J" + forgedError}, code: -1},

		// --- exit-code / no-hang: only regular files are read
		{name: "fifo-as-sql-path", promises: []string{noHang, exitCode}, setup: mkfifo("pipe.sql"),
			args: []string{"pipe.sql"}, code: 2, stderr: []string{"pipe.sql"}},
		{name: "fifo-in-walked-directory", promises: []string{noHang, exitCode}, setup: mkfifo("db/pipe.sql"),
			files: map[string]string{"db/a.sql": "SELECT 1;\n"}, args: []string{"db"}, code: 2, stderr: []string{"pipe.sql"}},
		{name: "dev-zero-as-sql-path", promises: []string{noHang, bounded, exitCode},
			args: []string{"/dev/zero"}, code: 2, stderr: []string{"/dev/zero"}},
		{name: "dev-zero-in-walked-directory", promises: []string{noHang, bounded, exitCode}, setup: symlink("/dev/zero", "db/zero.sql"),
			files: map[string]string{"db/a.sql": "SELECT 1;\n"}, args: []string{"db"}, code: 2, stderr: []string{"zero.sql"}},
		{name: "fifo-as-iam", promises: []string{noHang, exitCode}, setup: mkfifo("iam.json"),
			files: map[string]string{"x.sql": "SELECT 1;\n"}, args: []string{"--iam", "iam.json", "x.sql"}, code: 2, stderr: []string{"iam.json"}},
		{name: "fifo-in-iam-directory", promises: []string{noHang, exitCode}, setup: mkfifo("iam/pipe.json"),
			files: map[string]string{"x.sql": "SELECT 1;\n", "iam/a.json": `{"RoleDetailList": []}`}, args: []string{"--iam", "iam", "x.sql"}, code: 2, stderr: []string{"pipe.json"}},
		{name: "dev-zero-as-iam", promises: []string{noHang, bounded, exitCode},
			files: map[string]string{"x.sql": "SELECT 1;\n"}, args: []string{"--iam", "/dev/zero", "x.sql"}, code: 2, stderr: []string{"/dev/zero"}},
		{name: "fifo-as-cluster", promises: []string{noHang, exitCode}, setup: mkfifo("cluster.json"),
			files: map[string]string{"x.sql": "SELECT 1;\n"}, args: []string{"--cluster", "cluster.json", "x.sql"}, code: 2, stderr: []string{"cluster.json"}},
		{name: "dev-zero-as-cluster", promises: []string{noHang, bounded, exitCode},
			files: map[string]string{"x.sql": "SELECT 1;\n"}, args: []string{"--cluster", "/dev/zero", "x.sql"}, code: 2, stderr: []string{"/dev/zero"}},
		{name: "fifo-as-vars-file", promises: []string{noHang, exitCode}, setup: mkfifo("vars.env"),
			files: map[string]string{"x.sql": "SELECT 1;\n"}, args: []string{"--vars-file", "vars.env", "x.sql"}, code: 2, stderr: []string{"vars.env"}},
		{name: "dev-zero-as-vars-file", promises: []string{noHang, bounded, exitCode},
			files: map[string]string{"x.sql": "SELECT 1;\n"}, args: []string{"--vars-file", "/dev/zero", "x.sql"}, code: 2, stderr: []string{"/dev/zero"}},
		{name: "fifo-as-config", promises: []string{noHang, exitCode}, setup: mkfifo("preflight.toml"),
			files: map[string]string{"x.sql": "SELECT 1;\n"}, args: []string{"--config", "preflight.toml", "x.sql"}, code: 2, stderr: []string{"preflight.toml"}},
		{name: "dev-zero-as-config", promises: []string{noHang, bounded, exitCode},
			files: map[string]string{"x.sql": "SELECT 1;\n"}, args: []string{"--config", "/dev/zero", "x.sql"}, code: 2, stderr: []string{"/dev/zero"}},
		{name: "fifo-as-found-config", promises: []string{noHang, exitCode}, setup: mkfifo(".redshift-preflight.toml"),
			files: map[string]string{"x.sql": "SELECT 1;\n"}, args: []string{"x.sql"}, code: 2, stderr: []string{".redshift-preflight.toml"}},
		{name: "fifo-as-explain-iam", promises: []string{noHang, exitCode}, cmd: "explain", setup: mkfifo("iam.json"),
			args: []string{"--no-config", "--iam", "iam.json", "arn:aws:iam::123456789012:role/A"}, code: 2, stderr: []string{"iam.json"}},

		// --- bounded: past a documented size limit, exit 2 naming the file
		// (a sparse 4 GiB file: no disk used, far past any limit)
		{name: "sql-file-past-size-limit", promises: []string{bounded, exitCode}, setup: sparse("big.sql", 4<<30),
			args: []string{"big.sql"}, code: 2, stderr: []string{"big.sql"}},
		{name: "iam-file-past-size-limit", promises: []string{bounded, exitCode}, setup: sparse("iam.json", 4<<30),
			files: map[string]string{"x.sql": "SELECT 1;\n"}, args: []string{"--iam", "iam.json", "x.sql"}, code: 2, stderr: []string{"iam.json"}},

		// --- exit-code: nothing unreadable is skipped silently
		{name: "unreadable-subdirectory", promises: []string{exitCode}, setup: chmod("db/locked", 0), nonRoot: true,
			files: map[string]string{"db/a.sql": "SELECT 1;\n", "db/locked/b.sql": noAuth}, args: []string{"db"}, code: 2, stderr: []string{"locked"}},
		{name: "unreadable-subdirectory-under-glob", promises: []string{exitCode}, setup: chmod("db/locked", 0), nonRoot: true,
			files: map[string]string{"db/a.sql": "SELECT 1;\n", "db/locked/b.sql": noAuth}, args: []string{"db/**/*.sql"}, code: 2, stderr: []string{"locked"}},
		{name: "unreadable-config", promises: []string{exitCode}, setup: chmod(".redshift-preflight.toml", 0), nonRoot: true,
			files: map[string]string{"x.sql": noAuth, ".redshift-preflight.toml": "[rules]\ndisable = [\"missing-authorization\"]\n"}, args: []string{"x.sql"}, code: 2, stderr: []string{".redshift-preflight.toml"}},
		{name: "dangling-symlink-found-config", promises: []string{exitCode}, setup: symlink("gone.toml", ".redshift-preflight.toml"),
			files: map[string]string{"x.sql": noAuth}, args: []string{"x.sql"}, code: 2, stderr: []string{".redshift-preflight.toml"}},
		{name: "dangling-symlink-config-flag", promises: []string{exitCode}, setup: symlink("gone.toml", "ci.toml"),
			files: map[string]string{"x.sql": noAuth}, args: []string{"--config", "ci.toml", "x.sql"}, code: 2, stderr: []string{"ci.toml"}},
		{name: "vars-file-with-bom", promises: []string{exitCode},
			files: map[string]string{"x.sql": "COPY t FROM 's3://b/p' IAM_ROLE '${role}';\n", "vars.env": "\ufeffrole=arn:aws:iam::123456789012:role/A\n"},
			args:  []string{"--vars-file", "vars.env", "x.sql"}, code: 0, absent: []string{"unresolved-placeholder", "invalid-role-arn"}},
		{name: "json-vars-file-with-bom", promises: []string{exitCode},
			files: map[string]string{"x.sql": "COPY t FROM 's3://b/p' IAM_ROLE '${role}';\n", "vars.json": "\ufeff{\"role\": \"arn:aws:iam::123456789012:role/A\"}\n"},
			args:  []string{"--vars-file", "vars.json", "x.sql"}, code: 0, absent: []string{"unresolved-placeholder", "invalid-role-arn"}},
	}
}

// TestHostileInputs runs the table: every case, every format of its command.
func TestHostileInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the CLI in child processes")
	}
	seen := map[string]bool{}
	for _, c := range hostileCases() {
		if seen[c.name] {
			t.Fatalf("two cases named %s", c.name)
		}
		seen[c.name] = true
		t.Run(c.name, func(t *testing.T) {
			skipIfPending(t, c.name)
			if c.nonRoot && os.Geteuid() == 0 {
				// As root: go test -c -o /tmp/h.test . && setpriv --reuid=65534 --regid=65534
				// --clear-groups env TMPDIR=<a dir nobody writes> /tmp/h.test -test.run TestHostileInputs
				t.Skip("root reads mode-000 files and directories: run the tests as another user")
			}
			runHostileCase(t, c)
		})
	}
	for _, c := range growthCases() {
		seen["growth/"+c.name] = true
	}
	for name := range pendingIssue10 {
		if !seen[name] && !strings.HasPrefix(name, "Fuzz") && !otherPending[name] {
			t.Errorf("pendingIssue10 names %q, which is no case", name)
		}
	}
}

func runHostileCase(t *testing.T, c hostileCase) {
	cmd := c.cmd
	if cmd == "" {
		cmd = "check"
	}
	var fingerprints []string
	for _, format := range formatsOf[cmd] {
		dir := caseDir(t, c)
		args := append([]string{cmd, "--format", format}, expandDir(c.args, dir)...)
		r := runChild(t, childRun{dir: dir, args: args})
		problems := append(commonProblems(format, r, plantedSecrets), textProblems(format, r)...)
		problems = append(problems, expectationProblems(c, format, r)...)
		for _, p := range problems {
			t.Errorf("--format %s: %s", format, p)
		}
		if len(problems) > 0 {
			t.Logf("--format %s (the case guards %s): %q\n%s", format, strings.Join(c.promises, ", "), args[3:], r)
		}
		if r.hung {
			return // the other formats would hang as long
		}
		if format == "sarif" {
			fingerprints = append(fingerprints, sarifFingerprints(r.stdout)...)
		}
	}
	if c.name == "sarif-fingerprint-of-secret" {
		checkFingerprintsIgnoreSecret(t, c, fingerprints)
	}
}

// expectationProblems checks the case's own promises: exit code, the file
// an input error names, the rules the report must (not) hold.
func expectationProblems(c hostileCase, format string, r cliResult) []string {
	var bad []string
	if c.code >= 0 && r.code != c.code && !r.hung && !r.tooBig {
		bad = append(bad, fmt.Sprintf("%s: exit code %d, want %d", exitCode, r.code, c.code))
	}
	for _, s := range c.stderr {
		if !strings.Contains(string(r.stderr), s) {
			bad = append(bad, fmt.Sprintf("%s: stderr does not name %q", exitCode, s))
		}
	}
	for _, rule := range c.rules {
		if !ruleReported(format, r.stdout, rule) {
			bad = append(bad, fmt.Sprintf("%s: the report lacks a %s finding", statementNotHidden, rule))
		}
	}
	for _, rule := range c.absent {
		if ruleReported(format, r.stdout, rule) {
			bad = append(bad, fmt.Sprintf("%s: the report holds a %s finding", exitCode, rule))
		}
	}
	if c.warning && !warningReported(format, r.stdout) {
		bad = append(bad, noForgedLine+": no warning finding for the bidirectional control character (Trojan Source)")
	}
	return bad
}

// ruleReported: each format names a finding's rule its own way.
func ruleReported(format string, out []byte, rule string) bool {
	s := string(out)
	switch format {
	case "json":
		return strings.Contains(s, `"rule": "`+rule+`"`) || strings.Contains(s, `"rule":"`+rule+`"`)
	case "sarif":
		return strings.Contains(s, `"ruleId": "`+rule+`"`) || strings.Contains(s, `"ruleId":"`+rule+`"`)
	case "github":
		return strings.Contains(s, ",title="+rule+"::")
	}
	return strings.Contains(s, "["+rule+"]")
}

func warningReported(format string, out []byte) bool {
	s := string(out)
	switch format {
	case "json":
		return strings.Contains(s, `"severity": "warning"`) || strings.Contains(s, `"severity":"warning"`)
	case "sarif":
		return strings.Contains(s, `"level": "warning"`) || strings.Contains(s, `"level":"warning"`)
	case "github":
		return strings.Contains(s, "::warning ")
	}
	return strings.Contains(s, ": warning: ")
}

// caseDir writes a fresh directory for one run: a run may change it (an
// --output file), and a FIFO is used once.
func caseDir(t *testing.T, c hostileCase) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range c.files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if c.setup != nil {
		c.setup(t, dir)
	}
	return dir
}

// expandDir replaces $DIR by the case's directory and $TESTDATA by the
// shared fixtures.
func expandDir(args []string, dir string) []string {
	testdata, _ := filepath.Abs("testdata")
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = strings.NewReplacer("$DIR", dir, "$TESTDATA", testdata).Replace(a)
	}
	return out
}

func mkfifo(name string) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := syscall.Mkfifo(path, 0o644); err != nil {
			t.Skipf("no FIFOs here: %v", err)
		}
	}
}

func symlink(target, name string) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, path); err != nil {
			t.Fatal(err)
		}
	}
}

// sparse makes a file of size bytes that takes no disk space.
func sparse(name string, size int64) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.WriteFile(path, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(path, size); err != nil {
			t.Skipf("no sparse files here: %v", err)
		}
	}
}

// chmod changes a mode, and restores it when the test ends so that the
// temporary directory can be removed.
func chmod(name string, mode os.FileMode) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		path := filepath.Join(dir, filepath.FromSlash(name))
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = os.Chmod(path, st.Mode().Perm()) })
	}
}

// --- SARIF fingerprints never hash secret characters ---------------------

func sarifFingerprints(doc []byte) []string {
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID              string            `json:"ruleId"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
				Fingerprints        map[string]string `json:"fingerprints"`
			} `json:"results"`
		} `json:"runs"`
	}
	if json.Unmarshal(doc, &log) != nil {
		return nil
	}
	var out []string
	for _, run := range log.Runs {
		for _, r := range run.Results {
			out = append(out, fmt.Sprintf("%s %v %v", r.RuleID, r.PartialFingerprints, r.Fingerprints))
		}
	}
	return out
}

// checkFingerprintsIgnoreSecret: the same file with other secret values of
// the same shape has the same fingerprints; if they changed, the
// fingerprint hashed the secret's characters (and could be brute-forced
// back to a short secret, or at least confirms a guess).
func checkFingerprintsIgnoreSecret(t *testing.T, c hostileCase, fingerprints []string) {
	other := c
	other.files = map[string]string{}
	swap := strings.NewReplacer(plantedKeyID, "AKIAFAKEQ2WZ6KX4TM7B", plantedSecret, "fAkE9pLq2Zx+Vb7Nc4Md1Kf8Gh3Js6Wt0Ry5Ue/A")
	for name, data := range c.files {
		other.files[swap.Replace(name)] = swap.Replace(data)
	}
	dir := caseDir(t, other)
	r := runChild(t, childRun{dir: dir, args: append([]string{"check", "--format", "sarif"}, c.args...)})
	got := sarifFingerprints(r.stdout)
	if len(fingerprints) == 0 || strings.Join(got, "\n") != strings.Join(fingerprints, "\n") {
		t.Errorf("%s: SARIF fingerprints depend on the secret's value:\n%s\nvs\n%s", secretNotPrinted, strings.Join(fingerprints, "\n"), strings.Join(got, "\n"))
	}
}
