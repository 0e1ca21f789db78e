package sqlparse

import (
	"fmt"
	"strings"
)

// clauseParser extracts the credential clauses of one tokenized statement.
type clauseParser struct {
	src  []byte
	toks []token
	segs []segment
	vars Vars
	res  *Result
	stmt int

	depth []int // parenthesis depth of every token
}

// nameIntroducers are words after which an identifier, not a clause, follows:
// "COPY iam_role FROM ..." loads a table called iam_role.
var nameIntroducers = map[string]bool{
	"COPY": true, "SCHEMA": true, "FUNCTION": true, "MODEL": true, "LIBRARY": true,
	"DATABASE": true, "EXISTS": true, "FROM": true, "TO": true, "TARGET": true,
	"TABLE": true, "CREATE": true, "JOB": true,
}

func (p *clauseParser) parse() {
	p.computeDepth()
	st := &p.res.Statements[p.stmt]
	if !p.classify(st) {
		return
	}
	target := p.target(st)
	first := len(p.res.References)
	for i := 0; i < len(p.toks); i++ {
		clause, ok := p.clauseAt(i)
		if !ok {
			continue
		}
		j := i + 1
		if clause == ClauseCredentials && j < len(p.toks) && p.toks[j].is("AS") {
			j++
		}
		val, next := p.value(j)
		ref := Reference{Statement: p.stmt, Clause: clause, Keyword: p.toks[i].span, Value: val, Target: target}
		p.add(ref, j)
		i = next - 1
	}
	if st.NeedsAuthorization && !p.authorized(first) {
		p.res.References = append(p.res.References, Reference{
			Statement: p.stmt, Clause: ClauseNone, Keyword: st.Keyword,
			Value: Value{Form: FormMissing, Span: Span{st.Keyword.Start, st.Keyword.Start}}, Target: target,
		})
	}
}

func (p *clauseParser) computeDepth() {
	p.depth = make([]int, len(p.toks))
	d := 0
	for i, t := range p.toks {
		if t.kind == tokPunct && t.word == ")" && d > 0 {
			d--
		}
		p.depth[i] = d
		if t.kind == tokPunct && t.word == "(" {
			d++
		}
	}
}

// add records a reference, its secrets, and a syntax diagnostic when its value is unusable.
func (p *clauseParser) add(ref Reference, valueTok int) {
	idx := len(p.res.References)
	p.res.References = append(p.res.References, ref)
	p.collectSecrets(&p.res.References[idx])
	if msg, help := unusable(&ref); msg != "" {
		at := ref.Value.Span
		if ref.Value.Form == FormMissing {
			at = Span{ref.Keyword.End, ref.Keyword.End + 1}
			if valueTok < len(p.toks) {
				at = p.toks[valueTok].span
			}
		}
		p.res.Diagnostics = append(p.res.Diagnostics, Diagnostic{Kind: DiagSyntax, Span: at, Message: msg, Help: help, Reference: idx})
	}
}

// unusable explains why a clause has no value Redshift could use.
func unusable(ref *Reference) (msg, help string) {
	v := &ref.Value
	switch {
	case v.Form == FormMissing && ref.Clause.IsRole():
		return fmt.Sprintf("%s needs a value: default or a quoted role ARN", ref.Clause), ""
	case v.Form == FormMissing:
		return fmt.Sprintf("%s needs a quoted value", ref.Clause), ""
	case v.Form == FormDefault && !ref.Clause.IsRole():
		return fmt.Sprintf("%s takes a quoted value, not default", ref.Clause), ""
	case v.Form == FormInvalid:
		ph := v.Placeholders[0]
		return fmt.Sprintf("placeholder %s expands to a value %s cannot use", ph.Raw, ref.Clause),
			"its value must be default or a quoted string ('...')"
	}
	return "", ""
}

// clauseAt reports whether token i starts a credential clause: a clause word
// at the top level of the statement, not in a name position, not qualified
// and not called like a function.
func (p *clauseParser) clauseAt(i int) (Clause, bool) {
	t := p.toks[i]
	if p.depth[i] != 0 || t.kind != tokWord {
		return "", false
	}
	clause, ok := clauseWords[t.word]
	if !ok {
		return "", false
	}
	if i > 0 {
		prev := p.toks[i-1]
		if (prev.kind == tokPunct && prev.word == ".") || (prev.kind == tokWord && nameIntroducers[prev.word]) {
			return "", false
		}
	}
	if i+1 < len(p.toks) {
		if next := p.toks[i+1]; next.kind == tokPunct && (next.word == "." || next.word == "(") {
			return "", false
		}
	}
	return clause, true
}

func (p *clauseParser) authorized(first int) bool {
	for _, r := range p.res.References[first:] {
		if r.Clause.Authorizes() {
			return true
		}
	}
	return false
}

// value reads the clause value starting at token j; it returns the value and
// the index of the first token after it.
func (p *clauseParser) value(j int) (Value, int) {
	if j >= len(p.toks) {
		return Value{Form: FormMissing}, j
	}
	t := p.toks[j]
	switch {
	case t.is("DEFAULT"):
		return Value{Form: FormDefault, Span: t.span, Text: "default",
			srcStart: spanMap(t.span.Start, 7), srcEnd: spanMap(t.span.Start+1, 7), contentEnd: t.span.End}, j + 1
	case t.kind == tokString:
		return p.quotedValue(j)
	case t.kind == tokPlaceholder:
		return placeholderValue(p.src, *t.seg, p.vars), j + 1
	}
	return Value{Form: FormMissing, Span: Span{t.span.Start, t.span.Start}}, j
}

func spanMap(start, n int) []int {
	m := make([]int, n)
	for i := range m {
		m[i] = start + i
	}
	return m
}

// quotedValue decodes the string at token j and any literals joined to it
// across a line break (PostgreSQL, and so Redshift, concatenates 'a'\n'b').
func (p *clauseParser) quotedValue(j int) (Value, int) {
	var b valueBuilder
	b.v.Form = FormQuoted
	first := p.stringSegment(j)
	if first.kind == segTypographic {
		b.v.Form = FormTypographic
	}
	b.decodeString(p.src, first, p.vars)
	last := first
	j++
	for j < len(p.toks) && p.toks[j].kind == tokString && first.kind == segString && p.joinsAcrossLine(last.span.End, p.toks[j].span.Start) {
		seg := p.stringSegment(j)
		if seg.kind != segString {
			break
		}
		b.decodeString(p.src, seg, p.vars)
		last = seg
		j++
	}
	b.v.Span = Span{first.span.Start, last.span.End}
	return b.done(), j
}

// stringSegment finds the lexical segment of a string token (for E'...' the
// token starts at the prefix, the segment at the quote).
func (p *clauseParser) stringSegment(j int) segment {
	t := p.toks[j]
	if t.seg != nil {
		return *t.seg
	}
	for _, s := range p.segs {
		if s.span.End == t.span.End && s.kind.isStringLike() {
			return s
		}
	}
	return segment{kind: segString, span: t.span}
}

// joinsAcrossLine: only white space holding a newline separates two literals.
func (p *clauseParser) joinsAcrossLine(from, to int) bool {
	newline := false
	for _, c := range p.src[from:to] {
		if !isSpace(c) {
			return false
		}
		newline = newline || c == '\n'
	}
	return newline
}

// placeholderValue is the value of an unquoted placeholder: once substituted
// it must read as default or a quoted string, as it would to Redshift.
func placeholderValue(src []byte, seg segment, vars Vars) Value {
	raw := string(src[seg.span.Start:seg.span.End])
	var b valueBuilder
	b.v.Span = seg.span
	b.v.contentEnd = seg.span.End
	b.placeholder(raw, seg.span, vars)
	v := b.done()
	ph := &v.Placeholders[0]
	switch {
	case !ph.Resolved:
		v.Form = FormPlaceholder
	case strings.HasPrefix(raw, ":'"): // psql quotes the value as a literal
		v.Form = FormQuoted
	case strings.HasPrefix(raw, `:"`): // psql quotes it as an identifier
		v.Form = FormInvalid
	default:
		v.Form, v.Text = formOfExpansion(v.Text)
		v.srcStart, v.srcEnd = sameSpan(seg.span, len(v.Text))
		ph.Text = [2]int{0, len(v.Text)}
	}
	return v
}

// formOfExpansion reads the text a raw placeholder expands to.
func formOfExpansion(text string) (Form, string) {
	t := strings.TrimSpace(text)
	switch {
	case strings.EqualFold(t, "default"):
		return FormDefault, "default"
	case len(t) >= 2 && t[0] == '\'' && t[len(t)-1] == '\'':
		var sb strings.Builder
		body := t[1 : len(t)-1]
		for i := 0; i < len(body); i++ {
			switch {
			case body[i] == '\\' && i+1 < len(body):
				i++
				sb.WriteByte(unescape(body[i]))
			case body[i] == '\'' && i+1 < len(body) && body[i+1] == '\'':
				i++
				sb.WriteByte('\'')
			default:
				sb.WriteByte(body[i])
			}
		}
		return FormQuoted, sb.String()
	}
	return FormInvalid, text
}

func sameSpan(s Span, n int) ([]int, []int) {
	starts, ends := make([]int, n), make([]int, n)
	for i := range starts {
		starts[i], ends[i] = s.Start, s.End
	}
	return starts, ends
}
