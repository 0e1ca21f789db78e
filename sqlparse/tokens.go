package sqlparse

import (
	"errors"
	"slices"
	"strings"
	"unicode/utf8"
	"unsafe"

	pgparser "github.com/pganalyze/pg_query_go/v5/parser"

	"github.com/redshift-preflight/redshift-preflight/redact"
)

// tokKind is the little the clause matcher needs to know about a token.
type tokKind uint8

const (
	tokWord        tokKind = iota + 1 // keyword or identifier
	tokString                         // any string-like literal: '...', E'...', $$...$$, ‘...’
	tokPlaceholder                    // a template placeholder standing where a value goes
	tokPunct                          // operator or punctuation
	tokOther                          // numbers, parameters, quoted identifiers
)

type token struct {
	kind tokKind
	span Span   // in the file
	word string // upper-cased text of a tokWord
	seg  *segment
	// keyword: a tokWord that PostgreSQL's scanner knows as a keyword
	// (ENCRYPTED, CSV), as opposed to a plain identifier.
	keyword bool
}

func (t token) is(word string) bool { return t.kind == tokWord && t.word == word }

func (t token) isPunct(p string) bool { return t.kind == tokPunct && t.word == p }

// masked returns the bytes of span with every segment the PostgreSQL scanner
// would misread replaced by bytes of equal length, so that token offsets stay
// file offsets: strings become 'xx…', comments and Jinja statements become
// spaces, placeholders become identifiers. Numbers glued to a word, which
// PostgreSQL 16 rejects and Redshift reads as two tokens, are unglued.
func masked(src []byte, span Span, segs []segment) []byte {
	return appendMasked(nil, src, span, segs)
}

// appendMasked appends the masked bytes of span to dst.
func appendMasked(dst, src []byte, span Span, segs []segment) []byte {
	n := len(dst)
	dst = append(dst, src[span.Start:span.End]...)
	out := dst[n:]
	maskSegments(out, span, segs)
	unglueNumbers(out)
	counting.add(workLexed, len(out))
	counting.add(workSegments, len(segs))
	return dst
}

// maskSegments masks, in out (the bytes of span), the segments of segs.
func maskSegments(out []byte, span Span, segs []segment) {
	for _, s := range segs {
		lo, hi := s.span.Start-span.Start, s.span.End-span.Start
		if hi <= 0 || lo >= len(out) {
			continue
		}
		lo, hi = max(lo, 0), min(hi, len(out))
		part := out[lo:hi]
		switch {
		case s.kind.isStringLike():
			fill(part, 'x')
			part[0], part[len(part)-1] = '\'', '\''
		case s.kind.isBlank():
			fill(part, ' ')
		case s.kind.isPlaceholder():
			fill(part, 'p')
			part[0] = '_'
		}
	}
}

// unglueNumbers blanks the digits of every number that runs straight into an
// identifier character ("100MB", "1e5x", "0x1F", "$1abc", and a placeholder
// right after a digit, masked as "1_ppp"). PostgreSQL 16's scanner fails the
// whole statement on such "trailing junk"; Redshift's 8.0-era lexer reads a
// number and then a word. The number itself is never read, so replacing its
// digits with spaces keeps every other token, and every offset, as it was.
func unglueNumbers(b []byte) {
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"': // a quoted identifier keeps its text
			for i++; i < len(b) && b[i] != '"'; i++ {
			}
		case c >= '0' && c <= '9' && numberStart(b, i):
			j := i
			for j < len(b) && (b[j] >= '0' && b[j] <= '9' || b[j] == '.') {
				j++
			}
			if j < len(b) && isIdentStart(b[j]) {
				fill(b[i:j], ' ')
			}
			i = j - 1
		}
	}
}

// numberStart: the digit at i begins a number (or a $n parameter), not the
// tail of an identifier.
func numberStart(b []byte, i int) bool {
	if i == 0 || !isIdentByte(b[i-1]) {
		return true
	}
	return b[i-1] == '$' && (i == 1 || !isIdentByte(b[i-2]))
}

func fill(b []byte, c byte) {
	for i := range b {
		b[i] = c
	}
}

// scanStatement tokenizes one statement with pg_query's scanner over its
// masked text. Tokens of string-like or placeholder segments are tied to their
// segment so the clause matcher can read the original text.
func scanStatement(src []byte, span Span, segs []segment) ([]token, *Diagnostic) {
	return scanStatementInto(nil, src, span, segs)
}

// scanStatementInto is scanStatement appending the tokens to dst, so that
// a file's statements can share one token slice (fileParser.toks).
func scanStatementInto(dst []token, src []byte, span Span, segs []segment) ([]token, *Diagnostic) {
	buf := scanBuffers.Get().(*scanBuffer)
	defer scanBuffers.Put(buf)
	buf.masked = appendMasked(buf.masked[:0], src, span, segs)
	// The scanner copies its input (C.CString) and text does not outlive
	// this call, so the pooled bytes need no copy of their own.
	text := unsafe.String(unsafe.SliceData(buf.masked), len(buf.masked))
	counting.add(workScans, 1)
	counting.add(workScanned, len(text))
	pb, err := pgparser.ScanToProtobuf(text)
	if err != nil {
		return nil, scanError(err, span, text)
	}
	_, buf.raw, err = decodeScanResult(pb, buf.raw[:0])
	if err != nil {
		return nil, scanError(err, span, text)
	}
	return tieTokens(dst, src, span, segs, buf.raw), nil
}

// tieTokens appends to toks the scanner's tokens turned into the clause
// matcher's, each tied to the segment it starts.
func tieTokens(toks []token, src []byte, span Span, segs []segment, raw []rawToken) []token {
	toks = slices.Grow(toks, len(raw))
	si := 0
	for i, t := range raw {
		ts := Span{span.Start + int(t.start), span.Start + int(t.end)}
		for si < len(segs) && segs[si].span.End <= ts.Start {
			si++
		}
		var seg *segment
		if si < len(segs) && segs[si].span.Start == ts.Start {
			seg = &segs[si]
		}
		if tokenClass(t.token) == tokString {
			// Tie the literal to its segment: for E'...', B'...', U&'...' the
			// segment starts after the prefix (and the scanner reports U&'...'
			// with an empty span). The scanner also joins 'a' NEWLINE 'b' into
			// one token, even across a masked comment: give every literal its
			// own token and let the clause matcher decide what joins.
			look := Span{ts.Start, max(ts.End, ts.Start+3)}
			if ts.End <= ts.Start { // U&'...': it runs up to the next token, joined literals ('a''b', 'a' NEWLINE 'b') included
				look.End = span.End
				if i+1 < len(raw) {
					look.End = span.Start + int(raw[i+1].start)
				}
			}
			if parts := stringSegmentsIn(segs, si, look); len(parts) > 0 && segs[parts[0]].span.Start <= ts.Start+2 {
				start := ts.Start
				for n, k := range parts {
					toks = append(toks, classify(src, t, Span{start, segs[k].span.End}, &segs[k]))
					if n+1 < len(parts) {
						start = segs[parts[n+1]].span.Start
					}
				}
				continue
			}
		}
		toks = append(toks, classify(src, t, ts, seg))
	}
	counting.add(workTokens, len(raw))
	counting.add(workSegments, si)
	return toks
}

// stringSegmentsIn lists the string-like segments, from index si on, that
// start inside the token span ts.
func stringSegmentsIn(segs []segment, si int, ts Span) []int {
	var parts []int
	k := si
	for ; k < len(segs) && segs[k].span.Start < ts.End; k++ {
		if segs[k].kind.isStringLike() {
			parts = append(parts, k)
		}
	}
	counting.add(workSegments, k-si)
	return parts
}

func classify(src []byte, t rawToken, ts Span, seg *segment) token {
	tok := token{span: ts, seg: seg}
	class := tokenClass(t.token)
	switch {
	case seg != nil && seg.kind.isPlaceholder() && seg.span == ts:
		tok.kind = tokPlaceholder
	case seg != nil && seg.kind.isStringLike():
		tok.kind = tokString
	case class == tokString:
		tok.kind = tokString // a literal the lexical layer did not see (cannot happen for well-formed input)
	case class == tokWord || t.keywordKind != keywordNone:
		tok.kind = tokWord
		tok.word = upperWord(src[ts.Start:ts.End])
		tok.keyword = t.keywordKind != keywordNone
	case class == tokPunct:
		tok.kind = tokPunct
		tok.word = string(src[ts.Start:ts.End])
	default:
		tok.kind = tokOther
	}
	return tok
}

// upperWord is strings.ToUpper(string(b)) in one allocation for the ASCII
// words SQL is mostly made of.
func upperWord(b []byte) string {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return strings.ToUpper(string(b))
		}
	}
	var w strings.Builder
	w.Grow(len(b))
	for _, c := range b {
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		w.WriteByte(c)
	}
	return w.String()
}

// scanError turns the scanner's message into a positioned syntax diagnostic.
// The scanner's cursor position is 1-based and counts characters of text.
func scanError(err error, span Span, text string) *Diagnostic {
	// The scanner quotes the text it stopped at ("at or near ..."): mask
	// any key material in it.
	d := &Diagnostic{Kind: DiagSyntax, Span: Span{span.Start, span.Start + 1}, Message: "cannot tokenize statement: " + redact.Secrets(err.Error())}
	var pe *pgparser.Error
	if errors.As(err, &pe) && pe.Cursorpos > 0 {
		off := span.Start + byteOffset(text, pe.Cursorpos-1)
		d.Span = Span{off, min(off+1, span.End)}
		d.Message = "cannot tokenize statement: " + redact.Secrets(pe.Message)
	}
	return d
}

// byteOffset is the byte offset of the n-th (0-based) character of text,
// clamped to the last byte.
func byteOffset(text string, n int) int {
	i := 0
	for off := range text {
		if i == n {
			return off
		}
		i++
	}
	return max(len(text)-1, 0)
}
