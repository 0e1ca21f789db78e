package sqlparse

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// DiagKind classifies a problem the parser found on its own.
type DiagKind int

const (
	DiagSyntax    DiagKind = iota + 1 // SQL that cannot be tokenized, or a clause without a usable value
	DiagEncoding                      // the file is not UTF-8 text
	DiagExpansion                     // placeholder values would make the file too large (ExpansionFactor)
	DiagInclude                       // a file a migration tool's file names cannot be followed (sqlview.Problem)
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
	// Delimiters are the project's own placeholder delimiters, read
	// besides ${NAME} (delimiters.go); zero for none.
	Delimiters Delimiters
}

// Result is everything sqlparse learned about one file.
type Result struct {
	File        *File
	Statements  []Statement // every non-empty statement, in order
	References  []Reference // credential clauses, in file order
	Diagnostics []Diagnostic
	// Secrets are where key material is, sorted and merged: the literal
	// values of key clauses and CREDENTIALS pairs, and StraySecrets.
	// Reports must never print these bytes.
	Secrets []Span
	// StraySecrets is key material outside every credential clause: in
	// comments, in text an unterminated literal swallowed, anywhere else
	// (secrets.go).
	StraySecrets []StraySecret
	Comments     []Comment // every -- and /* */ comment, in order (ignore directives live there)
	Grants       []Grant   // GRANT/REVOKE ASSUMEROLE, in file order (grant.go)
	// BidiControls are the bidirectional control characters outside
	// comments, in file order (invisible.go).
	BidiControls []BidiControl
	// DynamicSQL are the statements of procedure and function bodies that
	// run SQL built at run time, in file order (routine.go): not checked.
	DynamicSQL []DynamicSQL
}

// Comment is one SQL comment; Text is its content without the delimiters.
type Comment struct {
	Span Span
	Text string
	// Trailing: code precedes the comment on its line, so it comments on
	// that line rather than on what follows.
	Trailing bool
}

// Parse reads one file. It never fails; problems become Diagnostics.
func Parse(f *File, opts Options) *Result {
	res := &Result{File: f}
	if d := checkEncoding(f.Src); d != nil {
		res.Diagnostics = append(res.Diagnostics, *d)
		return res
	}
	lx := lexDelimited(f.Src, opts.Delimiters)
	subst := newSubstitution(opts.Vars, len(f.Src))
	subst.delims = opts.Delimiters
	subst.sets = psqlSets(f.Src, lx.segs)
	subst.binds = bindings(f.Src, lx.segs)
	res.Comments = comments(f.Src, lx.segs)
	res.BidiControls = bidiControls(f.Src, lx.segs)
	loose, found := findSecrets(f.Src) // sorted, disjoint
	for _, d := range lx.diags {
		d.Reference = -1
		res.Diagnostics = append(res.Diagnostics, d)
	}
	ps := &fileParser{src: f.Src, res: res, subst: subst, loose: loose}
	inv := invisibleRuns{src: f.Src, segs: lx.segs}
	for _, st := range lx.statements {
		lead := ps.statement(lx, st, &inv, Span{})
		if body, ok := routineBody(f.Src, st, segmentsIn(lx.segs, st.span), &lead); ok {
			ps.body(body)
		}
	}
	res.Comments = mergeComments(res.Comments, ps.bodyComments)
	if d := subst.diagnostic(len(f.Src)); d != nil {
		res.Diagnostics = append(res.Diagnostics, *d)
	}
	inv.report(res, len(f.Src)) // after the last statement
	clause := mergeSpans(res.Secrets)
	res.StraySecrets = strays(found, clause, lx.segs)
	// Every match masks, also one that only overlaps a clause's value.
	res.Secrets = mergeSpans(append(clause, loose...))
	return res
}

// fileParser reads the statements of one file, at the top level and in
// procedure and function bodies (routine.go).
type fileParser struct {
	src   []byte
	res   *Result
	subst *substitution
	loose []Span // findSecrets' spans, sorted

	bodyComments []Comment // the comments of routine bodies, merged into Result.Comments at the end
	toks         []token   // the token slice the file's statements share
}

// statement records one statement the lexer found and reads its
// credential clauses; body is the routine body it is in (empty at the top
// level). It returns the statement's leading words.
func (ps *fileParser) statement(lx *lexed, st rawStatement, inv *invisibleRuns, body Span) leadingWords {
	src, res := ps.src, ps.res
	idx := len(res.Statements)
	segs := segmentsIn(lx.segs, st.span)
	var lead leadingWords
	lead.read(src, st.span, segs)
	res.Statements = append(res.Statements, Statement{Span: st.span, Keyword: lead.keyword(src, st.span), Body: body})
	res.Statements[idx].Invisible = inv.report(res, st.span.End)
	span := st.span
	if st.broken {
		// An unterminated literal swallowed its end: read the clauses
		// before it, which Redshift would have read too.
		cut := lx.segs[len(lx.segs)-1].span // the lexer stops at the unterminated segment
		res.Statements[idx].Cut = Span{cut.Start, cut.Start + 1}
		span = Span{span.Start, cut.Start}
		segs = segmentsIn(lx.segs, span)
	}
	if span.Len() == 0 || !lead.mayHoldCredentials(src) {
		return lead
	}
	if body.Len() > 0 && lead.isAssumeRoleGrant(src) {
		// A grant in a body runs when the procedure is called, not where the
		// file has it: the grants replayed in file order (grant.go) leave it out.
		return lead
	}
	toks, diag := scanStatementInto(ps.toks[:0], src, span, segs)
	ps.toks = toks[:0] // the clause parsers copy what they keep: the next statement reuses the slice
	if diag != nil {
		diag.Reference = -1
		res.Diagnostics = append(res.Diagnostics, *diag)
		return lead
	}
	p := &clauseParser{src: src, toks: toks, segs: segs, subst: ps.subst, res: res, stmt: idx, loose: ps.loose, inBody: body.Len() > 0}
	if lead.isAssumeRoleGrant(src) {
		p.parseGrant()
		return lead
	}
	p.parse()
	return lead
}

// comments collects the comment segments with their text.
func comments(src []byte, segs []segment) []Comment {
	var out []Comment
	for _, s := range segs {
		var text []byte
		switch s.kind {
		case segLineComment:
			text = src[s.span.Start+2 : s.span.End]
		case segBlockComment:
			text = src[s.span.Start+2 : max(s.span.End-2, s.span.Start+2)]
		default:
			continue
		}
		out = append(out, Comment{Span: s.span, Text: string(text), Trailing: codeBefore(src, s.span.Start)})
	}
	return out
}

// codeBefore reports whether anything but white space (invisible
// characters included, as the lexer reads them) precedes off on its line.
func codeBefore(src []byte, off int) bool {
	i := off - 1
	for i >= 0 && src[i] != '\n' {
		if isSpace(src[i]) {
			i--
			continue
		}
		r, size := utf8.DecodeLastRune(src[:i+1])
		if size < 2 || !invisible(r) {
			break
		}
		i -= size
	}
	counting.add(workLexed, off-i)
	return i >= 0 && src[i] != '\n'
}

// segmentsIn returns the segments that overlap span.
func segmentsIn(segs []segment, span Span) []segment {
	lo := sort.Search(len(segs), func(i int) bool { return segs[i].span.End > span.Start })
	hi := lo
	for hi < len(segs) && segs[hi].span.Start < span.End {
		hi++
	}
	counting.add(workSegments, hi-lo)
	return segs[lo:hi]
}

// leadingWords are the first words of a statement, past comments and
// template tags, up to the first character that is not part of a word.
type leadingWords struct {
	spans    [4]Span
	n        int
	complete bool // no other character came before the n-th word
}

func (w *leadingWords) read(src []byte, span Span, segs []segment) {
	i, si := span.Start, 0
	w.complete = true
	for i < span.End && w.n < len(w.spans) {
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
			w.spans[w.n] = Span{start, i}
			w.n++
		default:
			w.complete = w.n > 0
			counting.add(workLexed, i-span.Start+1)
			counting.add(workSegments, si)
			return
		}
	}
	counting.add(workLexed, i-span.Start)
	counting.add(workSegments, si)
}

// is reports whether word k is the upper-case keyword kw, in any case.
func (w *leadingWords) is(src []byte, k int, kw string) bool {
	return k < w.n && strings.EqualFold(string(src[w.spans[k].Start:w.spans[k].End]), kw)
}

// keyword is the span of the statement's first word, past any template
// placeholder that opens it; the statement's first byte when it does not
// start with a word.
func (w *leadingWords) keyword(src []byte, span Span) Span {
	if w.n > 0 && w.complete {
		return w.spans[0]
	}
	end := span.Start
	for end < span.End && isIdentByte(src[end]) {
		end++
	}
	if end == span.Start {
		end = min(span.Start+1, span.End)
	}
	return Span{span.Start, end}
}

// mayHoldCredentials is the cheap test that spares most statements the
// scanner: only statements whose leading words name a credential statement
// are tokenized.
func (w *leadingWords) mayHoldCredentials(src []byte) bool {
	switch {
	case w.is(src, 0, "COPY"), w.is(src, 0, "UNLOAD"):
		return true
	case w.isAssumeRoleGrant(src):
		return true // not a credential statement, but its grants are tracked (grant.go)
	case w.is(src, 0, "ALTER"):
		return w.is(src, 1, "EXTERNAL")
	case w.is(src, 0, "SHOW"):
		return w.is(src, 1, "DATABASES") && w.is(src, 2, "FROM")
	case w.is(src, 0, "CREATE"):
		k := w.created(src)
		return w.is(src, k, "EXTERNAL") || w.is(src, k, "MODEL") || w.is(src, k, "LIBRARY") || w.is(src, k, "DATABASE")
	}
	return false
}

// created is the index of the word naming what CREATE [OR REPLACE] creates.
func (w *leadingWords) created(src []byte) int {
	if w.is(src, 1, "OR") && w.is(src, 2, "REPLACE") {
		return 3
	}
	return 1
}
