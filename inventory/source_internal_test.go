package inventory

import (
	"bytes"
	"math/rand"
	"strings"
	"testing"
)

// Lines counted through the sparse table agree with counting from the
// start, in any order of questions, across chunk boundaries.
func TestInputFileLine(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() < 5*lineChunk; i++ {
		b.WriteString(strings.Repeat("x", i%97))
		b.WriteByte('\n')
	}
	f := &inputFile{data: []byte(b.String())}
	rng := rand.New(rand.NewSource(1))
	for range 500 {
		off := rng.Intn(len(f.data))
		if got, want := f.line(off), bytes.Count(f.data[:off], newline)+1; got != want {
			t.Fatalf("line(%d) = %d, want %d", off, got, want)
		}
	}
	for _, off := range []int{0, lineChunk - 1, lineChunk, 3 * lineChunk, len(f.data) - 1} {
		if got, want := f.line(off), bytes.Count(f.data[:off], newline)+1; got != want {
			t.Errorf("line(%d) = %d, want %d", off, got, want)
		}
	}
}
