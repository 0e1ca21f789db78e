// Package sqlview turns the files of migration tools that are not plain
// SQL — Liquibase changelogs and formatted SQL, dbt models and project
// files — into the SQL those tools would run, byte for byte at the same
// offsets as in the file. Every position the checks report in a view is
// therefore a position in the file the user edits, with no source map.
//
// A view keeps the bytes of SQL in place, turns every other byte into a
// space (newlines are kept, so lines and columns stay true), and writes a
// ';' where the tool ends a statement without one (a Liquibase
// endDelimiter, the end of a <sql> element, of a dbt hook).
package sqlview

import "github.com/redshift-preflight/redshift-preflight/internal/projectvars"

// View is the SQL a migration tool runs from one file.
type View struct {
	// SQL is as long as the file: the SQL in place, everything else blank.
	SQL []byte
	// Values are the placeholder values the file itself defines for its
	// SQL (a Liquibase changelog's properties): they lose to the values of
	// the project's files and to --var.
	Values map[string]projectvars.Value
	// Problems are what the file names that cannot be followed: an
	// include or sqlFile that is missing, outside the project, or a cycle.
	Problems []Problem
}

// Problem is a positioned problem of a view, at byte offsets of the file.
type Problem struct {
	Start, End int
	Message    string
	Help       string
}

// Preparer makes the view of one file from its bytes. An error is an input
// error (a malformed changelog) and names the file and line.
type Preparer func(src []byte) (*View, error)

// Blank turns src[start:end] into spaces, keeping line breaks, so that
// what follows keeps its line and column.
func Blank(src []byte, start, end int) {
	for i := start; i < end && i < len(src); i++ {
		if src[i] != '\n' && src[i] != '\r' {
			src[i] = ' '
		}
	}
}

// Keep returns a copy of src in which only the given spans survive; the
// rest is blank (see Blank). Spans are [start, end) byte offsets, in any
// order; they may overlap.
func Keep(src []byte, spans ...[2]int) []byte {
	out := make([]byte, len(src))
	copy(out, src)
	keep := make([]bool, len(src))
	for _, s := range spans {
		for i := max(s[0], 0); i < s[1] && i < len(src); i++ {
			keep[i] = true
		}
	}
	for i := range out {
		if !keep[i] && out[i] != '\n' && out[i] != '\r' {
			out[i] = ' '
		}
	}
	return out
}
