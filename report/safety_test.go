package report

import (
	"bytes"
	"strings"
	"testing"
)

func textOutput(t *testing.T, files []fixtureFile, color bool) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Text(&buf, runPipeline(t, files), TextOptions{Color: color}); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// TestTextExcerptIsSafe: an excerpt shows the line with its controls
// escaped and its secret-shaped values masked, even in a comment the
// parser skips, and the caret still stands under the finding's first
// character, its tildes as wide as the span shown.
func TestTextExcerptIsSafe(t *testing.T) {
	src := "COPY t FROM 's3://\x1b[2J' IAM_ROLE 'arn:aws:iam::123456789012:role/A, B'; -- \u202e" + fixtureAccessKey + "\n"
	got := textOutput(t, []fixtureFile{{"a.sql", src}}, false)
	want := `a.sql:1:68: error: role chain must not contain whitespace [chain-whitespace]
    1 | COPY t FROM 's3://\x1b[2J' IAM_ROLE 'arn:aws:iam::123456789012:role/A, B'; -- \u202eAKIA************4RTB
      |                                                                       ^
`
	if !strings.Contains(got, want) {
		t.Errorf("text output\n got %s\nwant %s", got, want)
	}
	assertNoSecrets(t, "text", []byte(got))
}

// TestTextFileNames: a file name cannot start a forged workflow command,
// carry a line break or colour the terminal, with or without colours.
func TestTextFileNames(t *testing.T) {
	files := []fixtureFile{{"::error file=x.sql::forged\n::warning::\x1b[31m.sql", "COPY t FROM 's3://b/p';\n"}}
	for _, color := range []bool{false, true} {
		got := textOutput(t, files, color)
		first, _, _ := strings.Cut(got, "\n")
		if !strings.Contains(first, `\x3a:error file=x.sql::forged\n::warning::\x1b[31m.sql:1:1`) {
			t.Errorf("color %v: first line %q", color, first)
		}
		if strings.Count(got, "\n") != 4 {
			t.Errorf("color %v: the name adds lines:\n%s", color, got)
		}
	}
}

// TestGitHubHostileFileName: properties and messages are escaped as the runner
// unescapes them, control characters stripped, secrets masked.
func TestGitHubHostileFileName(t *testing.T) {
	res := runPipeline(t, []fixtureFile{{"a,b:%\r\n\x1b[1m\u202e" + fixtureAccessKey + ".sql", "COPY t FROM 's3://b/p';\n"}})
	got := githubOutput(t, res)
	want := "::error file=a%2Cb%3A%25%0D%0A[1m" + "AKIA************4RTB" + ".sql,line=1,endLine=1,col=1,endColumn=5,title=missing-authorization::"
	if !strings.HasPrefix(got, want) || strings.Count(got, "\n") != 1 {
		t.Errorf("github output\n got %q\nwant %q...", got, want)
	}
}

// TestSARIFFingerprintHidesUnparsedSecrets: a secret the parser does not
// see (in a comment) enters no fingerprint either: another key of the
// same length gives the same hash.
func TestSARIFFingerprintHidesUnparsedSecrets(t *testing.T) {
	hash := func(key string) string {
		res := runPipeline(t, []fixtureFile{{"a.sql", "COPY t FROM 's3://b/p'; -- " + key + "\n"}})
		doc := decodeSARIF(t, sarifOutput(t, res))
		return doc.Runs[0].Results[0].PartialFingerprints["primaryLocationLineHash"]
	}
	if a, b := hash(fixtureSecretKey), hash("Zz9Zz9Zz9Zz9Zz9Zz9Zz9Zz9Zz9Zz9Zz9Zz9Zz9Z"); a != b {
		t.Errorf("fingerprints differ with the secret: %s, %s", a, b)
	}
}
