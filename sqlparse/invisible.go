package sqlparse

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// Invisible characters: Unicode white space other than ASCII's (U+00A0
// no-break space, U+3000 ideographic space, ...), the zero-width characters
// (U+200B, U+200C, U+200D, U+2060, and U+FEFF, the byte order mark) and the
// bidirectional controls. They show as a space or as nothing, so a reader
// takes them for white space; Redshift does not. Its names and
// identifiers page ("Names and identifiers - Amazon Redshift",
// https://docs.aws.amazon.com/redshift/latest/dg/r_names.html) says
// "Subsequent characters can be ASCII single-byte alphanumeric characters,
// underscores, or dollar signs, or UTF-8 multibyte characters two to four
// bytes long." and "Identifiers must consist of only UTF-8 printable
// characters.": either such a character is a letter of the name it touches
// or the name is invalid, never white space. PostgreSQL's scanner, which
// pg_query embeds, has the same rule (only ASCII white space separates).
//
// In code, outside strings, identifiers and comments, the lexer treats them
// as white space so that the statement they touch is still read (a zero
// width space before COPY must not hide its hard-coded key), and Parse
// reports the first of each statement as the syntax error Redshift sees.

// bidiControl reports the characters with the Unicode property Bidi_Control
// (PropList.txt: "061C ; Bidi_Control # Cf ARABIC LETTER MARK",
// "200E..200F ; Bidi_Control # Cf [2] LEFT-TO-RIGHT MARK..RIGHT-TO-LEFT
// MARK", "202A..202E ; Bidi_Control # Cf [5] LEFT-TO-RIGHT
// EMBEDDING..RIGHT-TO-LEFT OVERRIDE", "2066..2069 ; Bidi_Control # Cf [4]
// LEFT-TO-RIGHT ISOLATE..POP DIRECTIONAL ISOLATE"). The nine embeddings,
// overrides and isolates are those of the Trojan Source attack (rustc's
// text_direction_codepoint_in_literal lint: "The unicode characters
// \u{202A}, \u{202B}, \u{202D}, \u{202E}, \u{2066}, \u{2067}, \u{2068},
// \u{202C} and \u{2069} make the flow of text on screen change its
// direction on software that supports these codepoints."); the three marks
// (U+200E, U+200F, U+061C) are invisible too and reorder neutral
// characters around them, so they are reported alike.
func bidiControl(r rune) bool { return unicode.Is(unicode.Bidi_Control, r) }

// zeroWidth reports the characters that have no width and no bidi effect.
func zeroWidth(r rune) bool {
	return r == 0x200B || r == 0x200C || r == 0x200D || r == 0x2060 || r == 0xFEFF
}

// invisible reports whether r is a character a reader takes for white space
// or for nothing, and Redshift for part of a name.
func invisible(r rune) bool {
	return r >= 0x80 && unicode.Is(unicode.White_Space, r) || zeroWidth(r) || bidiControl(r)
}

// invisibleAt returns the invisible character at src[i] and its size in
// bytes, or size 0 when there is none.
func invisibleAt(src []byte, i int) (rune, int) {
	if src[i] < 0x80 {
		return 0, 0
	}
	r, size := utf8.DecodeRune(src[i:])
	if r == utf8.RuneError || !invisible(r) {
		return 0, 0
	}
	return r, size
}

var invisibleNames = map[rune]string{
	0x0085: "next line", 0x00A0: "no-break space", 0x1680: "ogham space mark",
	0x2028: "line separator", 0x2029: "paragraph separator", 0x202F: "narrow no-break space",
	0x205F: "medium mathematical space", 0x3000: "ideographic space",
	0x200B: "zero width space", 0x200C: "zero width non-joiner", 0x200D: "zero width joiner",
	0x2060: "word joiner", 0xFEFF: "byte order mark",
	0x061C: "arabic letter mark", 0x200E: "left-to-right mark", 0x200F: "right-to-left mark",
	0x202A: "left-to-right embedding", 0x202B: "right-to-left embedding", 0x202C: "pop directional formatting",
	0x202D: "left-to-right override", 0x202E: "right-to-left override",
	0x2066: "left-to-right isolate", 0x2067: "right-to-left isolate", 0x2068: "first strong isolate",
	0x2069: "pop directional isolate",
}

// DescribeInvisible names an invisible character for a message, escaped
// so that the message itself neither hides nor reorders anything:
// `\u200b (zero width space)`.
func DescribeInvisible(r rune) string {
	name, ok := invisibleNames[r]
	if !ok && r >= 0x2000 && r <= 0x200A {
		name, ok = "a Unicode space", true
	}
	if !ok {
		return fmt.Sprintf(`\u%04x`, r)
	}
	return fmt.Sprintf(`\u%04x (%s)`, r, name)
}

// BidiControl is one bidirectional control character outside comments.
type BidiControl struct {
	Span Span
	Rune rune
}

// bidiControls lists the bidirectional controls of src that are not inside
// a comment (a comment in a right-to-left language may need them, and
// Redshift never reads it); segs are the lexer's segments, in order.
func bidiControls(src []byte, segs []segment) []BidiControl {
	var out []BidiControl
	si := 0
	for i := 0; i < len(src); {
		c := src[i]
		if c != 0xD8 && c != 0xE2 { // the lead bytes of U+061C and U+200E..U+2069
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		if bidiControl(r) {
			for si < len(segs) && segs[si].span.End <= i {
				si++
			}
			inComment := si < len(segs) && segs[si].span.Contains(i) && segs[si].kind.isComment()
			if !inComment {
				out = append(out, BidiControl{Span: Span{i, i + size}, Rune: r})
			}
		}
		i += size
	}
	counting.add(workLexed, len(src))
	counting.add(workSegments, si)
	return out
}

// invisibleRuns walks the invisible segments of a file in order, one
// statement at a time.
type invisibleRuns struct {
	src  []byte
	segs []segment
	next int // index of the first segment not yet looked at
}

// report adds one syntax diagnostic for the invisible characters before
// end that no earlier call covered, at the first of them, and returns the
// span of that character (empty when there is none). Every statement gets
// its own: Redshift reads the characters before a statement's first word
// as part of that statement.
func (v *invisibleRuns) report(res *Result, end int) Span {
	var first Span
	n, from := 0, v.next
	for ; v.next < len(v.segs) && v.segs[v.next].span.Start < end; v.next++ {
		s := v.segs[v.next]
		if s.kind != segInvisible {
			continue
		}
		for i := s.span.Start; i < s.span.End; {
			_, size := invisibleAt(v.src, i)
			if n == 0 {
				first = Span{i, i + size}
			}
			n++
			i += size
		}
	}
	counting.add(workSegments, v.next-from)
	if n == 0 {
		return Span{}
	}
	r, _ := utf8.DecodeRune(v.src[first.Start:])
	msg := fmt.Sprintf("invisible character %s in SQL: Redshift reads it as part of a name, not as white space", DescribeInvisible(r))
	if n > 1 {
		msg += fmt.Sprintf(" (and %d more up to the end of this statement)", n-1)
	}
	res.Diagnostics = append(res.Diagnostics, Diagnostic{Kind: DiagSyntax, Span: first, Reference: -1, Message: msg,
		Help: "delete it, or replace it with a plain space; an editor that shows invisible characters finds it"})
	return first
}
