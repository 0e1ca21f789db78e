//go:build unix

package files

import (
	"errors"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// within fails the test instead of hanging when fn blocks: opening a named
// pipe blocks until a writer comes, which is the bug these tests guard.
func within(t *testing.T, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); fn() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("blocked for 10s: a non-regular file was opened")
	}
}

// nonRegular makes one of each kind of file the tool must not read, and
// says how ReadFile describes it.
func nonRegular(t *testing.T) map[string]string {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.sql")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	// A socket path must be short (108 bytes): the test directory may not be.
	sock := filepath.Join(os.TempDir(), "preflight-"+strings.ReplaceAll(t.Name(), "/", "-")+".sock")
	os.Remove(sock)
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	link := filepath.Join(dir, "link.sql")
	if err := os.Symlink(fifo, link); err != nil {
		t.Fatal(err)
	}
	dangling := filepath.Join(dir, "dangling.sql")
	if err := os.Symlink("gone.sql", dangling); err != nil {
		t.Fatal(err)
	}
	return map[string]string{
		fifo:        "not a regular file (a named pipe)",
		link:        "not a regular file (a named pipe)",
		sock:        "not a regular file (a socket)",
		"/dev/zero": "not a regular file (a character device)",
		"/dev/null": "not a regular file (a character device)",
		dir:         "not a regular file (a directory)",
		dangling:    "symbolic link to gone.sql, which does not exist",
	}
}

func TestReadFileRefusesNonRegularFiles(t *testing.T) {
	for path, want := range nonRegular(t) {
		within(t, func() {
			_, err := ReadFile(path, Limits{}.Of(SQL))
			var pe *fs.PathError
			if !errors.As(err, &pe) || pe.Path != path || pe.Err.Error() != want {
				t.Errorf("%s: got %v, want %q", path, err, want)
			}
		})
	}
}

// TestOpeningANamedPipeDoesNotBlock: should a path become a named pipe
// between regular's check and the open, the open returns at once (and
// open's check of the open file refuses it).
func TestOpeningANamedPipeDoesNotBlock(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	within(t, func() {
		f, err := os.OpenFile(fifo, openFlags, 0)
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
	})
}

func TestReadFileWithinTheLimit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.sql")
	if err := os.WriteFile(path, []byte("SELECT 1;"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := path + ".link"
	if err := os.Symlink(path, link); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		size string
		want string // the error; "" to read the file
	}{
		{"9", ""},
		{"8", "larger than the 8B limit for sql files (raise it with --max-file-size sql=SIZE)"},
		{"1", "larger than the 1B limit for sql files (raise it with --max-file-size sql=SIZE)"},
	} {
		var l Limits
		if err := l.Set("sql", tt.size); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{path, link} {
			data, err := ReadFile(p, l.Of(SQL))
			var tooLarge *TooLargeError
			switch {
			case tt.want == "" && (err != nil || string(data) != "SELECT 1;"):
				t.Errorf("%s within %s: %q, %v", p, tt.size, data, err)
			case tt.want != "" && (!errors.As(err, &tooLarge) || !strings.HasSuffix(err.Error(), ": "+tt.want)):
				t.Errorf("%s over %s: %v, want %q", p, tt.size, err, tt.want)
			}
		}
	}
}

// TestReadAllStopsAtTheLimit: standard input may be endless (/dev/zero
// piped in); no more than the limit and one byte is read.
func TestReadAllStopsAtTheLimit(t *testing.T) {
	zero, err := os.Open("/dev/zero")
	if err != nil {
		t.Skip(err)
	}
	defer zero.Close()
	var l Limits
	if err := l.Set("sql", "1KiB"); err != nil {
		t.Fatal(err)
	}
	within(t, func() {
		if _, err := ReadAll(zero, l.Of(SQL)); err == nil || !strings.Contains(err.Error(), "1KiB limit") {
			t.Errorf("got %v", err)
		}
	})
}

// failingReader fails the test when read: a file whose size already
// exceeds the limit must be refused without reading it.
type failingReader struct{ t *testing.T }

func (r failingReader) Read([]byte) (int, error) {
	r.t.Fatal("read a file whose size already exceeds the limit")
	return 0, nil
}

func TestAFileKnownToBeTooLargeIsNotRead(t *testing.T) {
	var l Limits
	if err := l.Set("data", "1KiB"); err != nil {
		t.Fatal(err)
	}
	var tooLarge *TooLargeError
	if _, err := read(failingReader{t}, 4<<30, l.Of(Data)); !errors.As(err, &tooLarge) {
		t.Fatalf("a 4 GiB file within a 1 KiB limit: %v, want a TooLargeError", err)
	}
}

// TestReadFileOfUnknownSize: a file whose size the system reports as 0
// (as /proc's are) is read to its end, not taken as empty.
func TestReadFileOfUnknownSize(t *testing.T) {
	const path = "/proc/self/status"
	info, err := os.Stat(path)
	if err != nil || info.Size() != 0 {
		t.Skip("no /proc file of size 0 here")
	}
	data, err := ReadFile(path, Limits{}.Of(SQL))
	if err != nil || !strings.Contains(string(data), "Name:") {
		t.Errorf("got %d bytes, %v", len(data), err)
	}
	var l Limits
	if err := l.Set("sql", "16"); err != nil {
		t.Fatal(err)
	}
	var tooLarge *TooLargeError
	if _, err := ReadFile(path, l.Of(SQL)); !errors.As(err, &tooLarge) {
		t.Errorf("over a 16-byte limit: %v, want a TooLargeError", err)
	}
}

// TestReadFileSizes: files of every size around the buffer's, read whole.
func TestReadFileSizes(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []int{0, 1, 511, 512, 513, 4095, 4096, 4097, 1 << 20} {
		path := filepath.Join(dir, "f.sql")
		want := strings.Repeat("x", n)
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		if got, err := ReadFile(path, Limits{}.Of(SQL)); err != nil || string(got) != want {
			t.Errorf("%d bytes: got %d, %v", n, len(got), err)
		}
	}
}
