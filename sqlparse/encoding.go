package sqlparse

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// checkEncoding rejects files that are not UTF-8 text: invalid bytes, NUL
// bytes (binary files), or UTF-16 (which editors on Windows still produce).
func checkEncoding(src []byte) *Diagnostic {
	if bytes.HasPrefix(src, []byte{0xFF, 0xFE}) || bytes.HasPrefix(src, []byte{0xFE, 0xFF}) {
		return &Diagnostic{Kind: DiagEncoding, Span: Span{0, 2}, Reference: -1,
			Message: "file is UTF-16 text, not UTF-8",
			Help:    "save the file as UTF-8"}
	}
	if i := bytes.IndexByte(src, 0); i >= 0 && (utf8.Valid(src[:i])) {
		return &Diagnostic{Kind: DiagEncoding, Span: Span{i, i + 1}, Reference: -1,
			Message: "file holds a NUL byte: it is binary, not SQL text"}
	}
	if utf8.Valid(src) {
		return nil
	}
	i := firstInvalid(src)
	return &Diagnostic{Kind: DiagEncoding, Span: Span{i, i + 1}, Reference: -1,
		Message: fmt.Sprintf("file is not valid UTF-8: byte 0x%02X cannot start or continue a character", src[i]),
		Help:    "convert the file to UTF-8 (for example with iconv -f LATIN1 -t UTF-8)"}
}

func firstInvalid(src []byte) int {
	for i := 0; i < len(src); {
		if src[i] == 0 {
			return i
		}
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(src)
}
