package liquibase

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/redshift-preflight/redshift-preflight/internal/projectvars"
	"github.com/redshift-preflight/redshift-preflight/internal/sqlview"
)

// formattedHeader is the first line of a formatted SQL changelog.
// Regular expressions are compiled on first use (sync.OnceValue): package
// initialisation runs at every start of the program, pre-commit's included.
var formattedHeader = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)^\s*--\s*liquibase\s+formatted\s+sql\b`) })

// IsFormatted reports whether src starts as a Liquibase formatted SQL
// file ("--liquibase formatted sql" on the first line).
func IsFormatted(src []byte) bool {
	src = bytes.TrimPrefix(src, []byte("\xEF\xBB\xBF"))
	line, _, _ := bytes.Cut(src, []byte("\n"))
	return formattedHeader().Match(line)
}

var (
	changesetLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)^\s*--\s*changeset\s+\S+(.*)$`) })
	propertyLine  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)^\s*--\s*property\s+(.*)$`) })
	// attribute is key:value on a --changeset or --property line; a value
	// may be double-quoted to hold spaces.
	attribute = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`([A-Za-z][A-Za-z0-9_-]*):("[^"]*"|\S*)`) })
)

// attributes reads the key:value pairs of a changeset or property line,
// keys in lower case.
func attributes(s string) map[string]string {
	m := map[string]string{}
	for _, a := range attribute().FindAllStringSubmatch(s, -1) {
		m[strings.ToLower(a[1])] = strings.Trim(a[2], `"`)
	}
	return m
}

// Formatted makes the view of a formatted SQL file: each changeset's SQL
// with its endDelimiter/splitStatements applied and a statement end where
// the next changeset starts; a changeset whose dbms excludes Redshift
// blanked. --rollback lines and comment blocks are comments already: they
// run only on rollback and stay unchecked. --property lines give values,
// the first definition winning; inherited are the values of the
// changelogs that include the file, which win over the file's own.
func Formatted(name string, inherited map[string]projectvars.Value) sqlview.Preparer {
	return func(src []byte) (*sqlview.View, error) {
		view := bytes.Clone(src)
		values := map[string]projectvars.Value{}
		var set splitting
		runs := true
		start := 0 // of the current changeset's SQL
		finish := func(end int) {
			if runs {
				set.apply(view[start:end])
			} else {
				sqlview.Blank(view, start, end)
			}
		}
		lineNo := 0
		eachLine(src, func(off, end int) {
			lineNo++
			line := string(src[off:end])
			if m := changesetLine().FindStringSubmatch(line); m != nil {
				finish(off)
				attrs := attributes(m[1])
				set = splitting{delim: attrs["enddelimiter"]}
				if v, ok := parseBool(attrs["splitstatements"]); ok {
					set.off = !v
				}
				runs = dbmsRuns(attrs["dbms"])
				// The changeset line ends the previous changeset's last
				// statement: Liquibase runs each changeset on its own.
				terminate(view, off, end)
				start = end
			} else if m := propertyLine().FindStringSubmatch(line); m != nil {
				addProperty(values, attributes(m[1]), fmt.Sprintf("%s:%d", name, lineNo))
			}
		})
		finish(len(src))
		for k, v := range inherited {
			values[k] = v
		}
		return &sqlview.View{SQL: view, Values: values}, nil
	}
}

// addProperty records a property (name, value, dbms) unless it is already
// set: Liquibase keeps the first definition.
func addProperty(values map[string]projectvars.Value, attrs map[string]string, at string) {
	name, value := attrs["name"], attrs["value"]
	if name == "" || !dbmsRuns(attrs["dbms"]) {
		return
	}
	if _, set := values[name]; !set {
		values[name] = projectvars.Value{Text: value, Origin: at}
	}
}
