package checks

import (
	"slices"

	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// compact keeps of a checked file only what the printers read, so that a
// run over 100,000 files does not hold 100,000 sources until the report is
// written. The printers read the file's name, the lines and columns of the
// spans of its findings and references, and the text of those lines (an
// excerpt, a SARIF fingerprint) with the secrets on them. So the file is
// replaced by one of the same name in which every other line is empty:
// line numbers, columns and line texts stay those of the original, and
// every span on this file is moved to where its bytes now are. A file with
// no finding and no reference keeps its name only.
//
// The spans of findings and references whose File is nil are on this
// file (the printers take fr.File); those about another file keep that
// file as it is.
func compact(fr *FileResult) {
	old := fr.File
	if len(fr.Findings) == 0 && len(fr.References) == 0 {
		fr.File, fr.Secrets = sqlparse.NewFile(old.Name, nil), nil
		return
	}
	m := newLineMap(old, fr)
	nf := sqlparse.NewFile(old.Name, m.src)
	for i := range fr.Findings {
		f := &fr.Findings[i]
		if f.File == nil || f.File == old {
			f.Span = m.span(f.Span)
			if f.File != nil {
				f.File = nf
			}
		}
	}
	for _, r := range fr.References {
		if r.File == nil || r.File == old {
			r.Keyword, r.Value = m.span(r.Keyword), m.span(r.Value)
			if r.File != nil {
				r.File = nf
			}
		}
	}
	secrets := make([]sqlparse.Span, 0, len(fr.Secrets))
	for _, s := range fr.Secrets {
		if ns := m.span(s); ns.End > ns.Start {
			secrets = append(secrets, ns)
		}
	}
	fr.File, fr.Secrets = nf, secrets
}

// lineMap is a file cut down to the lines some span starts or ends on,
// every other line left empty (its line feed only).
type lineMap struct {
	old  *sqlparse.File
	n    int   // old byte length
	kept []int // the kept lines, 1-based, ascending
	// from and to are where each line starts in the old and the new text,
	// indexed by line (0 unused, n+1 the end).
	from, to []int
	src      []byte
}

func newLineMap(old *sqlparse.File, fr *FileResult) *lineMap {
	text := old.Shown
	if text == nil {
		text = old.Src
	}
	m := &lineMap{old: old, n: len(text)}
	m.keepSpans(fr)
	lines := old.LineCount()
	m.from, m.to = make([]int, lines+2), make([]int, lines+2)
	for l := 1; l <= lines+1; l++ {
		m.from[l] = old.LineStart(l)
	}
	m.from[1] = 0 // a byte order mark stays in line 1, as in the original
	size := lines - 1
	for _, l := range m.kept {
		size += m.from[l+1] - m.from[l]
	}
	m.src = make([]byte, 0, size)
	k := 0
	for l := 1; l <= lines; l++ {
		m.to[l] = len(m.src)
		if k < len(m.kept) && m.kept[k] == l {
			m.src = append(m.src, text[m.from[l]:m.from[l+1]]...)
			k++
			continue
		}
		if l < lines { // the last line has no line feed of its own
			m.src = append(m.src, '\n')
		}
	}
	m.to[lines+1] = len(m.src)
	return m
}

// keepSpans marks the lines the spans of the file's findings and
// references start and end on.
func (m *lineMap) keepSpans(fr *FileResult) {
	keep := func(s sqlparse.Span) {
		m.kept = append(m.kept, m.old.Position(s.Start).Line, m.old.Position(s.End).Line)
	}
	for _, f := range fr.Findings {
		if f.File == nil || f.File == m.old {
			keep(f.Span)
		}
	}
	for _, r := range fr.References {
		if r.File == nil || r.File == m.old {
			keep(r.Keyword)
			keep(r.Value)
		}
	}
	slices.Sort(m.kept)
	m.kept = slices.Compact(m.kept)
}

// offset moves an old offset: within a kept line, to the same place in
// it; within an emptied line, to that line's line feed (a secret that
// begins or ends there still covers, or stops short of, the kept lines
// exactly as before).
func (m *lineMap) offset(off int) int {
	off = min(max(off, 0), m.n)
	l := m.old.Position(off).Line
	if _, kept := slices.BinarySearch(m.kept, l); !kept {
		return m.to[l]
	}
	return m.to[l] + off - m.from[l]
}

func (m *lineMap) span(s sqlparse.Span) sqlparse.Span {
	return sqlparse.Span{Start: m.offset(s.Start), End: m.offset(s.End)}
}
