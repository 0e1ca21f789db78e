package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/checks"
)

// chunkWriter records each write.
type chunkWriter struct{ writes []string }

func (w *chunkWriter) Write(p []byte) (int, error) {
	w.writes = append(w.writes, string(p))
	return len(p), nil
}

// wholeText is the text report as it was printed before streaming: built
// whole, then guarded and written at once.
func wholeText(t *testing.T, res *checks.Results, opt TextOptions) string {
	t.Helper()
	defer func(n int) { textChunk = n }(textChunk)
	textChunk = int(^uint(0) >> 1)
	var w chunkWriter
	if err := Text(&w, res, opt); err != nil {
		t.Fatal(err)
	}
	if len(w.writes) != 1 {
		t.Fatalf("the whole report took %d writes", len(w.writes))
	}
	return w.writes[0]
}

// TestTextStreamedEqualsWhole: the text report is written in pieces of
// whole lines, byte for byte what printing it whole wrote, with file
// names and source lines that the workflow-command guard rewrites on
// every piece.
func TestTextStreamedEqualsWhole(t *testing.T) {
	hostile := []fixtureFile{}
	for i := range 400 {
		hostile = append(hostile, fixtureFile{fmt.Sprintf("::warning file=x%d.sql", i),
			"-- ##[group] " + strings.Repeat("x", i) + "\nCOPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::1234567890123:role/R';\n::error::x\n"})
	}
	for name, res := range map[string]*checks.Results{
		"many": manyResults(), "hostile": runPipeline(t, hostile), "fixture": runPipeline(t, fixtureFiles),
	} {
		for _, color := range []bool{false, true} {
			opt := TextOptions{Color: color}
			var w chunkWriter
			if err := Text(&w, res, opt); err != nil {
				t.Fatal(err)
			}
			for i, c := range w.writes {
				if len(c) > 2*textChunk || !strings.HasSuffix(c, "\n") {
					t.Fatalf("%s: write %d has %d bytes, ends %q", name, i, len(c), c[max(len(c)-10, 0):])
				}
			}
			if name != "fixture" && len(w.writes) < 2 {
				t.Errorf("%s: the report came in %d write", name, len(w.writes))
			}
			assertSameBytes(t, name+" text", []byte(strings.Join(w.writes, "")), []byte(wholeText(t, res, opt)))
		}
	}
}

// TestTextWriteError: a failing writer's error is returned, and nothing
// is written after it.
func TestTextWriteError(t *testing.T) {
	w := &countingFailWriter{}
	if err := Text(w, manyResults(), TextOptions{}); err == nil {
		t.Error("no error from a failing writer")
	}
	if w.calls != 1 {
		t.Errorf("%d writes after the first failed", w.calls-1)
	}
}

type countingFailWriter struct{ calls int }

func (w *countingFailWriter) Write(p []byte) (int, error) {
	w.calls++
	return 0, bytes.ErrTooLarge
}
