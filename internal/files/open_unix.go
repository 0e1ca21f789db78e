//go:build unix

package files

import (
	"io/fs"
	"syscall"
)

// openFlags: O_NONBLOCK makes opening a named pipe return at once instead
// of waiting for a writer; it changes nothing for reading a regular file.
// O_NOCTTY: opening a terminal must not make it the process's own.
const openFlags = syscall.O_RDONLY | syscall.O_NONBLOCK | syscall.O_NOCTTY | syscall.O_CLOEXEC

// readFile reads a regular file with four system calls: open, fstat, read
// and close (os.ReadFile makes seven here: the open file is offered to the
// network poller, which refuses it, and a second read finds the end). The
// type is checked on the open file, so no path is looked up twice; the
// open does not block (openFlags). Only when the open fails is the path
// looked at again, to say why as before (a socket, a dangling link).
func readFile(path string, limit Limit) ([]byte, error) {
	fd, err := openFD(path)
	if err != nil {
		if rerr := regular(path); rerr != nil {
			return nil, rerr
		}
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := ignoringEINTR(func() error { return syscall.Fstat(fd, &st) }); err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	if mode := fileType(uint32(st.Mode)); mode != 0 { // Mode is uint16 on some systems
		return nil, &fs.PathError{Op: "open", Path: path, Err: &NotRegularError{Mode: mode}}
	}
	data, err := readFD(fd, st.Size, limit)
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: path, Err: err}
	}
	return data, nil
}

func openFD(path string) (int, error) {
	for {
		fd, err := syscall.Open(path, openFlags, 0)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}

func ignoringEINTR(fn func() error) error {
	for {
		if err := fn(); err != syscall.EINTR {
			return err
		}
	}
}

// readFD reads what fstat said the file holds, in one read when the
// system returns it whole. The buffer has one byte more than that, so a
// file that grew meanwhile is read on to its end (within the limit), and a
// file whose size the system does not know (0, as in /proc) is read to
// the end.
func readFD(fd int, size int64, limit Limit) ([]byte, error) {
	if size > limit.Bytes {
		return nil, &TooLargeError{Limit: limit}
	}
	buf := make([]byte, 0, size+1)
	for {
		if len(buf) == cap(buf) {
			if int64(len(buf)) > limit.Bytes {
				return nil, &TooLargeError{Limit: limit}
			}
			buf = append(buf, 0)[:len(buf)] // grow, as bytes.Buffer would
		}
		end := min(int64(cap(buf)), limit.Bytes+1)
		var n int
		err := ignoringEINTR(func() (err error) { n, err = syscall.Read(fd, buf[len(buf):end]); return err })
		if err != nil {
			return nil, err
		}
		buf = buf[:len(buf)+n]
		if n == 0 || (size > 0 && int64(len(buf)) == size) {
			break
		}
	}
	if int64(len(buf)) > limit.Bytes {
		return nil, &TooLargeError{Limit: limit}
	}
	return buf, nil
}

// fileType is the type bits of a stat mode as fs.FileMode: 0 for a
// regular file.
func fileType(mode uint32) fs.FileMode {
	switch mode & syscall.S_IFMT {
	case syscall.S_IFREG:
		return 0
	case syscall.S_IFDIR:
		return fs.ModeDir
	case syscall.S_IFIFO:
		return fs.ModeNamedPipe
	case syscall.S_IFSOCK:
		return fs.ModeSocket
	case syscall.S_IFCHR:
		return fs.ModeDevice | fs.ModeCharDevice
	case syscall.S_IFBLK:
		return fs.ModeDevice
	case syscall.S_IFLNK:
		return fs.ModeSymlink
	}
	return fs.ModeIrregular
}
