package sqlparse

import (
	"sort"
	"strings"
)

// Form says how a credential value is written.
type Form int

const (
	FormMissing     Form = iota // no usable value follows the clause keyword
	FormDefault                 // the unquoted keyword default
	FormQuoted                  // a string literal ('...', $$...$$, or adjacent literals joined across lines)
	FormTypographic             // ‘...’: Redshift will not accept it, but the text between is the intended value
	FormPlaceholder             // an unquoted placeholder with no value (IAM_ROLE ${role})
	FormInvalid                 // a placeholder whose value is not default or a quoted string
)

// Value is the value of a credential clause. Text is its content after
// unescaping and placeholder substitution; every byte of Text remembers the
// source bytes it came from, so findings about a part of the value point at
// the right characters of the file.
type Value struct {
	Form         Form
	Span         Span // the whole value as written, quotes included
	Text         string
	Placeholders []Placeholder

	srcMap     []srcRun // where each byte of Text came from, in runs
	contentEnd int      // file offset just past the content (before a closing quote)
}

// srcRun maps the bytes of Text from text up to the next run to the file:
// byte by byte from src.Start when each came from one source byte (copy),
// else all of them to src (a placeholder's value, an escape). Runs keep
// the map as small as the source: a map entry per byte of Text cost 16
// bytes per byte of every substituted value.
type srcRun struct {
	text int
	src  Span
	copy bool
}

// span is where the byte i of Text, which the run holds, came from.
func (r srcRun) span(i int) Span {
	if r.copy {
		at := r.src.Start + i - r.text
		return Span{at, at + 1}
	}
	return r.src
}

// copyRun maps n bytes of Text, from 0, to n source bytes from start.
func copyRun(start, n int) []srcRun { return []srcRun{{src: Span{start, start + n}, copy: true}} }

// sameRun maps every byte of Text to s.
func sameRun(s Span) []srcRun { return []srcRun{{src: s}} }

// SourceSpan maps the Text range [a, b) back to the file. A range touching a
// substituted placeholder widens to the whole placeholder.
func (v *Value) SourceSpan(a, b int) Span {
	if len(v.srcMap) == 0 || a >= len(v.Text) {
		end := v.contentEnd
		if end == 0 {
			end = v.Span.End
		}
		return Span{end, end}
	}
	a = max(a, 0)
	k := sort.Search(len(v.srcMap), func(k int) bool { return v.srcMap[k].text > a }) - 1
	first := v.srcMap[k].span(a)
	if b <= a {
		return Span{first.Start, first.Start}
	}
	b = min(b, len(v.Text))
	s := first
	for ; k < len(v.srcMap) && v.srcMap[k].text < b; k++ { // placeholders make the map non-monotonic
		r := v.srcMap[k]
		lo, hi := max(a, r.text), b-1
		if k+1 < len(v.srcMap) {
			hi = min(hi, v.srcMap[k+1].text-1)
		}
		s.Start = min(s.Start, r.span(lo).Start)
		s.End = max(s.End, r.span(hi).End)
	}
	return s
}

// Opaque lists the Text ranges of unresolved placeholders, which must be
// treated as atomic and unknown.
func (v *Value) Opaque() [][2]int {
	var out [][2]int
	for _, p := range v.Placeholders {
		if !p.Resolved {
			out = append(out, p.Text)
		}
	}
	return out
}

// Unresolved reports whether any placeholder in the value lacks a value.
func (v *Value) Unresolved() bool {
	for _, p := range v.Placeholders {
		if !p.Resolved {
			return true
		}
	}
	return false
}

// IsLiteral reports whether the value is written out in the SQL, with no
// placeholder at all (that is what makes a secret "hard-coded").
func (v *Value) IsLiteral() bool {
	return (v.Form == FormQuoted || v.Form == FormTypographic) && len(v.Placeholders) == 0
}

// valueBuilder accumulates Text and its source map.
type valueBuilder struct {
	v    Value
	text strings.Builder
}

// emit appends s, every byte of which came from src.
func (b *valueBuilder) emit(s string, src Span) {
	if s == "" {
		return
	}
	b.v.srcMap = append(b.v.srcMap, srcRun{text: b.text.Len(), src: src})
	b.text.WriteString(s)
}

// emitByte appends c, which came from src: a copied byte extends the run
// before it when it follows that run's source.
func (b *valueBuilder) emitByte(c byte, src Span) {
	if n := len(b.v.srcMap); src.Len() == 1 && n > 0 && b.v.srcMap[n-1].copy && b.v.srcMap[n-1].src.End == src.Start {
		b.v.srcMap[n-1].src.End++
	} else {
		b.v.srcMap = append(b.v.srcMap, srcRun{text: b.text.Len(), src: src, copy: src.Len() == 1})
	}
	b.text.WriteByte(c)
}

func (b *valueBuilder) placeholder(raw string, span Span, subst *substitution) {
	p := Placeholder{Raw: raw, Name: subst.placeholderName(raw), Span: span}
	start := b.text.Len()
	if p.Bound = subst.bound(raw, span); p.Bound != "" {
		b.emit(raw, span)
		p.Text = [2]int{start, b.text.Len()}
		b.v.Placeholders = append(b.v.Placeholders, p)
		return
	}
	val, ok, refused := subst.resolve(raw, span)
	p.Refused = refused
	if ok {
		p.Resolved = true
		f := subst.find(raw, span)
		p.Key, p.Default = f.key, f.isDefault
		b.emit(val, span)
	} else {
		b.emit(raw, span)
	}
	p.Text = [2]int{start, b.text.Len()}
	b.v.Placeholders = append(b.v.Placeholders, p)
}

// opaque appends a part of the value that is only known when a procedure
// runs (a parameter, a variable, an expression): a placeholder that no
// value resolves.
func (b *valueBuilder) opaque(raw string, span Span) {
	p := Placeholder{Raw: raw, Span: span, Runtime: true}
	start := b.text.Len()
	b.emit(raw, span)
	p.Text = [2]int{start, b.text.Len()}
	b.v.Placeholders = append(b.v.Placeholders, p)
}

func (b *valueBuilder) done() Value {
	b.v.Text = b.text.String()
	return b.v
}

// decodeString appends the content of a string-like segment: Redshift escapes
// (a doubled quote, a backslash) for ordinary strings, nothing for dollar-quoted and
// typographic ones; Flyway and Jinja placeholders inside are recognised.
func (b *valueBuilder) decodeString(src []byte, seg segment, subst *substitution) {
	lo, hi := contentBounds(src, seg)
	escapes := seg.kind == segString
	// A closer missing from here to the end of the string is missing for every
	// later opener too, and a '${' with no '}' before the end of its line makes
	// every later '${' on that line plain text; remembering both keeps decoding
	// linear.
	var exhausted [4]bool // indexed by closerIndex
	braceMissingTo := -1
	findEnd := func(j int, closer string) int {
		if exhausted[closerIndex(closer)] || (closer == "}" && j < braceMissingTo) {
			return -1
		}
		end, stop := placeholderEndInString(src, j, hi, closer)
		counting.add(workDecoded, stop-j)
		switch {
		case end >= 0:
		case stop >= hi:
			exhausted[closerIndex(closer)] = true
		default:
			braceMissingTo = stop
		}
		return end
	}
	counting.add(workDecoded, hi-lo) // the loop below moves forward; findEnd counts its searches
	b.text.Grow(hi - lo)
	custom := subst.delimScan()
	for j := lo; j < hi; {
		if custom.opens(src, j, hi) {
			if end := custom.end(src, j, hi); end > 0 {
				b.placeholder(string(src[j:end]), Span{j, end}, subst)
				j = end
				continue
			}
		}
		c := src[j]
		switch {
		case escapes && c == '\\' && j+1 < hi:
			b.emitByte(unescape(src[j+1]), Span{j, j + 2})
			j += 2
		case escapes && c == '\'' && j+1 < hi && src[j+1] == '\'':
			b.emitByte('\'', Span{j, j + 2})
			j += 2
		case c == '$' && j+1 < hi && src[j+1] == '{' && !custom.d.custom():
			if end := findEnd(j, "}"); end > 0 {
				b.placeholder(string(src[j:end]), Span{j, end}, subst)
				j = end
				continue
			}
			b.emitByte('$', Span{j, j + 1})
			j++
		case c == '{' && j+1 < hi && (src[j+1] == '{' || src[j+1] == '%' || src[j+1] == '#'):
			end := findEnd(j, templateClosers[src[j+1]])
			switch {
			case end < 0:
				b.emitByte('{', Span{j, j + 1})
				j++
			case src[j+1] == '#': // a Jinja comment renders as nothing
				j = end
			default:
				b.placeholder(string(src[j:end]), Span{j, end}, subst)
				j = end
			}
		default:
			b.emitByte(c, Span{j, j + 1})
			j++
		}
	}
	b.v.contentEnd = hi
}

func closerIndex(closer string) int {
	switch closer {
	case "}":
		return 0
	case "}}":
		return 1
	case "%}":
		return 2
	}
	return 3
}

// contentBounds returns the content of a string-like segment without its quotes.
func contentBounds(src []byte, seg segment) (int, int) {
	s := seg.span
	switch seg.kind {
	case segTypographic:
		return s.Start + 3, s.End - 3
	case segDollar:
		tagLen := 1
		for src[s.Start+tagLen] != '$' {
			tagLen++
		}
		tagLen++
		return s.Start + tagLen, s.End - tagLen
	}
	return s.Start + 1, s.End - 1
}

// placeholderEndInString finds closer after the opener at start, before
// limit; a ${ ends at the line's end. When there is none, stop is where the
// search ended: the newline, or limit.
func placeholderEndInString(src []byte, start, limit int, closer string) (end, stop int) {
	for j := start + 2; j+len(closer) <= limit; j++ {
		if src[j] == '\n' && closer == "}" {
			return -1, j
		}
		if string(src[j:j+len(closer)]) == closer {
			return j + len(closer), j
		}
	}
	return -1, limit
}

// unescape maps the character after a backslash the way Redshift's
// (PostgreSQL 8.0's) string literals do.
func unescape(c byte) byte {
	switch c {
	case 'n':
		return '\n'
	case 't':
		return '\t'
	case 'r':
		return '\r'
	case 'b':
		return '\b'
	case 'f':
		return '\f'
	}
	return c
}
