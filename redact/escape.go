package redact

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text makes a string safe to print inside one line of text output: its
// secrets masked, then its unsafe characters escaped.
func Text(s string) string { return Escape(Secrets(s)) }

// unsafe reports whether a character can steer a terminal, a CI log or the
// reader's eye: C0 controls but tab (newline and carriage return included:
// a value must never start a line), DEL, C1 controls, the line and
// paragraph separators, and the bidirectional controls of Trojan Source
// (embeddings, overrides and isolates U+202A–U+202E, U+2066–U+2069, and
// the marks U+200E, U+200F, U+061C).
func unsafe(r rune) bool {
	switch {
	case r < 0x20:
		return r != '\t'
	case r < 0x7f:
		return false
	case r <= 0x9f:
		return true
	}
	switch r {
	case 0x061c, 0x200e, 0x200f, 0x2028, 0x2029:
		return true
	}
	return r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}

// Next returns how the first character of s is shown, and its length in
// bytes: itself when safe; \n, \r, \xNN for other C0 controls and DEL,
// \uNNNN for the others; an invalid UTF-8 byte as \xNN. Printers that
// keep a column map (a caret under an excerpt) walk a line with it.
func Next(s string) (shown string, size int) {
	r, size := utf8.DecodeRuneInString(s)
	switch {
	case size == 0:
		return "", 0
	case r == utf8.RuneError && size == 1:
		return `\x` + hex2(s[0]), 1
	case !unsafe(r):
		return s[:size], size
	case r == '\n':
		return `\n`, 1
	case r == '\r':
		return `\r`, 1
	case r < 0x80:
		return `\x` + hex2(byte(r)), size
	}
	return `\u` + hex2(byte(r>>8)) + hex2(byte(r)), size
}

const hexDigits = "0123456789abcdef"

func hex2(b byte) string { return string([]byte{hexDigits[b>>4], hexDigits[b&15]}) }

// Escape returns s with every unsafe character and invalid byte shown as
// Next shows it. A backslash is not doubled: SQL excerpts are full of
// them, and the escapes are for the reader, not to be decoded.
func Escape(s string) string {
	i := firstUnsafe(s)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		shown, size := Next(s[i:])
		b.WriteString(shown)
		i += size
	}
	return b.String()
}

// firstUnsafe is the offset of the first character Escape changes, -1
// when there is none.
func firstUnsafe(s string) int {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unsafe(r) || r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// Strip removes what Escape would escape, except carriage returns and
// newlines, and turns invalid bytes into U+FFFD: the form GitHub workflow
// commands want, whose own escaping (%0D, %0A) keeps line breaks inside
// the command.
func Strip(s string) string {
	if firstUnsafe(s) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s { // ranging decodes an invalid byte as U+FFFD
		if !unsafe(r) || r == '\r' || r == '\n' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// GuardLines is the last check on a whole text output (or one stderr
// line), where every value is already escaped: it defuses what the GitHub
// Actions runner would take for a workflow command. The runner reads a
// line as a command when, after leading white space, it starts with "::"
// (ActionCommand.TryParseV2: "the message needs to start with the keyword
// after trim leading space"), and also, in the older syntax, when "##[" is
// anywhere in it (ActionCommand.TryParse, IndexOf(Prefix));
// https://github.com/actions/runner/blob/main/src/Runner.Common/ActionCommand.cs.
// So a line whose first visible characters (past blanks and the colour
// sequences the tool writes) are "::" gets its first colon as \x3a, and
// every "##[" becomes #\x23[. Text output never means either; the github
// format, which does, does not pass through here.
func GuardLines(text string) string {
	if !strings.Contains(text, "::") && !strings.Contains(text, "##[") {
		return text
	}
	lines := strings.SplitAfter(text, "\n")
	for i, line := range lines {
		if at := visibleStart(line); strings.HasPrefix(line[at:], "::") {
			line = line[:at] + `\x3a` + line[at+1:]
		}
		lines[i] = strings.ReplaceAll(line, "##[", `#\x23[`)
	}
	return strings.Join(lines, "")
}

// visibleStart skips white space (the runner's TrimStart trims every
// Unicode space, U+00A0 and U+3000 too) and ANSI SGR sequences (ESC [ ...
// m) at the start of a line.
func visibleStart(line string) int {
	i := 0
	for i < len(line) {
		r, size := utf8.DecodeRuneInString(line[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
		case strings.HasPrefix(line[i:], "\x1b["):
			j := i + 2
			for j < len(line) && (line[j] >= '0' && line[j] <= '9' || line[j] == ';') {
				j++
			}
			if j == len(line) || line[j] != 'm' {
				return i
			}
			i = j + 1
		default:
			return i
		}
	}
	return i
}

// Line shows one line of source text for an excerpt: the known secret
// ranges (what the parser recognised) and every secret-shaped value
// masked, unsafe characters escaped, a tab as one space. cols[i] is the
// rune offset in shown where the line's i-th character starts, counting
// characters as utf8.RuneCount does (an invalid byte is one), and
// cols[n] is shown's length in runes: a caret computed on the source
// lands under the same character after masking and escaping. Every
// character of a masked value maps to the start of its mask.
func Line(s string, known []Range) (shown string, cols []int) {
	return line(s, known, Mask)
}

// Blank is Line with every character of a secret shown as one star, edges
// included: the text a fingerprint may hash, which no character of a
// secret enters, and which stays the same when a key is swapped for
// another of the same length.
func Blank(s string, known []Range) string {
	shown, _ := line(s, known, func(v string) string { return strings.Repeat("*", utf8.RuneCountInString(v)) })
	return shown
}

func line(s string, known []Range, mask func(string) string) (shown string, cols []int) {
	rs := merge(append(clip(known, len(s)), Find(s)...))
	var b strings.Builder
	b.Grow(len(s))
	cols = make([]int, 0, len(s)+1)
	n := 0 // runes written
	for i := 0; i < len(s); {
		if len(rs) > 0 && rs[0].Start <= i {
			end := max(rs[0].End, i)
			rs = rs[1:]
			m := Escape(mask(s[i:end]))
			for k := utf8.RuneCountInString(s[i:end]); k > 0; k-- {
				cols = append(cols, n)
			}
			b.WriteString(m)
			n += utf8.RuneCountInString(m)
			i = end
			continue
		}
		shown, size := Next(s[i:])
		if shown == "\t" {
			shown = " "
		}
		cols = append(cols, n)
		b.WriteString(shown)
		n += utf8.RuneCountInString(shown)
		i += size
	}
	return b.String(), append(cols, n)
}

// clip keeps the parts of ranges that lie in [0, n).
func clip(rs []Range, n int) []Range {
	out := make([]Range, 0, len(rs))
	for _, r := range rs {
		r.Start, r.End = max(r.Start, 0), min(r.End, n)
		if r.End > r.Start {
			out = append(out, r)
		}
	}
	return out
}
