//go:build !unix

package files

import (
	"io/fs"
	"os"
)

// openFlags: opening a named pipe does not block on these systems.
const openFlags = os.O_RDONLY

// readFile checks the type of path, then opens and reads it (open).
func readFile(path string, limit Limit) ([]byte, error) {
	f, size, err := open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := read(f, size, limit)
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: path, Err: err}
	}
	return data, nil
}
