package sqlparse

import (
	"bytes"
	"sort"
	"sync"
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
	// Shown is the file as written when Src is a view of it that a
	// migration tool's layout made (internal/sqlview: the same length, the
	// SQL in place, the rest blank); nil when Src is the file. Lines,
	// columns and excerpts are those of Shown, the text the user edits.
	Shown []byte

	once  sync.Once // files are checked in parallel and name each other (GrantSite)
	table lineTable
}

// lineTable is built in one pass over the file, so that every position a
// report asks for costs a binary search and at most one block of decoding,
// however long the line (a one-line file with 40,000 findings once decoded
// the line 40,000 times).
type lineTable struct {
	starts []int // byte offset of the first byte of every line
	// marks are checkpoints of the character count, one per markEvery bytes;
	// nil when the file is ASCII, where columns are byte distances.
	marks []runeMark
}

// runeMark: runes characters precede the character boundary off.
type runeMark struct{ off, runes int }

// markEvery bounds the bytes decoded per position.
const markEvery = 256

// NewFile wraps src; name is the path reports show.
func NewFile(name string, src []byte) *File { return &File{Name: name, Src: src} }

// NewView wraps sql, the view of the file shown that a layout made; a
// view of another length than the file cannot map back and is shown as is.
func NewView(name string, sql, shown []byte) *File {
	f := NewFile(name, sql)
	if len(shown) == len(sql) {
		f.Shown = shown
	}
	return f
}

// text is what lines and columns are counted in: the file as written.
func (f *File) text() []byte {
	if f.Shown != nil {
		return f.Shown
	}
	return f.Src
}

func (f *File) lines() *lineTable {
	f.once.Do(func() { f.table = buildLineTable(f.text()) })
	return &f.table
}

func buildLineTable(src []byte) lineTable {
	t := lineTable{starts: make([]int, 1, 64)}
	ascii := true
	for i, b := range src {
		switch {
		case b == '\n':
			t.starts = append(t.starts, i+1)
		case b >= utf8.RuneSelf:
			ascii = false
		}
	}
	counting.add(workPositioned, len(src))
	if !ascii {
		t.marks = runeMarks(src)
	}
	return t
}

// runeMarks decodes src once, as utf8.RuneCount does (an invalid byte is
// one character), and records a checkpoint at the first character boundary
// of every markEvery-byte block.
func runeMarks(src []byte) []runeMark {
	marks := make([]runeMark, 0, len(src)/markEvery+1)
	runes := 0
	for i := 0; i < len(src); runes++ {
		if i >= len(marks)*markEvery {
			marks = append(marks, runeMark{i, runes})
		}
		_, size := utf8.DecodeRune(src[i:])
		i += size
	}
	return marks
}

// runesBefore counts the characters of src[:off], decoding from the
// checkpoint before off only.
func (t *lineTable) runesBefore(src []byte, off int) int {
	if t.marks == nil {
		return off
	}
	i := sort.Search(len(t.marks), func(i int) bool { return t.marks[i].off > off }) - 1
	counting.add(workPositioned, off-t.marks[i].off)
	return t.marks[i].runes + runeCount(src[t.marks[i].off:off])
}

// LineCount is the number of lines (a final line without a newline counts).
func (f *File) LineCount() int { return len(f.lines().starts) }

// Position converts a byte offset (clamped to the file) to line and column.
func (f *File) Position(off int) Position {
	off = min(max(off, 0), len(f.text()))
	t := f.lines()
	line := sort.Search(len(t.starts), func(i int) bool { return t.starts[i] > off }) - 1
	lineStart := min(f.textStart(line), off)
	return Position{Line: line + 1, Column: t.runesBefore(f.text(), off) - t.runesBefore(f.text(), lineStart) + 1}
}

// Offset is the inverse of Position: the byte offset where the character
// at the 1-based column col of line n starts, clamped to the line's text
// (a report windows a long line without decoding all of it).
func (f *File) Offset(n, col int) int {
	start := f.LineStart(n)
	end := start + len(f.Line(n))
	t := f.lines()
	if t.marks == nil {
		return min(start+max(col-1, 0), end)
	}
	want := t.runesBefore(f.text(), start) + max(col-1, 0)
	// Decode forward from the later of the line start and the last
	// checkpoint at or before the wanted character.
	i := sort.Search(len(t.marks), func(i int) bool { return t.marks[i].runes > want }) - 1
	off, runes := start, want-max(col-1, 0)
	switch m := t.marks[i]; {
	case m.off >= end: // the wanted character is past the line
		return end
	case m.off > start:
		off, runes = m.off, m.runes
	}
	from := off
	for off < end && runes < want {
		_, size := utf8.DecodeRune(f.text()[off:end])
		off += size
		runes++
	}
	counting.add(workPositioned, off-from)
	return off
}

// Line returns the text of the 1-based line n without its line terminator.
func (f *File) Line(n int) []byte {
	starts := f.lines().starts
	if n < 1 || n > len(starts) {
		return nil
	}
	end := len(f.text())
	if n < len(starts) {
		end = starts[n] - 1
	}
	line := f.text()[f.textStart(n-1):end]
	if len(line) > 0 && line[len(line)-1] == '\r' {
		line = line[:len(line)-1]
	}
	return line
}

// LineStart is the byte offset where the text of the 1-based line n begins
// (after a UTF-8 byte order mark on line 1).
func (f *File) LineStart(n int) int {
	starts := f.lines().starts
	if n < 1 {
		return 0
	}
	if n > len(starts) {
		return len(f.text())
	}
	return f.textStart(n - 1)
}

// textStart is where the text of the 0-based line i begins: its first byte,
// past a UTF-8 byte order mark on the first line (the mark is not text, so
// it is not part of Line(1) and not a column).
func (f *File) textStart(i int) int {
	if i == 0 && bytes.HasPrefix(f.text(), utf8BOM) {
		return len(utf8BOM)
	}
	return f.lines().starts[i]
}

// runeCount counts characters, taking each invalid byte as one.
func runeCount(b []byte) int { return utf8.RuneCount(b) }
