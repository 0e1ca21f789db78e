package sqlparse

import "testing"

// codeByByte is lexer.code as the plain loop over every byte, which the
// version that looks only at the last identifier run must agree with.
func (l *lexer) codeByByte(start, end int) {
	if l.stmtStart < 0 {
		l.stmtStart = start
	}
	l.lastCodeEnd = end
	for i := start; i < end; i++ {
		c := l.src[i]
		if !isIdentByte(c) {
			continue
		}
		if l.runEnd != i {
			l.runIsIdent = false
		}
		l.runIsIdent = l.runIsIdent || isIdentStart(c)
		l.runEnd = i + 1
	}
}

func FuzzCodeAgrees(f *testing.F) {
	f.Add([]byte("select $1, a$b, 9$x"), 0, 3, true, 7)
	f.Add([]byte("abc def"), 3, 0, false, 1)
	f.Fuzz(func(t *testing.T, src []byte, runEnd, cut int, runIsIdent bool, step int) {
		if len(src) == 0 || step <= 0 {
			return
		}
		first := abs(cut) % len(src)
		// the run before ends where the lexer has been: never past first
		a := &lexer{src: src, stmtStart: -1, runEnd: abs(runEnd) % (first + 1), runIsIdent: runIsIdent}
		b := &lexer{src: src, stmtStart: -1, runEnd: a.runEnd, runIsIdent: runIsIdent}
		// the same bytes given in ranges of step bytes, as the lexer gives them
		for start := first; start < len(src); start += step {
			end := min(start+step, len(src))
			a.code(start, end)
			b.codeByByte(start, end)
			if a.runEnd != b.runEnd || a.runIsIdent != b.runIsIdent || a.stmtStart != b.stmtStart || a.lastCodeEnd != b.lastCodeEnd {
				t.Fatalf("%q [%d,%d): code gives runEnd %d ident %v, byte by byte %d %v", src, start, end, a.runEnd, a.runIsIdent, b.runEnd, b.runIsIdent)
			}
		}
	})
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
