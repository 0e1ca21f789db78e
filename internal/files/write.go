package files

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// WriteFile writes a report to path so that, whatever happens (a full
// disk, a kill), path holds either the previous report or the whole new
// one: the data goes to a temporary file in the same directory, is synced,
// and is then renamed over path. On error the temporary file is removed.
//
// A path that exists and is not a regular file (/dev/stdout, a named pipe,
// a device) cannot be replaced and is written in place; a symbolic link is
// followed, so that the file it points to gets the report.
func WriteFile(path string, write func(io.Writer) error) error {
	target, err := replaceable(path)
	if err != nil {
		return err
	}
	if target == "" {
		return writeInPlace(path, write)
	}
	tmp, err := createTemp(target)
	if err != nil {
		return err
	}
	if err := fill(tmp, write); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), target); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

// replaceable is the path to replace: path itself, or the file a symbolic
// link at path points to; "" when path exists and is no regular file.
func replaceable(path string) (string, error) {
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return path, nil // a new file (or a dangling link, replaced by it)
	case err != nil:
		return "", err
	case !info.Mode().IsRegular():
		return "", nil
	}
	return filepath.EvalSymlinks(path)
}

// createTemp makes a new file next to path. It is created with mode 0644
// (less the umask), as os.WriteFile would have created the report, and
// not os.CreateTemp's 0600, which would lock others out of the report.
func createTemp(path string) (*os.File, error) {
	dir, base := filepath.Split(path)
	seed := strconv.FormatInt(time.Now().UnixNano(), 36)
	for i := 0; ; i++ {
		name := filepath.Join(dir, "."+base+"."+seed+strconv.Itoa(i)+".tmp")
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if !errors.Is(err, fs.ErrExist) || i == 100 {
			return f, err
		}
	}
}

// fill writes the data, syncs it to disk before the rename makes it the
// report, and closes the file; the first error wins.
func fill(f *os.File, write func(io.Writer) error) error {
	err := write(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func writeInPlace(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		return err
	}
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
