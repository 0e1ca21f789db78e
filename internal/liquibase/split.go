package liquibase

import (
	"bytes"
	"regexp"
	"strings"
)

// splitting is how Liquibase cuts a piece of SQL into statements.
type splitting struct {
	off   bool   // splitStatements:false
	delim string // endDelimiter as written; "" for the default
}

// parseBool reads a Liquibase boolean attribute; ok is false when the
// text is not one (a ${property}, a typo): the default then applies.
func parseBool(s string) (v, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// apply rewrites in b, SQL that runs as one Liquibase change, every end
// delimiter Liquibase splits at into ';' followed by blanks, so the view
// has the statements Liquibase sends. b keeps its length and line breaks.
func (s splitting) apply(b []byte) {
	if s.off {
		return
	}
	code := codeMask(b)
	switch d := strings.TrimSpace(s.delim); {
	case d == "" || d == ";":
		ownLine(b, code, "go") // the default also ends a statement at a GO line
	case d == "/" || strings.EqualFold(d, "go"):
		ownLine(b, code, d)
	default:
		for _, m := range delimiters(b, d) {
			if m[1] > m[0] && code[m[0]] {
				terminate(b, m[0], m[1])
			}
		}
	}
}

// ownLine turns every line that holds only delim (white space around it
// allowed, case ignored) and starts in code into a statement end.
func ownLine(b []byte, code []bool, delim string) {
	eachLine(b, func(start, end int) {
		line := b[start:end]
		lead := len(line) - len(bytes.TrimLeft(line, " \t\r\f"))
		if t := bytes.TrimSpace(line); len(t) > 0 && strings.EqualFold(string(t), delim) && code[start+lead] {
			terminate(b, start+lead, start+lead+len(t))
		}
	})
}

// eachLine calls fn with the start and end (before its '\n') of each
// line of b.
func eachLine(b []byte, fn func(start, end int)) {
	for start := 0; start < len(b); {
		end := bytes.IndexByte(b[start:], '\n')
		if end < 0 {
			end = len(b)
		} else {
			end += start
		}
		fn(start, end)
		start = end + 1
	}
}

// terminate writes ';' over b[start:end] and blanks the rest.
func terminate(b []byte, start, end int) {
	b[start] = ';'
	for i := start + 1; i < end; i++ {
		if b[i] != '\n' && b[i] != '\r' {
			b[i] = ' '
		}
	}
}

// codeMask marks the bytes of b that are SQL code: not inside a comment,
// a quoted literal or identifier, or a dollar-quoted body. A delimiter is
// only a delimiter there.
func codeMask(b []byte) []bool {
	code := make([]bool, len(b)+1)
	for i := 0; i < len(b); {
		j := skipQuoted(b, i)
		if j == i {
			code[i] = true
			i++
			continue
		}
		i = j
	}
	code[len(b)] = true
	return code
}

// skipQuoted returns the end of the comment or quoted text starting at i,
// or i when none starts there. An unterminated one runs to the end.
func skipQuoted(b []byte, i int) int {
	rest := b[i:]
	switch {
	case bytes.HasPrefix(rest, []byte("--")):
		if n := bytes.IndexByte(rest, '\n'); n >= 0 {
			return i + n
		}
		return len(b)
	case bytes.HasPrefix(rest, []byte("/*")):
		if n := bytes.Index(rest[2:], []byte("*/")); n >= 0 {
			return i + 2 + n + 2
		}
		return len(b)
	case rest[0] == '\'' || rest[0] == '"':
		return closeQuote(b, i, rest[0])
	case rest[0] == '$':
		if tag := dollarTag(rest); tag != nil {
			if n := bytes.Index(rest[len(tag):], tag); n >= 0 {
				return i + len(tag) + n + len(tag)
			}
			return len(b)
		}
	}
	return i
}

// closeQuote ends a quoted literal or identifier opened at i; a doubled
// quote stands for itself.
func closeQuote(b []byte, i int, q byte) int {
	for j := i + 1; j < len(b); j++ {
		if b[j] == q {
			if j+1 < len(b) && b[j+1] == q {
				j++
				continue
			}
			return j + 1
		}
	}
	return len(b)
}

// dollarTag is the $tag$ opening a dollar-quoted body at the start of b,
// or nil.
func dollarTag(b []byte) []byte {
	for j := 1; j < len(b); j++ {
		c := b[j]
		if c == '$' {
			return b[:j+1]
		}
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80 || j > 1 && c >= '0' && c <= '9') {
			return nil
		}
	}
	return nil
}

// dbmsRuns reports whether a dbms attribute lets the change run on
// Redshift: empty or "all" does; "none" does not; a list runs where it
// names redshift, or, when it only excludes (!name), where it does not
// exclude redshift.
func dbmsRuns(dbms string) bool {
	dbms = strings.TrimSpace(dbms)
	if dbms == "" {
		return true
	}
	positive := false
	for _, d := range strings.Split(strings.ToLower(dbms), ",") {
		d = strings.TrimSpace(d)
		switch {
		case d == "all" || d == "redshift":
			return true
		case d == "!redshift" || d == "none":
			return false
		case d != "" && !strings.HasPrefix(d, "!"):
			positive = true
		}
	}
	return !positive
}

// delimiters are the matches of an endDelimiter in b: a regular
// expression, case ignored, or the text itself when it is not one.
func delimiters(b []byte, d string) [][]int {
	re, err := regexp.Compile("(?i)" + d)
	if err != nil {
		re, err = regexp.Compile("(?i)" + regexp.QuoteMeta(d))
	}
	if err == nil {
		return re.FindAllIndex(b, -1)
	}
	var out [][]int // not UTF-8: the bytes as written
	for off := 0; ; {
		i := bytes.Index(b[off:], []byte(d))
		if i < 0 {
			return out
		}
		out = append(out, []int{off + i, off + i + len(d)})
		off += i + len(d)
	}
}
