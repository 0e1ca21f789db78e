package sqlparse

import (
	"sort"
	"strings"
)

// DiagKind classifies a problem the parser found on its own.
type DiagKind int

const (
	DiagSyntax   DiagKind = iota + 1 // SQL that cannot be tokenized, or a clause without a usable value
	DiagEncoding                     // the file is not UTF-8 text
)

// Diagnostic is a positioned problem found while reading a file.
type Diagnostic struct {
	Kind      DiagKind
	Span      Span
	Message   string
	Help      string
	Reference int // index into Result.References, or -1 for a file-level problem
}

// Options control parsing.
type Options struct {
	Vars Vars // placeholder values; nil means none
}

// Result is everything sqlparse learned about one file.
type Result struct {
	File        *File
	Statements  []Statement // every non-empty statement, in order
	References  []Reference // credential clauses, in file order
	Diagnostics []Diagnostic
	Secrets     []Span // literal secret values: reports must never print these bytes
}

// Parse reads one file. It never fails; problems become Diagnostics.
func Parse(f *File, opts Options) *Result {
	res := &Result{File: f}
	if d := checkEncoding(f.Src); d != nil {
		res.Diagnostics = append(res.Diagnostics, *d)
		return res
	}
	lx := lex(f.Src)
	for _, d := range lx.diags {
		d.Reference = -1
		res.Diagnostics = append(res.Diagnostics, d)
	}
	for _, st := range lx.statements {
		idx := len(res.Statements)
		res.Statements = append(res.Statements, Statement{Span: st.span, Keyword: firstWordSpan(f.Src, st.span)})
		if st.broken {
			continue // its end was swallowed by an unterminated literal: nothing reliable to read
		}
		segs := segmentsIn(lx.segs, st.span)
		if !mayHoldCredentials(f.Src, st.span, segs) {
			continue
		}
		toks, diag := scanStatement(f.Src, st.span, segs)
		if diag != nil {
			diag.Reference = -1
			res.Diagnostics = append(res.Diagnostics, *diag)
			continue
		}
		p := &clauseParser{src: f.Src, toks: toks, segs: segs, vars: opts.Vars, res: res, stmt: idx}
		p.parse()
	}
	return res
}

// segmentsIn returns the segments that overlap span.
func segmentsIn(segs []segment, span Span) []segment {
	lo := sort.Search(len(segs), func(i int) bool { return segs[i].span.End > span.Start })
	hi := lo
	for hi < len(segs) && segs[hi].span.Start < span.End {
		hi++
	}
	return segs[lo:hi]
}

// firstWordSpan is the span of the statement's first word (its keyword).
func firstWordSpan(src []byte, span Span) Span {
	end := span.Start
	for end < span.End && isIdentByte(src[end]) {
		end++
	}
	if end == span.Start {
		end = span.Start + 1
	}
	return Span{span.Start, end}
}

// mayHoldCredentials is the cheap test that spares most statements the
// scanner: only statements whose leading words name a credential statement
// are tokenized.
func mayHoldCredentials(src []byte, span Span, segs []segment) bool {
	words := leadingWords(src, span, segs, 4)
	if len(words) == 0 {
		return false
	}
	switch words[0] {
	case "COPY", "UNLOAD":
		return true
	case "ALTER":
		return len(words) > 1 && words[1] == "EXTERNAL"
	case "CREATE":
		rest := words[1:]
		if len(rest) >= 2 && rest[0] == "OR" && rest[1] == "REPLACE" {
			rest = rest[2:]
		}
		return len(rest) > 0 && (rest[0] == "EXTERNAL" || rest[0] == "MODEL" || rest[0] == "LIBRARY" || rest[0] == "DATABASE")
	}
	return false
}

// leadingWords returns up to n upper-cased words at the start of the
// statement, skipping comments and template tags; it stops at the first
// character that is not part of a word.
func leadingWords(src []byte, span Span, segs []segment, n int) []string {
	var words []string
	i, si := span.Start, 0
	for i < span.End && len(words) < n {
		for si < len(segs) && segs[si].span.End <= i {
			si++
		}
		switch {
		case si < len(segs) && segs[si].span.Start == i && (segs[si].kind.isBlank() || segs[si].kind.isPlaceholder()):
			i = segs[si].span.End
		case isSpace(src[i]):
			i++
		case isIdentStart(src[i]):
			start := i
			for i < span.End && isIdentByte(src[i]) {
				i++
			}
			words = append(words, strings.ToUpper(string(src[start:i])))
		default:
			return words
		}
	}
	return words
}
