package sqlparse_test

import (
	"bytes"
	"math/rand"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// naivePosition is the definition File.Position implements with its line
// table: count the newlines before off, then the characters (an invalid
// byte is one) from the line's start, past a byte order mark on line 1.
func naivePosition(src []byte, off int) sqlparse.Position {
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	if start == 0 && bytes.HasPrefix(src, []byte("\uFEFF")) {
		start = min(3, off)
	}
	return sqlparse.Position{Line: bytes.Count(src[:off], []byte("\n")) + 1, Column: utf8.RuneCount(src[start:off]) + 1}
}

// TestPositionMatchesDefinition compares every offset of random files,
// ASCII or not, with invalid bytes, characters cut by offsets and lines
// longer than a checkpoint block.
func TestPositionMatchesDefinition(t *testing.T) {
	pieces := []string{"a", "b", "\n", "\r\n", "é", "€", "😀", "\xff", "\xe2\x82", "\x80", "\uFEFF", strings.Repeat("x", 300)}
	rng := rand.New(rand.NewSource(1))
	for k := range 100 {
		var b strings.Builder
		if k%3 == 0 {
			b.WriteString("\uFEFF")
		}
		for range rng.Intn(200) {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		src := []byte(b.String())
		f := sqlparse.NewFile("p.sql", src)
		for off := 0; off <= len(src); off++ {
			if got, want := f.Position(off), naivePosition(src, off); got != want {
				t.Fatalf("%q at %d: got %+v, want %+v", src, off, got, want)
			}
		}
	}
}

// TestPositionsOnOneLongLineAreLinear asks for the position of every
// reference of a one-line file at n and 10n references: the bytes decoded
// must grow like the input, not with references × line length.
func TestPositionsOnOneLongLineAreLinear(t *testing.T) {
	var work [2]sqlparse.WorkForTest
	for k, n := range []int{2000, 20000} {
		src := []byte("-- é\n" + strings.Repeat("COPY t FROM 's3://b' IAM_ROLE 'é';", n))
		work[k] = sqlparse.CountWorkForTest(func() {
			res := sqlparse.Parse(sqlparse.NewFile("p.sql", src), sqlparse.Options{})
			for _, r := range res.References {
				res.File.Position(r.Keyword.Start)
				res.File.Position(r.Value.Span.End)
			}
		})
	}
	checkWorkGrowth(t, work[0], work[1])
}

// TestOffsetInvertsPosition: Offset(Position(off)) is off at every
// character boundary, and clamps past the line's end.
func TestOffsetInvertsPosition(t *testing.T) {
	for _, src := range []string{"", "abc\ndef", "\uFEFFé€\n😀x\xffy\r\nz", strings.Repeat("é\xe2\x82a", 200) + "\n" + strings.Repeat("€", 300)} {
		f := sqlparse.NewFile("p.sql", []byte(src))
		for off := f.LineStart(1); off <= len(src); { // a byte order mark is no character
			p := f.Position(off)
			if got := f.Offset(p.Line, p.Column); got != off && src[off] != '\n' && src[off] != '\r' {
				t.Fatalf("%q: Offset(%+v) = %d, want %d", src, p, got, off)
			}
			_, size := utf8.DecodeRuneInString(src[off:])
			off += max(size, 1)
		}
		for n := 1; n <= f.LineCount(); n++ {
			if got, want := f.Offset(n, 1<<20), f.LineStart(n)+len(f.Line(n)); got != want {
				t.Errorf("%q: Offset(%d, past the end) = %d, want %d", src, n, got, want)
			}
		}
	}
}
