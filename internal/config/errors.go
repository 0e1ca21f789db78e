package config

import (
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"unicode/utf8"
)

// Pos is a place in a file: a byte offset, and the 1-based line and column
// people read (the column counts characters).
type Pos struct {
	Offset, Line, Column int
}

// Span is a half-open range of a file.
type Span struct {
	Start, End Pos
}

// Error is a problem with a value of a config file, printed
// FILE:LINE:COLUMN: KEY: MESSAGE (without "KEY: " when Key is empty).
type Error struct {
	File string
	Pos  Pos
	Key  string // e.g. fail_on, rules.severity, connections[1].chain
	Msg  string
}

func (e *Error) Error() string {
	if e.Key == "" {
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Pos.Line, e.Pos.Column, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s: %s", e.File, e.Pos.Line, e.Pos.Column, e.Key, e.Msg)
}

// lines turns byte offsets of one file into positions.
type lines struct {
	data   []byte
	starts []int // byte offset of each line's first byte
}

func newLines(data []byte) *lines {
	starts := []int{0}
	for i, b := range data {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &lines{data: data, starts: starts}
}

func (l *lines) pos(offset int) Pos {
	offset = max(0, min(offset, len(l.data)))
	i := sort.Search(len(l.starts), func(i int) bool { return l.starts[i] > offset }) - 1
	col := utf8.RuneCount(l.data[l.starts[i]:offset]) + 1
	return Pos{Offset: offset, Line: i + 1, Column: col}
}

// lineColumn is the position of a 1-based line and byte column, as
// go-toml reports them.
func (l *lines) lineColumn(line, byteColumn int) Pos {
	if line < 1 || line > len(l.starts) {
		return Pos{Offset: len(l.data), Line: max(line, 1), Column: max(byteColumn, 1)}
	}
	return l.pos(l.starts[line-1] + byteColumn - 1)
}

// cleanErr drops the path and operation Go puts in file errors, because
// our messages already name the file.
func cleanErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
