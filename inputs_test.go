//go:build unix

package main

import (
	"bytes"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The promises of issue 10 about files: only regular files are read, each
// within a limit, nothing unreadable is skipped, --output is replaced
// whole, and a closed stdout ends the output quietly.

// testWorld is the shared IAM and cluster fixtures' absolute path, for
// runs in a temporary directory.
func testWorld(t *testing.T) string {
	t.Helper()
	world, err := filepath.Abs("testdata/world")
	if err != nil {
		t.Fatal(err)
	}
	return world
}

// special makes at path a file of a kind the tool must not read; it
// returns how the error describes it.
func special(t *testing.T, kind, path string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	switch kind {
	case "fifo":
		if err := syscall.Mkfifo(path, 0o644); err != nil {
			t.Fatal(err)
		}
		return "not a regular file (a named pipe)"
	case "socket":
		l, err := net.Listen("unix", path)
		if err != nil {
			t.Skipf("unix socket at %s: %v", path, err)
		}
		t.Cleanup(func() { l.Close() })
		return "not a regular file (a socket)"
	}
	// A device cannot be made without privileges: link to one.
	if err := os.Symlink("/dev/zero", path); err != nil {
		t.Fatal(err)
	}
	return "not a regular file (a character device)"
}

// TestOnlyRegularFilesAreRead: in every role a file can have, a named
// pipe, a socket or a device is an error naming it, and nothing hangs.
func TestOnlyRegularFilesAreRead(t *testing.T) {
	world := testWorld(t)
	roles := []struct {
		name string
		bad  string // where the special file goes, in the working directory
		args []string
		says string // how the message names it
	}{
		{"path", "in.sql", []string{"check", "in.sql"}, "cannot read in.sql: "},
		{"walked directory", "db/V2__in.sql", []string{"check", "db"}, "cannot read db/V2__in.sql: "},
		{"glob", "db/V2__in.sql", []string{"check", "db/*.sql"}, "cannot read db/V2__in.sql: "},
		{"--iam file", "iam.json", []string{"check", "--iam", "iam.json", "db/V1.sql"}, "iam.json: cannot read: "},
		{"--iam directory", "iam/in.json", []string{"check", "--iam", "iam", "db/V1.sql"}, "iam/in.json: cannot read: "},
		{"--cluster", "cluster.json", []string{"check", "--cluster", "cluster.json", "db/V1.sql"}, "cluster.json: cannot read: "},
		{"--vars-file", "vars.env", []string{"check", "--vars-file", "vars.env", "db/V1.sql"}, "cannot read --vars-file vars.env: "},
		{"--config", "ci.toml", []string{"check", "--config", "ci.toml", "db/V1.sql"}, "cannot read config ci.toml: "},
		{"found config", ".redshift-preflight.toml", []string{"check", "db/V1.sql"}, "cannot read config .redshift-preflight.toml: "},
		{"--manifest", "m.manifest", []string{"check", "--manifest", "s3://b/m.manifest=m.manifest", "db/V1.sql"}, "cannot read manifest m.manifest: "},
		{"explain --iam", "iam.json", []string{"explain", "--iam", "iam.json", "default"}, "iam.json: cannot read: "},
		{"connect --cluster", "cluster.json", []string{"connect", "--iam", world + "/iam", "--cluster", "cluster.json",
			"--start", "ec2.amazonaws.com", "--chain", "arn:aws:iam::123456789012:role/A", "--db-user", "u", "--db-name", "d"}, "cluster.json: cannot read: "},
	}
	for _, kind := range []string{"fifo", "socket", "device"} {
		for _, r := range roles {
			t.Run(kind+"/"+r.name, func(t *testing.T) {
				// A short directory: a socket's path is at most 108 bytes.
				dir, err := os.MkdirTemp("", "rp")
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { os.RemoveAll(dir) })
				writeFile(t, dir, "V1.sql", []byte("SELECT 1;\n"))
				if err := os.Mkdir(filepath.Join(dir, "db"), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.Rename(filepath.Join(dir, "V1.sql"), filepath.Join(dir, "db", "V1.sql")); err != nil {
					t.Fatal(err)
				}
				what := special(t, kind, filepath.Join(dir, r.bad))
				code, _, stderr := runWithin(t, 30*time.Second, dir, r.args...)
				if code != exitUsage || !strings.Contains(stderr, r.says+what) {
					t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, r.says+what)
				}
			})
		}
	}
}

// TestStdinIsTheUsersChoice: - reads whatever standard input is, up to
// the sql limit.
func TestStdinIsTheUsersChoice(t *testing.T) {
	zero, err := os.Open("/dev/zero")
	if err != nil {
		t.Skip(err)
	}
	defer zero.Close()
	t.Chdir(t.TempDir())
	var out, errb bytes.Buffer
	code := run([]string{"redshift-preflight", "check", "--max-file-size", "sql=1MiB", "-"}, zero, &out, &errb)
	want := "redshift-preflight: cannot read standard input: larger than the 1MiB limit for sql files (raise it with --max-file-size sql=SIZE)\n"
	if code != exitUsage || errb.String() != want {
		t.Errorf("exit %d, stderr %q", code, errb.String())
	}
}

// TestFileSizeLimits: past its kind's limit a file is an error naming it
// and the limit; the flag and the config raise or lower the limits.
func TestFileSizeLimits(t *testing.T) {
	world := testWorld(t)
	dir := t.TempDir()
	writeFile(t, dir, "V1.sql", []byte("COPY t FROM 's3://b/p' IAM_ROLE default;\n"))
	writeFile(t, dir, "vars.env", []byte("role=arn:aws:iam::123456789012:role/R\n"))
	tests := []struct {
		config string
		args   []string
		code   int
		stderr string // a part of it
	}{
		{"", []string{"--max-file-size", "sql=16", "V1.sql"}, 2,
			"cannot read V1.sql: larger than the 16B limit for sql files (raise it with --max-file-size sql=SIZE)"},
		{"[max_file_size]\nsql = \"16\"\n", []string{"V1.sql"}, 2, "cannot read V1.sql: larger than the 16B limit"},
		{"[max_file_size]\nsql = \"16\"\n", []string{"--max-file-size", "sql=1KiB", "V1.sql"}, 0, "no problems"}, // the flag wins
		{"", []string{"--max-file-size", "data=1KiB", "--iam", world + "/iam", "V1.sql"}, 2, "123456789012.json: cannot read: larger than the 1KiB limit for data files"},
		{"", []string{"--max-file-size", "config=8", "--vars-file", "vars.env", "V1.sql"}, 2, "cannot read --vars-file vars.env: larger than the 8B limit for config files"},
		{"", []string{"--max-file-size", "sql=0", "V1.sql"}, 2, `--max-file-size sql=0: want a size such as 64MiB, 2GiB or a number of bytes, got "0"`},
		{"", []string{"--max-file-size", "sql=1KiB", "--max-file-size", "data=2GiB", "--max-file-size", "config=1MiB", "V1.sql"}, 0, "no problems"},
	}
	for _, tt := range tests {
		os.Remove(filepath.Join(dir, ".redshift-preflight.toml"))
		if tt.config != "" {
			writeFile(t, dir, ".redshift-preflight.toml", []byte(tt.config))
		}
		code, _, stderr := runIn(t, dir, append([]string{"check"}, tt.args...)...)
		if code != tt.code || !strings.Contains(stderr, tt.stderr) {
			t.Errorf("%q %v: exit %d, stderr %q; want %d and %q", tt.config, tt.args, code, stderr, tt.code, tt.stderr)
		}
	}
}

// TestDanglingLinks are reported, not skipped: a walked SQL file, a data
// file in an --iam directory, a config found walking up.
func TestDanglingLinks(t *testing.T) {
	world := testWorld(t)
	tests := []struct {
		link string
		args []string
		want string
	}{
		{"db/V2.sql", []string{"check", "db"}, "cannot read db/V2.sql: symbolic link to gone, which does not exist"},
		{"iam/b.json", []string{"check", "--iam", "iam", "--iam", world + "/iam", "db"}, "iam/b.json: cannot read: symbolic link to gone, which does not exist"},
		{".redshift-preflight.toml", []string{"check", "db"}, "cannot read config .redshift-preflight.toml: symbolic link to gone, which does not exist"},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		for _, sub := range []string{"db", "iam"} {
			if err := os.Mkdir(filepath.Join(dir, sub), 0o755); err != nil {
				t.Fatal(err)
			}
		}
		writeFile(t, dir, "db/V1.sql", []byte("SELECT 1;\n"))
		if err := os.Symlink("gone", filepath.Join(dir, tt.link)); err != nil {
			t.Fatal(err)
		}
		code, _, stderr := runIn(t, dir, tt.args...)
		if code != exitUsage || !strings.Contains(stderr, tt.want) {
			t.Errorf("%s: exit %d, stderr %q; want 2 and %q", tt.link, code, stderr, tt.want)
		}
	}
}

// TestVarsFileWithBOM: the byte-order mark is not part of the first name.
func TestVarsFileWithBOM(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "V1.sql", []byte("COPY t FROM 's3://b/p' IAM_ROLE '${role}';\n"))
	writeFile(t, dir, "vars.env", []byte("\xEF\xBB\xBFrole=arn:aws:iam::123456789012:role/R\n"))
	code, stdout, stderr := runIn(t, dir, "check", "--format", "json", "--vars-file", "vars.env", "V1.sql")
	if code != exitOK || strings.Contains(stdout, "unresolved-placeholder") || !strings.Contains(stdout, "role/R") {
		t.Errorf("exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
}

// TestOutputReplacesTheReport: --output leaves the new report and no
// temporary file; an output that cannot be written keeps the old one.
func TestOutputReplacesTheReport(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "x.sql", []byte("SELECT 1;\n"))
	writeFile(t, dir, "report.json", []byte("previous"))
	if code, _, stderr := runIn(t, dir, "check", "--format", "json", "--output", "report.json", "x.sql"); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "report.json")); !bytes.HasPrefix(data, []byte("{")) {
		t.Errorf("report.json = %q", data)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("left behind: %v", entries)
	}
}

// TestClosedStdout: when the reader of stdout has gone (| head -1), the
// run ends quietly with its own exit code. The pipe's reader is closed
// before the run writes.
func TestClosedStdout(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "x.sql", []byte("COPY t FROM 's3://b/p';\n"))
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	defer w.Close()
	t.Chdir(dir)
	var errb bytes.Buffer
	code := run([]string{"redshift-preflight", "check", "x.sql"}, strings.NewReader(""), w, &errb)
	if code != exitFindings || strings.Contains(errb.String(), "broken pipe") || !strings.Contains(errb.String(), "1 error in 1 file") {
		t.Errorf("exit %d, stderr %q; want 1 and the summary alone", code, errb.String())
	}
}

// TestClosedStdoutOfTheProcess: the same through main, where Go's runtime
// would kill the process with SIGPIPE on a write to its closed stdout.
// The test binary runs main in a child (TestMainProcess).
func TestClosedStdoutOfTheProcess(t *testing.T) {
	dir := t.TempDir()
	var sql bytes.Buffer
	for i := 0; i < 2000; i++ { // more than a pipe buffer of report
		sql.WriteString("COPY t FROM 's3://b/p';\n")
	}
	writeFile(t, dir, "x.sql", sql.Bytes())
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^TestMainProcess$")
	cmd.Env = append(os.Environ(), "PREFLIGHT_MAIN_ARGS=check x.sql")
	cmd.Dir = dir
	cmd.Stdout = w
	var errb bytes.Buffer
	cmd.Stderr = &errb
	err = cmd.Run()
	w.Close()
	code := cmd.ProcessState.ExitCode() // -1 when killed by a signal
	if code != exitFindings || strings.Contains(errb.String(), "broken pipe") || strings.Contains(errb.String(), "panic") {
		t.Errorf("exit %d (%v), stderr %q; want 1 and no broken pipe", code, err, errb.String())
	}
}

// TestMainProcess is main, run as a child process by the tests that need
// a whole process; it does nothing in a normal test run.
func TestMainProcess(t *testing.T) {
	args := os.Getenv("PREFLIGHT_MAIN_ARGS")
	if args == "" {
		t.Skip("runs main for TestClosedStdoutOfTheProcess")
	}
	os.Args = append([]string{"redshift-preflight"}, strings.Fields(args)...)
	main()
}
