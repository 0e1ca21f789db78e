package chain

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Element is one comma-separated element of a chain, trimmed of surrounding whitespace.
type Element struct {
	Text   string
	Span   Span // span of Text within the value
	Opaque bool // the element contains (part of) an opaque range: an unresolved template placeholder; never ARN-checked
}

// Split splits a quoted role value on commas. Commas and whitespace inside
// opaque ranges (sorted, non-overlapping spans of unresolved placeholders such
// as ${x} or {{ var('a,b') }}) neither split nor count as whitespace.
// Elements are trimmed; empty elements are dropped from the result but
// reported (KindEmptyElement). Whitespace anywhere outside opaque ranges
// (leading, trailing, around commas, inside an element; spaces, tabs, newlines,
// and Unicode spaces such as U+00A0) is reported (KindWhitespace), one problem
// per maximal run.
//
// Opaque spans that are unsorted, overlapping or out of bounds are tolerated:
// they are clipped, sorted and merged first. Problems come in position order.
func Split(text string, opaque []Span) ([]Element, []Problem) {
	s := splitter{lex: lexer{text: text, opaque: normalizeOpaque(opaque, len(text))}}
	s.run()
	return s.elems, s.probs
}

// splitter is the state of one Split call: the element being built, the
// whitespace run being measured, and what has been found so far.
type splitter struct {
	lex       lexer
	elems     []Element
	probs     []Problem
	seg       segment
	ws        Span // current whitespace run; Start < 0 when not in one
	commas    int  // splitting commas seen
	lastComma int  // position of the last splitting comma
	reported  bool // the last comma already has a problem
}

// segment is the text between two splitting commas, trimmed.
type segment struct {
	first, last int // trimmed content [first, last); first < 0 while nothing but whitespace was seen
	opaque      bool
}

func (s *splitter) run() {
	s.seg = segment{first: -1}
	s.ws = Span{-1, -1}
	for {
		kind, sp := s.lex.next()
		if kind == tokSpace {
			s.extendWhitespace(sp)
			continue
		}
		s.flushWhitespace()
		switch kind {
		case tokEnd:
			s.finish()
			return
		case tokComma:
			s.comma(sp.Start)
		default:
			s.content(sp, kind == tokOpaque)
		}
	}
}

func (s *splitter) extendWhitespace(sp Span) {
	if s.ws.Start < 0 {
		s.ws.Start = sp.Start
	}
	s.ws.End = sp.End
}

func (s *splitter) flushWhitespace() {
	if s.ws.Start < 0 {
		return
	}
	s.report(KindWhitespace, s.ws, whitespaceMessage(s.lex.text[s.ws.Start:s.ws.End]))
	s.ws = Span{-1, -1}
}

// content extends the current segment's trimmed range over a non-space token.
func (s *splitter) content(sp Span, opaque bool) {
	if s.seg.first < 0 {
		s.seg.first = sp.Start
	}
	s.seg.last = sp.End
	s.seg.opaque = s.seg.opaque || opaque
}

// comma closes the current segment. The comma is the one to blame when the
// segment before it is empty: at the start that is a leading comma, later a
// doubled one. A trailing comma can only be judged at the end.
func (s *splitter) comma(pos int) {
	s.reported = false
	if s.seg.first < 0 {
		msg := "role chain has an empty element between two commas"
		if s.commas == 0 {
			msg = "role chain starts with a comma"
		}
		s.report(KindEmptyElement, Span{pos, pos + 1}, msg)
		s.reported = true
	}
	s.closeSegment()
	s.commas++
	s.lastComma = pos
}

// finish closes the last segment and judges what only the end reveals: an
// empty value, or a trailing comma. The trailing comma is reported after the
// whitespace that follows it, hence the final sort by position.
func (s *splitter) finish() {
	if s.seg.first < 0 {
		switch {
		case s.commas == 0:
			s.report(KindEmptyElement, Span{0, 0}, "role value is empty")
		case !s.reported:
			s.report(KindEmptyElement, Span{s.lastComma, s.lastComma + 1}, "role chain ends with a comma")
		}
	}
	s.closeSegment()
	sortProblems(s.probs)
}

func (s *splitter) closeSegment() {
	if s.seg.first >= 0 {
		sp := Span{s.seg.first, s.seg.last}
		if s.elems == nil {
			// One allocation for the usual case; placeholders may hold commas
			// that do not split, so this is an upper bound.
			s.elems = make([]Element, 0, strings.Count(s.lex.text, ",")+1)
		}
		s.elems = append(s.elems, Element{Text: s.lex.text[sp.Start:sp.End], Span: sp, Opaque: s.seg.opaque})
	}
	s.seg = segment{first: -1}
}

func (s *splitter) report(k Kind, sp Span, msg string) {
	s.probs = append(s.probs, Problem{Kind: k, Span: sp, Message: msg})
}

// tokKind classifies what the lexer found at a position.
type tokKind uint8

const (
	tokEnd    tokKind = iota
	tokOther          // any rune that is neither comma nor whitespace
	tokSpace          // one whitespace rune
	tokComma          // a splitting comma
	tokOpaque         // a whole opaque range
)

// lexer yields a role value rune by rune, except that an opaque range is one
// token, so nothing inside a placeholder can split or count as whitespace.
type lexer struct {
	text   string
	opaque []Span // normalized; consumed from the front
	pos    int
}

func (l *lexer) next() (tokKind, Span) {
	start := l.pos
	if start >= len(l.text) {
		return tokEnd, Span{start, start}
	}
	if len(l.opaque) > 0 && l.opaque[0].Start <= start {
		l.pos = l.opaque[0].End
		l.opaque = l.opaque[1:]
		return tokOpaque, Span{start, l.pos}
	}
	r, size := utf8.DecodeRuneInString(l.text[start:])
	if len(l.opaque) > 0 && start+size > l.opaque[0].Start {
		// A placeholder cannot start inside a rune of valid input; if a caller
		// says so anyway, the bytes before it are ordinary text.
		r, size = utf8.RuneError, l.opaque[0].Start-start
	}
	l.pos += size
	switch {
	case r == ',':
		return tokComma, Span{start, l.pos}
	case isSpace(r):
		return tokSpace, Span{start, l.pos}
	}
	return tokOther, Span{start, l.pos}
}

// normalizeOpaque clips spans to the text, drops empty ones, sorts them and
// merges overlaps, so that a careless caller (or a fuzzer) cannot make the
// lexer go backwards or past the end.
func normalizeOpaque(spans []Span, n int) []Span {
	if len(spans) == 0 {
		return nil
	}
	out := make([]Span, 0, len(spans))
	for _, sp := range spans {
		sp.Start, sp.End = max(sp.Start, 0), min(sp.End, n)
		if sp.Start < sp.End {
			out = append(out, sp)
		}
	}
	slices.SortFunc(out, func(a, b Span) int { return a.Start - b.Start })
	merged := out[:0]
	for _, sp := range out {
		if k := len(merged) - 1; k >= 0 && sp.Start < merged[k].End {
			merged[k].End = max(merged[k].End, sp.End)
			continue
		}
		merged = append(merged, sp)
	}
	return merged
}

// isSpace reports whether r is whitespace for chain purposes. Besides Unicode
// White_Space it includes the invisible characters that arrive with text
// pasted from web pages (zero-width space, word joiner, byte order mark):
// Redshift rejects them just the same and the user cannot see them.
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200b' || r == '\u2060' || r == '\ufeff'
}

// whitespaceMessage keeps the plain message for ordinary spaces (what the
// user sees on screen) and names any other character, which is invisible or
// looks like a space.
func whitespaceMessage(run string) string {
	const msg = "role chain must not contain whitespace"
	if strings.Trim(run, " ") == "" {
		return msg
	}
	var names []string
	for _, r := range run {
		if n := spaceName(r); !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	return msg + ": found " + joinAnd(names)
}

func spaceName(r rune) string {
	switch r {
	case ' ':
		return "a space"
	case '\t':
		return "a tab"
	case '\n':
		return "a line break"
	case '\r':
		return "a carriage return"
	case '\u00a0':
		return "a no-break space (U+00A0)"
	case '\u200b':
		return "a zero-width space (U+200B)"
	case '\ufeff':
		return "a byte order mark (U+FEFF)"
	}
	return fmt.Sprintf("a Unicode space (U+%04X)", r)
}

// joinAnd joins words as in prose: "a", "a and b", "a, b and c".
func joinAnd(words []string) string {
	if len(words) <= 1 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}
