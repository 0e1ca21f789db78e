//go:build unix

package files

import "syscall"

// openFlags: O_NONBLOCK makes opening a named pipe return at once instead
// of waiting for a writer, should one replace the file between the check
// and the open; it changes nothing for reading a regular file.
const openFlags = syscall.O_RDONLY | syscall.O_NONBLOCK
