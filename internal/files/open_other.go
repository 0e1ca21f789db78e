//go:build !unix

package files

import "os"

// openFlags: opening a named pipe does not block on these systems.
const openFlags = os.O_RDONLY
