package sqlparse

import (
	"errors"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	pgparser "github.com/pganalyze/pg_query_go/v5/parser"
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
}

func (t token) is(word string) bool { return t.kind == tokWord && t.word == word }

// masked returns the bytes of span with every segment the PostgreSQL scanner
// would misread replaced by bytes of equal length, so that token offsets stay
// file offsets: strings become 'xx…', comments and Jinja statements become
// spaces, placeholders become identifiers.
func masked(src []byte, span Span, segs []segment) []byte {
	out := make([]byte, span.Len())
	copy(out, src[span.Start:span.End])
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
	return out
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
	res, err := pg_query.Scan(string(masked(src, span, segs)))
	if err != nil {
		return nil, scanError(err, span)
	}
	toks := make([]token, 0, len(res.Tokens))
	si := 0
	for _, t := range res.Tokens {
		ts := Span{span.Start + int(t.Start), span.Start + int(t.End)}
		for si < len(segs) && segs[si].span.End <= ts.Start {
			si++
		}
		var seg *segment
		if si < len(segs) && segs[si].span.Start == ts.Start {
			seg = &segs[si]
		}
		toks = append(toks, classify(src, t, ts, seg))
	}
	return toks, nil
}

func classify(src []byte, t *pg_query.ScanToken, ts Span, seg *segment) token {
	tok := token{span: ts, seg: seg}
	switch {
	case seg != nil && seg.kind.isPlaceholder() && seg.span == ts:
		tok.kind = tokPlaceholder
	case seg != nil && seg.kind.isStringLike():
		tok.kind = tokString
	case t.Token == pg_query.Token_SCONST || t.Token == pg_query.Token_USCONST ||
		t.Token == pg_query.Token_BCONST || t.Token == pg_query.Token_XCONST:
		tok.kind = tokString // E'...', B'...', X'...': the segment starts after the prefix
	case t.Token == pg_query.Token_IDENT || t.KeywordKind != pg_query.KeywordKind_NO_KEYWORD:
		tok.kind = tokWord
		tok.word = strings.ToUpper(string(src[ts.Start:ts.End]))
	case t.Token < 256 || t.Token == pg_query.Token_Op || t.Token == pg_query.Token_TYPECAST:
		tok.kind = tokPunct
		tok.word = string(src[ts.Start:ts.End])
	default:
		tok.kind = tokOther
	}
	return tok
}

// scanError turns the scanner's message into a positioned syntax diagnostic.
func scanError(err error, span Span) *Diagnostic {
	d := &Diagnostic{Kind: DiagSyntax, Span: Span{span.Start, span.Start + 1}, Message: "cannot tokenize statement: " + err.Error()}
	var pe *pgparser.Error
	if errors.As(err, &pe) && pe.Cursorpos > 0 {
		off := span.Start + pe.Cursorpos - 1
		d.Span = Span{off, off + 1}
		d.Message = "cannot tokenize statement: " + pe.Message
	}
	return d
}
