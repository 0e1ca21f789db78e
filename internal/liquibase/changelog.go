package liquibase

import (
	"bytes"
	"fmt"

	"github.com/redshift-preflight/redshift-preflight/internal/projectvars"
	"github.com/redshift-preflight/redshift-preflight/internal/sqlview"
)

// changelog is what a changelog file says, with byte offsets into it.
type changelog struct {
	props []property
	sql   []sqlText // inline SQL, in document order
	refs  []fileRef // include, includeAll, sqlFile, in document order
	// unmapped are inline SQL the reader could not place in the file
	// (a YAML scalar whose text it cannot match): reported, not checked.
	unmapped [][2]int
}

// property is a changelog <property>.
type property struct {
	name, value, at string
	global          bool
}

// sqlText is one change's inline SQL: the bytes of the view over it, and
// where the tool ends it.
type sqlText struct {
	segs  []segment
	end   int // where a ';' ends it: the first blank byte from here
	split splitting
}

// segment is view bytes to write at an offset: the SQL as the tool reads
// it, in the place of its raw form (same length).
type segment struct {
	off  int
	text []byte
}

type refKind int

const (
	refInclude refKind = iota + 1
	refIncludeAll
	refSQLFile
)

// fileRef is an include, includeAll or sqlFile; span is the attribute
// value naming the file, where a problem with it is reported.
type fileRef struct {
	kind     refKind
	file     string
	relative bool // relativeToChangelogFile
	span     [2]int
	split    splitting // sqlFile's
}

// view is the SQL the changelog runs inline, every other byte blank,
// with values for its placeholders and the problems found.
func (c *changelog) view(src []byte, values map[string]projectvars.Value, problems []sqlview.Problem) *sqlview.View {
	out := sqlview.Keep(src)
	kept := make([]bool, len(src)+1)
	for _, s := range c.sql {
		if !s.inside(len(src)) {
			continue
		}
		for _, g := range s.segs {
			copy(out[g.off:], g.text)
			for i := g.off; i < g.off+len(g.text) && i < len(kept); i++ {
				kept[i] = true
			}
		}
		last := s.segs[len(s.segs)-1]
		text := out[s.segs[0].off : last.off+len(last.text)]
		s.split.apply(text)
		if t := bytes.TrimRight(text, " \t\r\n"); len(t) > 0 && t[len(t)-1] == ';' {
			continue // already ended
		}
		for i := s.end; i < len(out); i++ {
			if out[i] == ' ' && !kept[i] {
				out[i] = ';'
				break
			}
		}
	}
	return &sqlview.View{SQL: out, Values: values, Problems: problems}
}

// lineAt is the 1-based line of a byte offset.
func lineAt(src []byte, off int) int {
	return bytes.Count(src[:min(max(off, 0), len(src))], []byte("\n")) + 1
}

// malformed is the input error of a changelog that cannot be read.
func malformed(name string, line int, format, msg string) error {
	if line > 0 {
		return fmt.Errorf("%s:%d: not a valid %s changelog: %s", name, line, format, msg)
	}
	return fmt.Errorf("%s: not a valid %s changelog: %s", name, format, msg)
}

// inside: the text has segments, in order, all within a file of n bytes.
func (s sqlText) inside(n int) bool {
	end := 0
	for _, g := range s.segs {
		if g.off < end || g.off+len(g.text) > n {
			return false
		}
		end = g.off + len(g.text)
	}
	return len(s.segs) > 0
}
