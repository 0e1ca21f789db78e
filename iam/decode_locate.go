package iam

import (
	"bytes"
	"net/url"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// LocateStatement finds statement index of a document in any encoding
// DecodePolicy accepts, so that a caller can point at it: its JSON path as
// DecodeError paths name it ("Statement[2]", or "Statement" when the
// element holds one statement object), and, for a document given as a JSON
// object, its byte offset in data. A statement inside a JSON string is not
// where it stands in data (the string escapes it), so its offset is -1.
// ok is false when the document has no such statement or does not parse.
func LocateStatement(data []byte, index int) (path string, offset int, ok bool) {
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	lead := len(data) - len(trimmed)
	if len(trimmed) > 0 && trimmed[0] == '"' {
		var s string
		if json.Unmarshal(bytes.TrimSpace(trimmed), &s) != nil {
			return "", -1, false
		}
		if s = strings.TrimSpace(s); strings.HasPrefix(s, "%") {
			var err error
			if s, err = url.PathUnescape(s); err != nil {
				return "", -1, false
			}
		}
		path, _, ok := locateStatement([]byte(strings.TrimSpace(s)), index)
		return path, -1, ok
	}
	path, offset, ok = locateStatement(trimmed, index)
	return path, lead + offset, ok
}

// locateStatement walks a JSON object to its Statement element (named
// case-insensitively, as the decoder reads it) and statement index there.
func locateStatement(text []byte, index int) (string, int, bool) {
	dec := jsontext.NewDecoder(bytes.NewBuffer(text), jsontext.AllowDuplicateNames(true))
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '{' {
		return "", 0, false
	}
	for dec.PeekKind() == '"' {
		name, _ := dec.ReadToken()
		if !strings.EqualFold(name.String(), "Statement") {
			if dec.SkipValue() != nil {
				return "", 0, false
			}
			continue
		}
		switch dec.PeekKind() {
		case '{':
			start, ok := valueStart(dec)
			return "Statement", start, ok && index == 0
		case '[':
			dec.ReadToken()
			for i := 0; i < index; i++ {
				if dec.PeekKind() == ']' || dec.SkipValue() != nil {
					return "", 0, false
				}
			}
			if dec.PeekKind() == ']' {
				return "", 0, false
			}
			start, ok := valueStart(dec)
			return indexPath("Statement", index), start, ok
		}
		return "", 0, false
	}
	return "", 0, false
}

// valueStart reads the next value and returns where it started.
func valueStart(dec *jsontext.Decoder) (int, bool) {
	v, err := dec.ReadValue()
	return int(dec.InputOffset()) - len(v), err == nil
}
