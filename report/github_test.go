package report

import (
	"bytes"
	"errors"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/redshift-preflight/redshift-preflight/checks"
)

func githubOutput(t *testing.T, res *checks.Results) string {
	t.Helper()
	var buf bytes.Buffer
	if err := writeGitHub(&buf, res, testBase); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestGitHubGolden(t *testing.T) {
	out := githubOutput(t, fixtureResults(t))
	golden(t, "github.golden", []byte(out))
	assertNoSecrets(t, "GitHub", []byte(out))
}

var githubLine = regexp.MustCompile(`^::(error|warning|notice) file=[^,:]+,line=\d+,endLine=\d+(,col=\d+,endColumn=\d+)?,title=[a-z0-9-]+::[^\r\n]+$`)

func TestGitHubCommands(t *testing.T) {
	res := fixtureResults(t)
	out := githubOutput(t, res)
	if !strings.HasSuffix(out, "\n") {
		t.Fatal("output does not end with a newline")
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	var findings []checks.Finding
	for _, fr := range res.Files {
		findings = append(findings, fr.Findings...)
	}
	if len(lines) != len(findings) {
		t.Fatalf("%d commands for %d findings:\n%s", len(lines), len(findings), out)
	}
	commands := map[checks.Severity]string{checks.Error: "::error ", checks.Warning: "::warning ", checks.Info: "::notice "}
	for i, line := range lines {
		f := findings[i]
		if !githubLine.MatchString(line) {
			t.Errorf("line %d is not one workflow command: %q", i, line)
		}
		if !strings.HasPrefix(line, commands[f.Severity]) {
			t.Errorf("line %d: %q, want %s for %s", i, line, commands[f.Severity], f.Severity)
		}
		if !strings.Contains(line, ",title="+string(f.Rule)+"::"+f.Message) {
			t.Errorf("line %d: %q does not carry rule %s and message %q", i, line, f.Rule, f.Message)
		}
		start, end := f.File.Position(f.Span.Start), f.File.Position(f.Span.End)
		if hasCol := strings.Contains(line, ",col="); hasCol != (start.Line == end.Line) {
			t.Errorf("line %d: %q: columns must be given exactly when the finding is on one line", i, line)
		}
	}
	for _, want := range []string{
		// Two emoji outside the BMP before the finding: code points, not UTF-16 units.
		"::error file=migrations/V1__load.sql,line=2,endLine=2,col=76,endColumn=77,title=chain-whitespace::",
		// A chain broken across lines: no columns.
		"::error file=migrations/V1__load.sql,line=5,endLine=6,title=chain-whitespace::",
		"::warning file=migrations/V1__load.sql,line=4,",
		"::notice file=migrations/V1__load.sql,line=7,",
		"::error file=migrations/with space.sql,line=1,",
		// Property escaping in the file name.
		"::error file=migrations/V2%2Ca%3Ab%25c.sql,line=1,",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	line2 := strings.Split(fixtureSQL, "\n")[1]
	if col := utf8.RuneCountInString(line2[:strings.Index(line2, ", arn")+1]) + 1; col != 76 {
		t.Fatalf("fixture changed: the whitespace is at column %d", col)
	}
}

func TestGitHubEmpty(t *testing.T) {
	if out := githubOutput(t, emptyResults(t)); out != "" {
		t.Errorf("no findings must print nothing, got %q", out)
	}
}

func TestGitHubEscaping(t *testing.T) {
	for _, tc := range []struct{ in, data, prop string }{
		{"plain", "plain", "plain"},
		{"100% done", "100%25 done", "100%25 done"},
		{"a\r\nb", "a%0D%0Ab", "a%0D%0Ab"},
		{"k: v, w", "k: v, w", "k%3A v%2C w"},
		{"%3A", "%253A", "%253A"},
		{"::error::x", "::error::x", "%3A%3Aerror%3A%3Ax"},
		{"\x1b[31mred\u202e\x00", "[31mred", "[31mred"},
		{"key AKIAIOSFODNN7EXAMPLE", "key AKIA************MPLE", "key AKIA************MPLE"},
	} {
		if got := escapeData(tc.in); got != tc.data {
			t.Errorf("escapeData(%q) = %q, want %q", tc.in, got, tc.data)
		}
		if got := escapeProperty(tc.in); got != tc.prop {
			t.Errorf("escapeProperty(%q) = %q, want %q", tc.in, got, tc.prop)
		}
	}
}

// TestGitHubMessageInjection: a message holding a line break cannot start a
// second command.
func TestGitHubMessageInjection(t *testing.T) {
	res := fixtureResults(t)
	res.Files[0].Findings[0].Message = "bad\n::error file=x::injected %"
	out := githubOutput(t, res)
	if strings.Contains(out, "\n::error file=x") {
		t.Errorf("a line break in a message started a new command:\n%s", out)
	}
	if !strings.Contains(out, "bad%0A::error file=x::injected %25") {
		t.Errorf("message not escaped:\n%s", out)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestGitHubWriteError(t *testing.T) {
	if err := GitHub(failingWriter{}, fixtureResults(t)); err == nil {
		t.Error("a write error was not returned")
	}
	if err := SARIF(failingWriter{}, testTool, fixtureResults(t)); err == nil {
		t.Error("SARIF: a write error was not returned")
	}
}
