package sqlparse

import (
	"bytes"
	"sort"
	"unicode/utf8"
)

// Span is a half-open byte range [Start, End) in a file.
type Span struct{ Start, End int }

// Len is the number of bytes the span covers.
func (s Span) Len() int { return s.End - s.Start }

// Contains reports whether the byte offset off lies inside the span.
func (s Span) Contains(off int) bool { return off >= s.Start && off < s.End }

// Position is a 1-based line and column; the column counts Unicode characters
// (an invalid UTF-8 byte counts as one character; a UTF-8 byte order mark at
// the start of the file counts as none).
type Position struct{ Line, Column int }

// File is one source file with a lazily built line table.
type File struct {
	Name string
	Src  []byte

	lineStarts []int // byte offset of the first byte of every line
}

// NewFile wraps src; name is the path reports show.
func NewFile(name string, src []byte) *File { return &File{Name: name, Src: src} }

func (f *File) lines() []int {
	if f.lineStarts == nil {
		starts := make([]int, 1, 64)
		for i, b := range f.Src {
			if b == '\n' {
				starts = append(starts, i+1)
			}
		}
		f.lineStarts = starts
	}
	return f.lineStarts
}

// LineCount is the number of lines (a final line without a newline counts).
func (f *File) LineCount() int { return len(f.lines()) }

// Position converts a byte offset (clamped to the file) to line and column.
func (f *File) Position(off int) Position {
	if off < 0 {
		off = 0
	}
	if off > len(f.Src) {
		off = len(f.Src)
	}
	starts := f.lines()
	line := sort.Search(len(starts), func(i int) bool { return starts[i] > off }) - 1
	lineStart := min(f.textStart(line), off)
	return Position{Line: line + 1, Column: runeCount(f.Src[lineStart:off]) + 1}
}

// Line returns the text of the 1-based line n without its line terminator.
func (f *File) Line(n int) []byte {
	starts := f.lines()
	if n < 1 || n > len(starts) {
		return nil
	}
	end := len(f.Src)
	if n < len(starts) {
		end = starts[n] - 1
	}
	line := f.Src[f.textStart(n-1):end]
	if len(line) > 0 && line[len(line)-1] == '\r' {
		line = line[:len(line)-1]
	}
	return line
}

// LineStart is the byte offset where the text of the 1-based line n begins
// (after a UTF-8 byte order mark on line 1).
func (f *File) LineStart(n int) int {
	starts := f.lines()
	if n < 1 {
		return 0
	}
	if n > len(starts) {
		return len(f.Src)
	}
	return f.textStart(n - 1)
}

// textStart is where the text of the 0-based line i begins: its first byte,
// past a UTF-8 byte order mark on the first line (the mark is not text, so
// it is not part of Line(1) and not a column).
func (f *File) textStart(i int) int {
	if i == 0 && bytes.HasPrefix(f.Src, utf8BOM) {
		return len(utf8BOM)
	}
	return f.lines()[i]
}

// runeCount counts characters, taking each invalid byte as one.
func runeCount(b []byte) int { return utf8.RuneCount(b) }
