package files

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// ReadFile reads the regular file at path, at most limit.Bytes of it.
// Errors are *fs.PathError naming path, as os.ReadFile's are; their Err
// is a *NotRegularError, a *TooLargeError, a *DanglingLinkError or the
// system's.
func ReadFile(path string, limit Limit) ([]byte, error) { return readFile(path, limit) }

// ReadAll reads r (standard input: the user's explicit choice, whatever it
// is) up to limit.Bytes.
func ReadAll(r io.Reader, limit Limit) ([]byte, error) { return read(r, 0, limit) }

// read reads through a LimitReader of limit+1 bytes, so that even a file
// that grows while it is read cannot take more; size (0: unknown) sizes
// the buffer, and a file already past the limit is refused before a byte
// is read (a 4 GiB file must not cost 1 GiB of memory to refuse).
func read(r io.Reader, size int64, limit Limit) ([]byte, error) {
	if size > limit.Bytes {
		return nil, &TooLargeError{Limit: limit}
	}
	var buf bytes.Buffer
	if size > 0 {
		buf.Grow(int(min(size, limit.Bytes) + bytes.MinRead))
	}
	if _, err := buf.ReadFrom(io.LimitReader(r, limit.Bytes+1)); err != nil {
		return nil, err
	}
	if int64(buf.Len()) > limit.Bytes {
		return nil, &TooLargeError{Limit: limit}
	}
	return buf.Bytes(), nil
}

// open opens path for reading when it is a regular file (a symbolic link
// to one is followed) and returns its size. The type is checked before
// opening, as opening a named pipe blocks until a writer comes, and again
// on the open file, in case the path was replaced in between: the open
// itself does not block (see openFlags).
func open(path string) (*os.File, int64, error) {
	if err := regular(path); err != nil {
		return nil, 0, err
	}
	f, err := os.OpenFile(path, openFlags, 0)
	if err != nil {
		return nil, 0, err
	}
	info, err := f.Stat()
	if err == nil && !info.Mode().IsRegular() {
		err = &NotRegularError{Mode: info.Mode()}
	}
	if err != nil {
		f.Close()
		return nil, 0, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	return f, info.Size(), nil
}

// regular checks, without opening it, that path is a regular file or a
// symbolic link to one.
func regular(path string) error {
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return danglingOr(path, err)
	}
	if err == nil && !info.Mode().IsRegular() {
		err = &fs.PathError{Op: "open", Path: path, Err: &NotRegularError{Mode: info.Mode()}}
	}
	return err
}

// danglingOr names a symbolic link whose target is missing, which "no
// such file or directory" alone would leave the user to find; other
// errors are returned as they are.
func danglingOr(path string, err error) error {
	info, lerr := os.Lstat(path)
	if lerr != nil || info.Mode()&fs.ModeSymlink == 0 {
		return err
	}
	target, _ := os.Readlink(path)
	return &fs.PathError{Op: "open", Path: path, Err: &DanglingLinkError{Target: target}}
}

// NotRegularError: the path is a directory, a named pipe, a socket or a
// device, which the tool does not read.
type NotRegularError struct{ Mode fs.FileMode }

func (e *NotRegularError) Error() string { return "not a regular file (" + describe(e.Mode) + ")" }

func describe(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return fmt.Sprintf("mode %v", m)
}

// DanglingLinkError: the path is a symbolic link to nothing.
type DanglingLinkError struct{ Target string }

func (e *DanglingLinkError) Error() string {
	return fmt.Sprintf("symbolic link to %s, which does not exist", e.Target)
}

// TrimBOM drops a UTF-8 byte-order mark, which some Windows editors write
// at the start of every file and which no format read here allows.
func TrimBOM(data []byte) []byte { return bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF")) }

// ReadPrefix reads at most n bytes from the start of the regular file at
// path, to sniff what it holds; it never blocks on a named pipe (open).
func ReadPrefix(path string, n int) ([]byte, error) {
	f, _, err := open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, n)
	m, err := io.ReadFull(f, buf)
	if err == io.ErrUnexpectedEOF || err == io.EOF {
		err = nil
	}
	return buf[:m], err
}
