package checks

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/redshift-preflight/redshift-preflight/internal/files"
	"github.com/redshift-preflight/redshift-preflight/internal/sqlview"
)

var sqlLimit = files.Limits{}.Of(files.SQL)

func TestSourceRead(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "top.sql")
	if err := os.WriteFile(path, []byte("SELECT 1;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	src, err := Source{Name: "top.sql", Path: path}.read(sqlLimit)
	if err != nil || string(src) != "SELECT 1;\n" {
		t.Errorf("file: %q %v", src, err)
	}
	src, err = Source{Name: "-", Reader: strings.NewReader("COPY")}.read(sqlLimit)
	if err != nil || string(src) != "COPY" {
		t.Errorf("stdin: %q %v", src, err)
	}
	_, err = Source{Name: "gone.sql", Path: filepath.Join(dir, "gone.sql")}.read(sqlLimit)
	if err == nil || err.Error() != "cannot read gone.sql: no such file or directory" {
		t.Errorf("gone: %v", err)
	}
	_, err = Source{Name: "-", Reader: iotest.ErrReader(errors.New("closed"))}.read(sqlLimit)
	if err == nil || err.Error() != "cannot read standard input: closed" {
		t.Errorf("stdin error: %v", err)
	}
}

// TestSourceLimit: a SQL file or standard input past the limit is an error
// naming it and the limit, however the limit is reached.
func TestSourceLimit(t *testing.T) {
	var limits files.Limits
	if err := limits.Set("sql", "8"); err != nil {
		t.Fatal(err)
	}
	limit := limits.Of(files.SQL)
	path := filepath.Join(t.TempDir(), "big.sql")
	if err := os.WriteFile(path, []byte("SELECT 1;"), 0o644); err != nil {
		t.Fatal(err)
	}
	const want = "larger than the 8B limit for sql files (raise it with --max-file-size sql=SIZE)"
	_, err := Source{Name: "big.sql", Path: path}.read(limit)
	if err == nil || err.Error() != "cannot read big.sql: "+want {
		t.Errorf("file: %v", err)
	}
	_, err = Source{Name: "-", Reader: strings.NewReader("SELECT 1;")}.read(limit)
	if err == nil || err.Error() != "cannot read standard input: "+want {
		t.Errorf("stdin: %v", err)
	}
	if src, err := (Source{Name: "-", Reader: strings.NewReader("SELECT;")}).read(limit); err != nil || len(src) != 7 {
		t.Errorf("under the limit: %q %v", src, err)
	}
}

// TestViewProblemsAreFindings: the problems of a migration tool's view
// (an include that cannot be followed) are bad-include findings at their
// place in the file.
func TestViewProblemsAreFindings(t *testing.T) {
	src := "<include file=\"gone.xml\"/>\n"
	prepare := func(b []byte) (*sqlview.View, error) {
		return &sqlview.View{SQL: []byte(strings.Repeat(" ", 26) + "\n"),
			Problems: []sqlview.Problem{{Start: 15, End: 23, Message: "include gone.xml does not exist", Help: "h"}}}, nil
	}
	res, err := Run(RunOptions{Sources: []Source{{Name: "c.xml", Reader: strings.NewReader(src), Prepare: prepare}}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Files {
		for _, fd := range f.Findings {
			pos := fd.File.Position(fd.Span.Start)
			got = append(got, fmt.Sprintf("%s %d:%d-%d %s (%s)", fd.Rule, pos.Line, pos.Column, fd.Span.End, fd.Message, fd.Help))
		}
	}
	want := "bad-include 1:16-23 include gone.xml does not exist (h)"
	if len(got) != 1 || got[0] != want {
		t.Errorf("findings %q, want %q", got, want)
	}
}
