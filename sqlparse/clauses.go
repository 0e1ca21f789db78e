package sqlparse

import (
	"fmt"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/redshift"
)

// clauseParser extracts the credential clauses of one tokenized statement.
type clauseParser struct {
	src   []byte
	toks  []token
	segs  []segment
	subst *substitution // the file's placeholder values and what is left of its budget
	res   *Result
	stmt  int
	// loose are the secrets findSecrets found in the file, sorted: messages
	// that quote the SQL mask them.
	loose []Span
	// inBody: the statement is in a procedure or function body, where a
	// name or an expression may stand for a value (routine.go).
	inBody bool

	depth []int // parenthesis depth of every token
}

// nameIntroducers are words after which an identifier may follow: "COPY
// iam_role FROM ..." loads a table called iam_role. A clause word there is
// still a clause when a value follows it ("... DATA CATALOG SCHEMA IAM_ROLE
// default", "... IF NOT EXISTS IAM_ROLE 'arn'").
var nameIntroducers = map[string]bool{
	"COPY": true, "SCHEMA": true, "FUNCTION": true, "MODEL": true, "LIBRARY": true,
	"DATABASE": true, "EXISTS": true, "FROM": true, "TO": true, "TARGET": true,
	"TABLE": true, "CREATE": true, "JOB": true,
}

func (p *clauseParser) parse() {
	counting.add(workTokens, len(p.toks))
	p.computeDepth()
	st := &p.res.Statements[p.stmt]
	if !p.classify(st) {
		return
	}
	target := p.target(st)
	st.NeedsAuthorization = st.Kind.NeedsAuthorization(st.Source, targetKind(target))
	st.Options = p.options(st)
	type found struct {
		ref      Reference
		valueTok int
	}
	var refs []found
	authorized := false
	for i := 0; i < len(p.toks); i++ {
		clause, ok := p.clauseAt(i)
		if !ok {
			continue
		}
		j := i + 1
		if clause == redshift.Credentials && j < len(p.toks) && p.toks[j].is("AS") {
			j++
		}
		kw := p.toks[i].span
		val, next := p.value(j)
		i = next - 1
		if val.Form == FormMissing {
			// No value to point at: the reference is where its keyword is.
			val.Span = Span{kw.Start, kw.Start}
		}
		if !st.Kind.TakesClauses(st.Source) {
			p.noClauseHere(st, clause, kw)
			continue
		}
		refs = append(refs, found{Reference{Statement: p.stmt, Clause: clause, Keyword: kw, Value: val, Target: target}, j})
		authorized = authorized || clause.Authorizes()
	}
	if st.NeedsAuthorization && !authorized && st.Cut.Len() == 0 {
		// The statement's first keyword precedes all its clauses: keep file
		// order. A statement cut off by an unterminated literal may have had
		// its authorization in the part that was swallowed.
		p.res.References = append(p.res.References, Reference{
			Statement: p.stmt, Clause: redshift.ClauseNone, Keyword: st.Keyword,
			Value: Value{Form: FormMissing, Span: Span{st.Keyword.Start, st.Keyword.Start}}, Target: target,
		})
	}
	for _, f := range refs {
		p.add(f.ref, f.valueTok)
	}
}

func (p *clauseParser) computeDepth() {
	counting.add(workTokens, len(p.toks))
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
	if ref.Value.Form == FormMissing {
		p.res.References[idx].StrayKey = p.maskUnquotedKey(ref.Clause, valueTok)
	}
	if msg, help := p.unusable(&ref, valueTok); msg != "" {
		at := ref.Value.Span
		if ref.Value.Form == FormMissing {
			at = ref.Keyword // what follows the keyword is not its value
		}
		p.res.Diagnostics = append(p.res.Diagnostics, Diagnostic{Kind: DiagSyntax, Span: at, Message: msg, Help: help, Reference: idx})
	}
}

// unusable explains why a clause has no value Redshift could use; valueTok
// is the token where the value should have been.
func (p *clauseParser) unusable(ref *Reference, valueTok int) (msg, help string) {
	v := &ref.Value
	switch {
	case v.Form == FormMissing:
		return p.missingValue(ref.Clause, valueTok)
	case v.Form == FormDefault && !ref.Clause.IsRole():
		return fmt.Sprintf("%s takes a quoted value, not default", ref.Clause), ""
	case v.Form == FormInvalid:
		ph := v.Placeholders[0]
		return fmt.Sprintf("placeholder %s expands to a value %s cannot use", ph.Raw, ref.Clause),
			"its value must be default or a quoted string ('...')"
	}
	return "", ""
}

// missingValue says what stands where a clause's value should be. Key
// clauses never echo it: an unquoted key is still a key.
func (p *clauseParser) missingValue(clause redshift.Clause, valueTok int) (msg, help string) {
	want := "a quoted value"
	if clause.IsRole() {
		want = "a value: default or a quoted role ARN"
	}
	st := &p.res.Statements[p.stmt]
	switch {
	case valueTok >= len(p.toks) && st.Cut.Len() > 0:
		return "", "" // its value is the literal that never ends: Statement.Cut says it, once
	case valueTok >= len(p.toks):
		return fmt.Sprintf("%s needs %s, and the statement ends after it", clause, want), ""
	}
	t := p.toks[valueTok]
	switch {
	case clause.IsKey() && unquotedValue(t) && p.src[t.span.Start] == '"':
		return fmt.Sprintf("%s needs %s; double quotes make a name, not a string", clause, want), "write the value in single quotes, or better use IAM_ROLE"
	case clause.IsKey() && unquotedValue(t):
		return fmt.Sprintf("%s needs %s; its value is not quoted", clause, want), "write the value in single quotes, or better use IAM_ROLE"
	case t.is("SESSION") && clause.IsRole():
		return fmt.Sprintf("%s needs %s, not SESSION without quotes", clause, want), "write 'SESSION' in quotes"
	case t.kind == tokPunct && t.word == ";":
		return fmt.Sprintf("%s needs %s, and the statement ends after it", clause, want), ""
	}
	return fmt.Sprintf("%s needs %s, not %s", clause, want, Clip(shownSource(p.src, t.span, p.loose), 40)), ""
}

// unquotedValue: the token could be a value written without quotes (an
// identifier or a number), not a keyword of the statement.
func unquotedValue(t token) bool {
	return t.kind == tokWord && !t.keyword || t.kind == tokOther
}

// Clip shortens s to its first n characters and an ellipsis, for messages
// that quote the SQL.
func Clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// noClauseHere reports a credential clause in a statement variant whose
// grammar has none (CREATE DATABASE ... FROM INTEGRATION): not a reference,
// as Redshift assumes no role for it, but not silently dropped either.
func (p *clauseParser) noClauseHere(st *Statement, clause redshift.Clause, kw Span) {
	p.res.Diagnostics = append(p.res.Diagnostics, Diagnostic{
		Kind: DiagSyntax, Span: kw, Reference: -1,
		Message: fmt.Sprintf("%s ... FROM %s takes no %s", st.Kind.Words(), st.Source, clause),
		Help:    fmt.Sprintf("only %s ... FROM ARN and the IAM_ROLE form take a role", st.Kind.Words()),
	})
}

// clauseAt reports whether token i starts a credential clause: a clause word
// at the top level of the statement, not in a name position, not qualified
// and not called like a function.
func (p *clauseParser) clauseAt(i int) (redshift.Clause, bool) {
	t := p.toks[i]
	if p.depth[i] != 0 || t.kind != tokWord {
		return 0, false
	}
	clause, ok := redshift.ClauseOfWord(t.word)
	if !ok {
		return 0, false
	}
	if i > 0 {
		prev := p.toks[i-1]
		if prev.kind == tokPunct && prev.word == "." {
			return 0, false
		}
		if prev.kind == tokWord && nameIntroducers[prev.word] && !p.valueFollows(i, clause) {
			return 0, false
		}
	}
	if i+1 < len(p.toks) {
		if next := p.toks[i+1]; next.kind == tokPunct && (next.word == "." || next.word == "(") {
			return 0, false
		}
	}
	return clause, true
}

// valueFollows reports whether a clause value (default, a literal or a
// placeholder; for CREDENTIALS also AS) follows the clause word at i.
func (p *clauseParser) valueFollows(i int, clause redshift.Clause) bool {
	if i+1 >= len(p.toks) {
		return false
	}
	next := p.toks[i+1]
	return next.is("DEFAULT") || next.kind == tokString || next.kind == tokPlaceholder ||
		(clause == redshift.Credentials && next.is("AS"))
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
			srcMap: copyRun(t.span.Start, 7), contentEnd: t.span.End}, j + 1
	case t.kind == tokString:
		return p.concatenated(p.quotedValue(j))
	case t.kind == tokPlaceholder:
		return p.concatenated(placeholderValue(p.src, *t.seg, p.subst), j+1)
	case p.inBody && unquotedValue(t):
		// A procedure's parameter or variable (IAM_ROLE role_arn, $1).
		v := runtimeValue(p.src, t.span)
		return p.concatenated(v, j+1)
	}
	return Value{Form: FormMissing, Span: Span{t.span.Start, t.span.Start}}, j
}

// concatenated extends a value in a routine body by what || joins to it
// ('arn:aws:iam::' || acct || ':role/x'): literals are read, every other
// operand (a name, a call with its arguments) is opaque, known only when
// the procedure runs. Outside bodies v is returned as it is.
func (p *clauseParser) concatenated(v Value, j int) (Value, int) {
	if !p.inBody || j+1 >= len(p.toks) || !p.toks[j].isPunct("||") {
		return v, j
	}
	b := valueBuilder{v: v}
	b.text.WriteString(v.Text)
	for j+1 < len(p.toks) && p.toks[j].isPunct("||") {
		k, end := j+1, p.operandEnd(j+1)
		if t := p.toks[k]; t.kind == tokString && end == k {
			b.decodeString(p.src, p.stringSegment(k), p.subst)
		} else {
			span := Span{t.span.Start, p.toks[end].span.End}
			b.opaque(string(p.src[span.Start:span.End]), span)
		}
		b.v.Span.End, b.v.contentEnd = p.toks[end].span.End, p.toks[end].span.End
		j = end + 1
	}
	return b.done(), j
}

// operandEnd is the last token of the operand at k: the token, or a call's
// closing parenthesis.
func (p *clauseParser) operandEnd(k int) int {
	if k+1 >= len(p.toks) || !p.toks[k+1].isPunct("(") {
		return k
	}
	d := p.depth[k+1]
	m := k + 2
	for m < len(p.toks) && !(p.depth[m] == d && p.toks[m].isPunct(")")) {
		m++
	}
	counting.add(workTokens, m-k)
	return min(m, len(p.toks)-1)
}

// runtimeValue is a name standing for a value in a routine body: opaque,
// like a placeholder without a value.
func runtimeValue(src []byte, span Span) Value {
	var b valueBuilder
	b.v.Span, b.v.contentEnd = span, span.End
	b.opaque(string(src[span.Start:span.End]), span)
	v := b.done()
	v.Form = FormPlaceholder
	return v
}

// quotedValue decodes the string at token j and any literals joined to it
// across a line break (PostgreSQL, and so Redshift, concatenates 'a'\n'b').
func (p *clauseParser) quotedValue(j int) (Value, int) {
	var b valueBuilder
	b.v.Form = FormQuoted
	start := j
	first := p.stringSegment(j)
	if first.kind == segTypographic {
		b.v.Form = FormTypographic
	}
	b.decodeString(p.src, first, p.subst)
	last := first
	j++
	for j < len(p.toks) && p.toks[j].kind == tokString && first.kind == segString && p.joinsAcrossLine(last.span.End, p.toks[j].span.Start) {
		seg := p.stringSegment(j)
		if seg.kind != segString {
			break
		}
		b.decodeString(p.src, seg, p.subst)
		last = seg
		j++
	}
	b.v.Span = Span{min(first.span.Start, p.toks[start].span.Start), last.span.End} // from an E or U& prefix
	return b.done(), j
}

// stringSegment finds the lexical segment of a string token (for E'...' the
// token starts at the prefix, the segment at the quote).
func (p *clauseParser) stringSegment(j int) segment {
	t := p.toks[j]
	if t.seg != nil {
		return *t.seg
	}
	counting.add(workSegments, len(p.segs))
	for _, s := range p.segs {
		if s.span.End == t.span.End && s.kind.isStringLike() {
			return s
		}
	}
	return segment{kind: segString, span: t.span}
}

// joinsAcrossLine: only white space holding a line break separates two
// literals (PostgreSQL counts \r as a line break too).
func (p *clauseParser) joinsAcrossLine(from, to int) bool {
	counting.add(workDecoded, to-from)
	newline := false
	for _, c := range p.src[from:to] {
		if !isSpace(c) {
			return false
		}
		newline = newline || c == '\n' || c == '\r'
	}
	return newline
}

// placeholderValue is the value of an unquoted placeholder: once substituted
// it must read as default or a quoted string, as it would to Redshift.
func placeholderValue(src []byte, seg segment, subst *substitution) Value {
	raw := string(src[seg.span.Start:seg.span.End])
	var b valueBuilder
	b.v.Span = seg.span
	b.v.contentEnd = seg.span.End
	b.placeholder(raw, seg.span, subst)
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
		v.srcMap = sameRun(seg.span)
		ph.Text = [2]int{0, len(v.Text)}
	}
	return v
}

// formOfExpansion reads the text a raw placeholder expands to: default, or
// exactly one string literal (with Redshift's doubled-quote and backslash
// escapes); anything else is a value the clause cannot take.
func formOfExpansion(text string) (Form, string) {
	t := strings.TrimSpace(text)
	if strings.EqualFold(t, "default") {
		return FormDefault, "default"
	}
	if len(t) < 2 || t[0] != '\'' {
		return FormInvalid, text
	}
	var sb strings.Builder
	for i := 1; i < len(t); i++ {
		switch c := t[i]; {
		case c == '\\' && i+1 < len(t):
			i++
			sb.WriteByte(unescape(t[i]))
		case c == '\'' && i+1 < len(t) && t[i+1] == '\'':
			i++
			sb.WriteByte('\'')
		case c == '\'':
			if i != len(t)-1 { // the literal ends before the text does
				return FormInvalid, text
			}
			return FormQuoted, sb.String()
		default:
			sb.WriteByte(c)
		}
	}
	return FormInvalid, text // unterminated
}

// targetKind is the kind of a target, or 0 when the statement names none.
func targetKind(t *redshift.Target) redshift.TargetKind {
	if t == nil {
		return 0
	}
	return t.Kind
}
