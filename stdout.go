package main

import (
	"errors"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// keepWritingAfterClosedPipe makes a closed stdout (`| head -1`) return
// EPIPE to the writer instead of killing the process with SIGPIPE, which
// the Go runtime does for standard output by default: the run then ends
// with its own exit code (see pipeEnd). Called from main only, as it
// changes the process.
func keepWritingAfterClosedPipe() { signal.Ignore(syscall.SIGPIPE) }

// pipeEnd is standard output for a reader that may go away: once a write
// fails with EPIPE the output has ended, as the reader asked, and the rest
// is dropped without an error, so that the run keeps the exit code of its
// findings and prints no "broken pipe".
type pipeEnd struct {
	w      io.Writer
	closed bool
}

func (p *pipeEnd) Write(b []byte) (int, error) {
	if p.closed {
		return len(b), nil
	}
	n, err := p.w.Write(b)
	if errors.Is(err, syscall.EPIPE) {
		p.closed = true
		return len(b), nil
	}
	return n, err
}

// stdoutFile is the file behind standard output, to ask whether it is a
// terminal; nil when it is no file.
func stdoutFile(w io.Writer) *os.File {
	if p, ok := w.(*pipeEnd); ok {
		w = p.w
	}
	f, _ := w.(*os.File)
	return f
}
