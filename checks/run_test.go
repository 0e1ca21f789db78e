package checks

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
)

func TestSourceRead(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "top.sql")
	if err := os.WriteFile(path, []byte("SELECT 1;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	src, err := Source{Name: "top.sql", Path: path}.read()
	if err != nil || string(src) != "SELECT 1;\n" {
		t.Errorf("file: %q %v", src, err)
	}
	src, err = Source{Name: "-", Reader: strings.NewReader("COPY")}.read()
	if err != nil || string(src) != "COPY" {
		t.Errorf("stdin: %q %v", src, err)
	}
	_, err = Source{Name: "gone.sql", Path: filepath.Join(dir, "gone.sql")}.read()
	if err == nil || err.Error() != "cannot read gone.sql: no such file or directory" {
		t.Errorf("gone: %v", err)
	}
	_, err = Source{Name: "-", Reader: iotest.ErrReader(errors.New("closed"))}.read()
	if err == nil || err.Error() != "cannot read standard input: closed" {
		t.Errorf("stdin error: %v", err)
	}
}
