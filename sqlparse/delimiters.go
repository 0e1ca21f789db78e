package sqlparse

import (
	"bytes"
	"strings"
)

// Delimiters are the placeholder prefix and suffix a Flyway project sets
// for itself (flyway.placeholderPrefix and flyway.placeholderSuffix, e.g.
// "#[" and "]", or "@@" and "@@"). The zero value, or Flyway's own "${"
// and "}", changes nothing.
//
// With other delimiters, ${NAME} is no placeholder: Flyway replaces only
// prefix + name + suffix, so it sends ${NAME} to Redshift as written, and
// it is checked as the text it is.
//
// Flyway finds a placeholder as the prefix, a name of at least one
// character, and the first suffix after it, on one line; its names ignore
// case ("Placeholders are case insensitive"). Like ${NAME}, a custom
// placeholder is read in code and in string literals.
type Delimiters struct {
	Prefix, Suffix string
}

// custom: the delimiters differ from Flyway's default and can be read.
func (d Delimiters) custom() bool {
	return d.Prefix != "" && d.Suffix != "" && (d.Prefix != "${" || d.Suffix != "}") &&
		!strings.ContainsAny(d.Prefix+d.Suffix, "\r\n")
}

// name is the name inside raw when raw is written with the custom
// delimiters.
func (d Delimiters) name(raw string) (string, bool) {
	if !d.custom() || len(raw) <= len(d.Prefix)+len(d.Suffix) ||
		!strings.HasPrefix(raw, d.Prefix) || !strings.HasSuffix(raw, d.Suffix) {
		return "", false
	}
	return raw[len(d.Prefix) : len(raw)-len(d.Suffix)], true
}

// delimScan finds custom placeholders forward through a text. A prefix
// with no suffix before the end of its line makes every later prefix on
// that line plain text too, and remembering that keeps a line full of
// unclosed prefixes linear.
type delimScan struct {
	d         Delimiters
	missingTo int // no prefix before this offset closes
}

// opens: a custom placeholder may start at src[i], before limit.
func (s *delimScan) opens(src []byte, i, limit int) bool {
	return s.d.custom() && i >= s.missingTo && i+len(s.d.Prefix) < limit && bytes.HasPrefix(src[i:limit], []byte(s.d.Prefix))
}

// end is the end of the custom placeholder opening at start, or -1 when
// no suffix follows a name on its line before limit.
func (s *delimScan) end(src []byte, start, limit int) int {
	from := start + len(s.d.Prefix) + 1 // a name has at least one byte
	nl := bytes.IndexByte(src[start:limit], '\n')
	stop := limit
	if nl >= 0 {
		stop = start + nl
	}
	if from > stop {
		return -1
	}
	k := bytes.Index(src[from:stop], []byte(s.d.Suffix))
	if k < 0 {
		counting.add(workLexed, stop-start)
		s.missingTo = stop
		return -1
	}
	counting.add(workLexed, k+len(s.d.Prefix)+1+len(s.d.Suffix))
	return from + k + len(s.d.Suffix)
}

// delimited is a custom placeholder in code at i, as a Flyway segment;
// -1 when none opens there.
func (l *lexer) delimited(i int) int {
	if !l.custom.opens(l.src, i, len(l.src)) {
		return -1
	}
	end := l.custom.end(l.src, i, len(l.src))
	if end > 0 {
		l.add(segFlyway, i, end)
	}
	return end
}

// lexDelimited is lex for a file whose project sets its own placeholder
// delimiters.
func lexDelimited(src []byte, d Delimiters) *lexed {
	i := 0
	if bytes.HasPrefix(src, utf8BOM) {
		i = len(utf8BOM)
	}
	return lexRangeDelimited(src, Span{i, len(src)}, d)
}

// lexRangeDelimited is lexRange with the project's delimiters.
func lexRangeDelimited(src []byte, span Span, d Delimiters) *lexed {
	l := &lexer{src: src[:span.End], from: span.Start, stmtStart: -1, runEnd: -1, custom: delimScan{d: d}}
	l.run(span.Start)
	return &l.out
}

// placeholderName is the variable raw reads, with the file's delimiters.
func (s *substitution) placeholderName(raw string) string {
	if s == nil {
		return placeholderName(raw)
	}
	if name, ok := s.delims.name(raw); ok {
		return name
	}
	return placeholderName(raw)
}

// delimScan scans a string for the file's custom placeholders.
func (s *substitution) delimScan() *delimScan {
	if s == nil {
		return &delimScan{}
	}
	return &delimScan{d: s.delims}
}
