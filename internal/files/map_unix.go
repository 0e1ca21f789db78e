//go:build unix

package files

import (
	"io/fs"
	"os"
	"syscall"
)

// mapMin: smaller files are read, not mapped. A mapping is never unmapped
// (values of the data outlive the reader: the inventory keeps undecoded
// documents as slices of it), so it is worth its address space only for
// the large exports whose copy the mapping saves.
var mapMin int64 = 1 << 20

// releaseStep: the pages behind a reader are given back when it has moved
// this far past the last release.
var releaseStep = 16 << 20

// MapFile is ReadFile for the large read-only inputs (IAM exports): a
// regular file of at least 1 MiB is mapped read-only instead of copied into
// the heap, which saves the copy's time and its memory (a 50,000-role
// export is 180 MB); anything else, or a mapping the system refuses, is
// read. The data must never be written to, and stays valid for the life of
// the process. The one thing a mapping cannot survive is another program
// truncating the file during the run: reading the lost part then stops the
// process (SIGBUS), where a copy would have kept the old bytes.
//
// release, nil for data that was read, gives the pages of data[:upto]
// back to the system as a reader moves on (madvise MADV_DONTNEED): the
// bytes stay readable — a later access reads them again from the page
// cache — but no longer count against the process while the rest is read.
func MapFile(path string, limit Limit) (data []byte, release func(upto int), err error) {
	f, size, err := open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	if size > limit.Bytes {
		return nil, nil, &fs.PathError{Op: "read", Path: path, Err: &TooLargeError{Limit: limit}}
	}
	if size >= mapMin && size == int64(int(size)) {
		data, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
		if err == nil {
			return data, releaser(data), nil
		}
	}
	data, err = read(f, size, limit)
	if err != nil {
		return nil, nil, &fs.PathError{Op: "read", Path: path, Err: err}
	}
	return data, nil, nil
}

// releaser gives back whole pages of a mapping's prefix, a step at a time.
func releaser(mapping []byte) func(upto int) {
	page := os.Getpagesize()
	released := 0
	return func(upto int) {
		upto = min(upto, len(mapping)) / page * page
		if upto-released < releaseStep {
			return
		}
		// The mapping starts on a page, so data[released:upto] is whole pages.
		_ = syscall.Madvise(mapping[released:upto], syscall.MADV_DONTNEED)
		released = upto
	}
}
