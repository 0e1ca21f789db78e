package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The report is printed straight into --output: a write that fails on
// the way (a full disk; /dev/full is no regular file, so it is written in
// place) is a usage error naming the file, never a report cut short
// behind exit 0 or 1.
func TestOutputWriteErrorIsUsageError(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full")
	}
	// One statement fails at the last flush, 2,000 while printing.
	for _, n := range []int{1, 2000} {
		dir := t.TempDir()
		writeFile(t, dir, "x.sql", []byte(strings.Repeat("COPY t FROM 's3://b/p';\n", n)))
		for _, format := range []string{"json", "sarif", "text", "github"} {
			code, stdout, stderr := runIn(t, dir, "check", "--format", format, "--output", "/dev/full", "x.sql")
			if code != exitUsage || stdout != "" || !strings.Contains(stderr, "cannot write --output /dev/full") {
				t.Errorf("%d statements, --format %s: code %d, stdout %q, stderr %q; want 2 and the file named", n, format, code, stdout, stderr)
			}
		}
	}
}

// The report on stdout is the one --output writes, for a large report
// that the printers write in many pieces.
func TestStdoutEqualsOutputFile(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "x.sql", []byte(strings.Repeat("COPY t FROM 's3://b/p';\n", 2000)))
	for _, format := range []string{"json", "sarif"} {
		_, stdout, _ := runIn(t, dir, "check", "--format", format, "x.sql")
		runIn(t, dir, "check", "--format", format, "--output", "r."+format, "x.sql")
		file, err := os.ReadFile(filepath.Join(dir, "r."+format))
		if err != nil {
			t.Fatal(err)
		}
		if len(stdout) < 100000 || stdout != string(file) {
			t.Errorf("--format %s: stdout (%d bytes) and --output (%d bytes) differ", format, len(stdout), len(file))
		}
	}
}
