package checks

import (
	"fmt"
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// shownSpans is what the printers read of a file result: for every
// finding and reference span, its start and end position and the text of
// the lines they are on, with the secrets on those lines clipped to them.
func shownSpans(fr *FileResult) []string {
	var out []string
	show := func(what string, file *sqlparse.File, s sqlparse.Span) {
		if file == nil {
			file = fr.File
		}
		a, b := file.Position(s.Start), file.Position(s.End)
		out = append(out, fmt.Sprintf("%s %s %v-%v %q %q %v %v", what, file.Name, a, b,
			file.Line(a.Line), file.Line(b.Line), secretsOn(fr, file, a.Line), secretsOn(fr, file, b.Line)))
	}
	for _, f := range fr.Findings {
		show(string(f.Rule), f.File, f.Span)
	}
	for _, r := range fr.References {
		show("keyword", r.File, r.Keyword)
		show("value", r.File, r.Value)
	}
	return out
}

// secretsOn are the secret ranges on a line, relative to its start and
// clipped to its text, as redact.Line clips them.
func secretsOn(fr *FileResult, file *sqlparse.File, line int) [][2]int {
	if file != fr.File {
		return nil
	}
	start, n := file.LineStart(line), len(file.Line(line))
	var out [][2]int
	for _, s := range fr.Secrets {
		a, b := min(max(s.Start-start, 0), n), min(max(s.End-start, 0), n)
		if b > a {
			out = append(out, [2]int{a, b})
		}
	}
	return out
}

// checkCompact checks src, then compacts the result and compares what the
// printers read before and after.
func checkCompact(t *testing.T, src string) {
	t.Helper()
	parsed := sqlparse.Parse(sqlparse.NewFile("f.sql", []byte(src)), sqlparse.Options{})
	fr := CheckFile(parsed, &Config{})
	want := shownSpans(fr)
	name, findings, refs := fr.File.Name, len(fr.Findings), len(fr.References)
	compact(fr)
	if fr.File.Name != name || len(fr.Findings) != findings || len(fr.References) != refs {
		t.Fatalf("compact changed the name or the counts: %s %d %d", fr.File.Name, len(fr.Findings), len(fr.References))
	}
	got := shownSpans(fr)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("compacted file shows other text for %q:\nwant %q\n got %q", src, want, got)
	}
	if findings+refs == 0 && len(fr.File.Src) != 0 {
		t.Errorf("a file with nothing to report keeps %d bytes", len(fr.File.Src))
	}
	if len(fr.File.Src) > len(src)+1 {
		t.Errorf("compacted file grew: %d > %d bytes", len(fr.File.Src), len(src))
	}
}

const (
	testKey    = "AKIAIOSFODNN7EXAMPLE"
	testSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
)

var compactCases = []string{
	"",
	"SELECT 1;\n",
	"-- nothing\nSELECT 1;\nCOPY t FROM 's3://b/k' IAM_ROLE 'arn:aws:iam::1234567890127:role/Loader';\nSELECT 2;\n",
	"\xEF\xBB\xBFCOPY t FROM 's3://b/k' IAM_ROLE 'x';\n",                         // byte order mark on a kept line 1
	"\xEF\xBB\xBFSELECT 1;\r\nCOPY t FROM 's3://b/k' IAM_ROLE 'x';\r\nSELECT 2;", // CRLF, no final line feed
	"SELECT 'é—ü';\nCOPY t FROM 's3://b/ü' IAM_ROLE 'arn:aws:iam::12345678901:role/é' ;\n",
	"SELECT 1;\nCOPY t FROM 's3://b/k'\nACCESS_KEY_ID '" + testKey + "'\nSECRET_ACCESS_KEY '" + testSecret + "';",
	"COPY t FROM 's3://b/k' CREDENTIALS 'aws_access_key_id=" + testKey + ";\naws_secret_access_key=" + testSecret + "';\n",
	"/* " + testSecret + "\n" + testKey + " */\nCOPY t FROM 's3://b/k' IAM_ROLE 'a,b,c,d,e,f,g,h,i,j,k';\n",
	"COPY t FROM 's3://b/k' IAM_ROLE '" + strings.Repeat("é", 300) + "';\n" + strings.Repeat("SELECT 1;\n", 50) + "UNLOAD ('select 1') TO 's3://b/p' IAM_ROLE default;",
	"COPY t FROM 's3://b/k' IAM_ROLE 'arn:aws:iam::123456789012:role/R'\n\n\n;",
	"SELECT 1;\nCOPY t FROM 's3://b/k' IAM_ROLE\n\n  'arn:aws:iam::123456789012:role/R';\nSELECT 2;\n", // the value on another line
}

func TestCompactShowsTheSame(t *testing.T) {
	for _, src := range compactCases {
		checkCompact(t, src)
	}
}

// TestCompactDropsUnshownLines: a long file with one finding keeps one
// line of text, the others empty.
func TestCompactDropsUnshownLines(t *testing.T) {
	src := strings.Repeat("SELECT 'some text that is not shown';\n", 1000) + "COPY t FROM 's3://b/k' IAM_ROLE 'x';\n"
	parsed := sqlparse.Parse(sqlparse.NewFile("f.sql", []byte(src)), sqlparse.Options{})
	fr := CheckFile(parsed, &Config{})
	if len(fr.Findings) == 0 {
		t.Fatal("want a finding on the COPY")
	}
	compact(fr)
	if got, want := len(fr.File.Src), 1000+len("COPY t FROM 's3://b/k' IAM_ROLE 'x';\n"); got != want {
		t.Errorf("compacted file has %d bytes, want %d", got, want)
	}
}

func FuzzCompact(f *testing.F) {
	for _, src := range compactCases {
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 4096 {
			return
		}
		checkCompact(t, src)
	})
}
