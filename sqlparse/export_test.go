package sqlparse

import "fmt"

// Test-only access to the lexical layer for the external test package (the
// fuzz targets live there, next to the black-box tests whose inputs seed them).

// LexedForTest is the lexer's output in exported form.
type LexedForTest struct {
	Segs      []Span
	SegKinds  []string // segKind names, "segString" ...
	Stmts     []Span
	Broken    []bool
	Diags     []Diagnostic
	SegOpener []string // the text a segment of that kind must start with
	SegCloser []string // the text a terminated segment of that kind ends with ("" when it varies)
}

// LexForTest runs the lexer alone.
func LexForTest(src []byte) LexedForTest {
	lx := lex(src)
	var out LexedForTest
	for _, s := range lx.segs {
		out.Segs = append(out.Segs, s.span)
		out.SegKinds = append(out.SegKinds, segKindNames[s.kind])
		open, closer := segDelims(src, s)
		out.SegOpener = append(out.SegOpener, open)
		out.SegCloser = append(out.SegCloser, closer)
	}
	for _, st := range lx.statements {
		out.Stmts = append(out.Stmts, st.span)
		out.Broken = append(out.Broken, st.broken)
	}
	out.Diags = lx.diags
	return out
}

func segDelims(src []byte, s segment) (open, closer string) {
	switch s.kind {
	case segString:
		return "'", "'"
	case segDollar:
		return "$", "$"
	case segQuotedIdent:
		return `"`, `"`
	case segLineComment:
		return "--", ""
	case segBlockComment:
		return "/*", "*/"
	case segTemplateExpr:
		return "{{", "}}"
	case segTemplateStmt:
		return "{%", "%}"
	case segTemplateComment:
		return "{#", "#}"
	case segFlyway:
		return "${", "}"
	case segPsqlVar:
		return ":", ""
	case segPsqlMeta:
		return `\`, ""
	case segTypographic:
		return string(src[s.span.Start : s.span.Start+3]), ""
	case segInvisible:
		_, size := invisibleAt(src, s.span.Start)
		return string(src[s.span.Start : s.span.Start+size]), ""
	}
	return "?", "?"
}

// MaskStatementsForTest lexes src and returns every statement's span with
// its masked text, as the scanner would receive it.
func MaskStatementsForTest(src []byte) (spans []Span, texts [][]byte) {
	lx := lex(src)
	for _, st := range lx.statements {
		spans = append(spans, st.span)
		texts = append(texts, masked(src, st.span, segmentsIn(lx.segs, st.span)))
	}
	return spans, texts
}

// WhiteBoxTestInputs are the inputs of the white-box tests, for the fuzz corpus.
func WhiteBoxTestInputs() []string {
	var in []string
	for _, c := range lexCases {
		in = append(in, c.src)
	}
	for _, c := range maskedCases {
		in = append(in, c.src)
	}
	for _, c := range scanStringCases {
		in = append(in, c.src)
	}
	for _, c := range unterminatedHelpCases {
		in = append(in, c.src)
	}
	return in
}

// ScanAgreementForTest scans every statement that lexed cleanly and reports
// the first disagreement between the lexer's segments and the scanner's
// tokens, or "" when they agree: every literal token is tied to a segment,
// every string-like segment to exactly one token, every placeholder lies
// inside one token, and no token overlaps a blank segment or straddles the
// edge of a segment.
func ScanAgreementForTest(src []byte) string {
	if checkEncoding(src) != nil {
		return "" // Parse never scans such a file (and the C scanner stops at a NUL)
	}
	lx := lex(src)
	for _, st := range lx.statements {
		if st.broken {
			continue
		}
		segs := segmentsIn(lx.segs, st.span)
		toks, diag := scanStatement(src, st.span, segs)
		if diag != nil {
			continue
		}
		tied := make(map[*segment]int)
		for _, t := range toks {
			if t.kind == tokString && t.seg == nil {
				return fmt.Sprintf("string token %v %q has no segment", t.span, src[t.span.Start:t.span.End])
			}
			if t.seg != nil {
				tied[t.seg]++
			}
			for i := range segs {
				s := &segs[i]
				overlap := t.span.Start < s.span.End && s.span.Start < t.span.End
				switch {
				case !overlap:
				case s.kind.isBlank():
					return fmt.Sprintf("token %v %q overlaps %s %v", t.span, src[t.span.Start:t.span.End], segKindNames[s.kind], s.span)
				case s.kind.isStringLike() && (t.span.End != s.span.End || t.span.Start < s.span.Start-2):
					return fmt.Sprintf("token %v %q straddles %s %v", t.span, src[t.span.Start:t.span.End], segKindNames[s.kind], s.span)
				case !s.kind.isStringLike() && (t.span.Start > s.span.Start || t.span.End < s.span.End):
					return fmt.Sprintf("token %v %q cuts %s %v", t.span, src[t.span.Start:t.span.End], segKindNames[s.kind], s.span)
				}
			}
		}
		for i := range segs {
			s := &segs[i]
			if s.kind.isStringLike() && tied[s] != 1 {
				return fmt.Sprintf("%s %v %q is tied to %d tokens", segKindNames[s.kind], s.span, src[s.span.Start:s.span.End], tied[s])
			}
		}
	}
	return ""
}

// WorkForTest is what the parser did while a test counted (work.go).
type WorkForTest = workCounts

// WorkNamesForTest names the counts of a WorkForTest, in order.
var WorkNamesForTest = [workKinds]string{
	workLexed: "bytes lexed", workSegments: "segments", workScans: "scanner calls",
	workScanned: "bytes scanned", workTokens: "tokens walked", workDecoded: "bytes decoded",
	workPositioned: "bytes positioned",
}

// CountWorkForTest runs f with the parser's work counted. The counter is
// package state, so tests that count must not run in parallel with other
// parsing (no test of this package is parallel).
func CountWorkForTest(f func()) WorkForTest {
	var w workCounts
	counting = &w
	defer func() { counting = nil }()
	f()
	return w
}

// ScanSecretsForTest is every piece of key material the secret finder
// finds in src, whether or not a clause holds it.
func ScanSecretsForTest(src []byte) []Span {
	if checkEncoding(src) != nil {
		return nil
	}
	spans, _ := findSecrets(src)
	return spans
}
