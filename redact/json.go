package redact

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"
)

// JSON rewrites every string of a JSON document (as encoding/json writes
// it) through AppendJSON: secrets masked, unsafe characters escaped. Done
// on the encoded document, it covers every field of every printer, present
// and future, and leaves the structure and the order of members alone.
func JSON(doc []byte) ([]byte, error) {
	out := make([]byte, 0, len(doc)+len(doc)/16)
	for i := 0; i < len(doc); {
		if doc[i] != '"' {
			out = append(out, doc[i])
			i++
			continue
		}
		end := stringEnd(doc, i)
		s, err := unquote(doc[i:end])
		if err != nil {
			return nil, err
		}
		out = AppendJSON(out, s)
		i = end
	}
	return out, nil
}

// stringEnd is the offset just past the string literal starting at i.
func stringEnd(doc []byte, i int) int {
	for j := i + 1; j < len(doc); j++ {
		switch doc[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return len(doc)
}

// unquote decodes a JSON string literal; encoding/json's output is almost
// always Go syntax too, so strconv does the common case quickly.
func unquote(lit []byte) (string, error) {
	if s, err := strconv.Unquote(string(lit)); err == nil {
		return s, nil
	}
	var s string
	err := json.Unmarshal(lit, &s)
	return s, err
}

// AppendJSON appends s as a JSON string literal, its secrets masked. It
// escapes what encoding/json escapes, the same way (\" \\ \b \f \n \r \t,
// \u00XX, U+2028 and U+2029), so ordinary strings come out byte for byte
// as before; and also DEL, C1 and the bidirectional controls, which a
// decoder still reads back unchanged but which no longer stand raw in the
// document, and the "##[" of the runner's old command syntax (as
// #\u0023[, see GuardLines). An invalid byte becomes \ufffd.
func AppendJSON(dst []byte, s string) []byte {
	s = Secrets(s)
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '"' || r == '\\':
			dst = append(dst, '\\', byte(r))
		case r < 0x20:
			dst = appendShortEscape(dst, byte(r))
		case r == utf8.RuneError && size == 1:
			dst = append(dst, `\ufffd`...)
		case unsafe(r):
			dst = append(dst, `\u`...)
			dst = append(dst, hex2(byte(r>>8))+hex2(byte(r))...)
		case r == '#' && strings.HasPrefix(s[i:], "##["):
			dst = append(dst, `#\u0023`...)
			size = 2
		default:
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return append(dst, '"')
}

func appendShortEscape(dst []byte, c byte) []byte {
	switch c {
	case '\b':
		return append(dst, `\b`...)
	case '\f':
		return append(dst, `\f`...)
	case '\n':
		return append(dst, `\n`...)
	case '\r':
		return append(dst, `\r`...)
	case '\t':
		return append(dst, `\t`...)
	}
	return append(dst, `\u00`+hex2(c)...)
}
