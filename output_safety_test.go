package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// The planted credentials: the AWS documentation's examples, and a short
// value only its key names as a secret.
const (
	safetyKeyID  = "AKIAIOSFODNN7EXAMPLE"
	safetySecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	safetyToken  = "hunter2hunter2"
)

// hostileSQL plants secrets where the clause parser does not see them (a
// comment, an unterminated string, upper-case CREDENTIALS keys, a role
// list after a comma typo, an S3 URI) and control characters in strings.
var hostileSQL = strings.Join([]string{
	"-- old key: " + safetyKeyID + " / " + safetySecret,
	"COPY t FROM 's3://b/p' CREDENTIALS 'AWS_ACCESS_KEY_ID=" + safetyKeyID + ";AWS_SECRET_ACCESS_KEY=" + safetySecret + ";Token=" + safetyToken + "';",
	"COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/A,aws_secret_access_key=" + safetySecret + "';",
	"COPY t FROM 's3://b/\x1b[2J\u202e" + safetyKeyID + "' IAM_ROLE 'arn:aws:iam::123456789012:role/A B\x1b]0;title\x07';",
	"COPY t FROM 's3://b/x\n::error file=README.md,line=1::forged ##[error]old syntax\r\n' IAM_ROLE default;",
	"COPY t FROM 's3://b/p' ACCESS_KEY_ID '" + safetyKeyID + "' SECRET_ACCESS_KEY '" + safetySecret + "' DELIMITER '|;",
}, "\n") + "\n"

// TestEveryFormatIsSafe runs every output format of every command over
// hostile input and checks the promises of the README: no planted secret
// in any output, stdout or stderr; no control character, bidirectional
// override or invalid UTF-8 byte; no line a GitHub runner would take for
// a workflow command, but the github format's own.
func TestEveryFormatIsSafe(t *testing.T) {
	dir := t.TempDir()
	hostileName := "\n::error file=README.md::forged \x1b[31m\u202e" + safetyKeyID + ".sql"
	writeFile(t, dir, hostileName, []byte(hostileSQL))
	writeFile(t, dir, "plain.sql", []byte(hostileSQL))
	chain := "arn:aws:iam::123456789012:role/A\x1b[2J,aws_secret_access_key=" + safetySecret + ",\n::error::forged"
	runs := [][]string{
		{"check", "--var", "x=1", "--var", "token=" + safetyToken, "--var", safetySecret, "."},
		{"check", "--iam", filepath.Join("no", safetyKeyID+"\x1b[2J\n::error::x"), "."},
		{"check", "--var", "::error::x=" + safetyToken, "nope\n::error::" + safetyKeyID + ".sql"},
	}
	for _, format := range []string{"text", "json", "sarif", "github"} {
		for _, color := range []string{"never", "always"} {
			runs = append(runs, []string{"check", "--format", format, "--color", color, "."})
		}
	}
	for _, format := range []string{"text", "json", "mermaid", "dot"} {
		runs = append(runs, []string{"explain", "--format", format, "--color", "always", "--target", "s3://b/\x1b[2J" + safetyKeyID, chain})
	}
	for _, format := range []string{"text", "json"} {
		runs = append(runs, []string{"connect", "--format", format, "--color", "always", "--start", "arn:aws:iam::123456789012:role/S\n::error::x",
			"--chain", chain, "--db-user", "u\x1b[2J" + safetyKeyID, "--db-name", "d\u202e"})
	}
	for _, args := range runs {
		code, stdout, stderr := runIn(t, dir, args...)
		name := strings.Join(args, " ")
		if code > exitUsage {
			t.Errorf("%q: exit %d", name, code)
		}
		github := strings.Contains(name, "--format github")
		assertSafe(t, name+" (stdout)", stdout, github)
		assertSafe(t, name+" (stderr)", stderr, false)
	}
}

// githubCommand is the one line the github format writes per finding,
// its properties escaped (no raw : or , inside a value).
var githubCommand = regexp.MustCompile(`^::(error|warning|notice) file=[^:,]*(,(line|endLine|col|endColumn|title)=[^:,]*)*::`)

func assertSafe(t *testing.T, what, out string, github bool) {
	t.Helper()
	for _, planted := range []string{safetyKeyID, safetySecret, safetySecret[8:32], safetyToken} {
		if strings.Contains(out, planted) {
			t.Errorf("%s: prints the planted secret %q:\n%s", what, planted, out)
		}
	}
	if !utf8.ValidString(out) {
		t.Errorf("%s: invalid UTF-8:\n%q", what, out)
	}
	for _, r := range strings.ReplaceAll(out, "\x1b[", "") { // the tool's own colours
		if r < 0x20 && r != '\n' && r != '\t' || r >= 0x7f && r <= 0x9f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 {
			t.Errorf("%s: prints %U:\n%q", what, r, out)
			break
		}
	}
	if strings.Contains(out, "\x1b[") && regexp.MustCompile("\x1b\\[[0-9;]*[^0-9;m]").MatchString(out) {
		t.Errorf("%s: an escape sequence other than a colour:\n%q", what, out)
	}
	for _, line := range strings.Split(out, "\n") {
		trimmed := strings.TrimLeft(regexp.MustCompile("\x1b\\[[0-9;]*m").ReplaceAllString(line, ""), " \t\u00a0")
		switch {
		case strings.Contains(line, "##["):
			t.Errorf("%s: line %q holds the runner's old command syntax", what, line)
		case github && !githubCommand.MatchString(line) && line != "":
			t.Errorf("%s: line %q is not one of the tool's commands", what, line)
		case !github && strings.HasPrefix(trimmed, "::"):
			t.Errorf("%s: line %q reads as a workflow command", what, line)
		}
	}
}
