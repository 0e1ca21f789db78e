package iam

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/go-json-experiment/json/jsontext"
)

// A document is read into a small tree before it is decoded, because every
// element may take several shapes (string or list, object or list). The
// tree keeps what the decoder must judge and encoding/json's generic
// values would lose: objects keep their members in document order, so that
// a duplicate is reported where it stands, and numbers keep their text
// ("1.50" stays "1.50").

// jsonObject is an object's members in document order.
type jsonObject []jsonMember

type jsonMember struct {
	name  string
	value any
}

// jsonNumber is a number as written.
type jsonNumber string

// parseJSON reads exactly one JSON value. Two members of one name are
// left for elementFields and checkFoldedNames to reject, with their path,
// together with names that differ only in case: every object a document
// may hold passes through one of them.
func parseJSON(text []byte) (any, error) {
	d := decoders.Get().(*textDecoder)
	defer d.release()
	d.buf = *bytes.NewBuffer(text)
	d.dec.Reset(&d.buf, jsontext.AllowDuplicateNames(true))
	tree, err := readTree(&d.dec)
	var syn *syntaxError
	if errors.As(err, &syn) {
		return nil, decodeErrorf("", syn.msg)
	}
	if err != nil {
		return nil, err
	}
	if _, err := d.dec.ReadToken(); err != io.EOF {
		return nil, decodeErrorf("", "unexpected data after the JSON document")
	}
	return tree, nil
}

// textDecoder is a jsontext.Decoder over a byte slice. Decoders are
// reused: a new one costs more allocations than a small document.
type textDecoder struct {
	buf bytes.Buffer
	dec jsontext.Decoder
}

var decoders = sync.Pool{New: func() any { return new(textDecoder) }}

// release returns the decoder to the pool without the text it read.
func (d *textDecoder) release() {
	d.buf = bytes.Buffer{}
	d.dec.Reset(&d.buf)
	decoders.Put(d)
}

// readTree reads one value. Errors have a path relative to it, which the
// enclosing objects and arrays complete while the error unwinds, so that
// building paths costs nothing on success.
func readTree(dec *jsontext.Decoder) (any, error) {
	tok, err := dec.ReadToken()
	if err != nil {
		return nil, jsonError(err)
	}
	switch tok.Kind() {
	case '{':
		return readObject(dec)
	case '[':
		return readArray(dec)
	case '"':
		return tok.String(), nil
	case '0':
		return jsonNumber(tok.String()), nil
	case 't':
		return true, nil
	case 'f':
		return false, nil
	}
	return nil, nil
}

func readObject(dec *jsontext.Decoder) (jsonObject, error) {
	obj := jsonObject{}
	for dec.PeekKind() != '}' {
		tok, err := dec.ReadToken()
		if err != nil {
			return nil, jsonError(err)
		}
		name := tok.String()
		value, err := readTree(dec)
		if err != nil {
			return nil, PrefixPath(err, name)
		}
		obj = append(obj, jsonMember{name, value})
	}
	_, err := dec.ReadToken()
	return obj, jsonError(err)
}

func readArray(dec *jsontext.Decoder) ([]any, error) {
	list := []any{}
	for dec.PeekKind() != ']' {
		value, err := readTree(dec)
		if err != nil {
			return nil, PrefixPath(err, indexPath("", len(list)))
		}
		list = append(list, value)
	}
	_, err := dec.ReadToken()
	return list, jsonError(err)
}

// syntaxError is invalid JSON, which is reported for the document as a
// whole, with its byte offset: PrefixPath leaves it alone while it unwinds.
type syntaxError struct{ msg string }

func (e *syntaxError) Error() string { return e.msg }

// jsonError turns a jsontext error into a *syntaxError.
func jsonError(err error) error {
	if err == nil {
		return nil
	}
	var se *jsontext.SyntacticError
	if errors.As(err, &se) {
		return &syntaxError{"invalid JSON at byte " + strconv.FormatInt(se.ByteOffset, 10) + ": " + syntaxText(err)}
	}
	return &syntaxError{"invalid JSON: " + syntaxText(err)}
}

// syntaxText describes a JSON syntax error without jsontext's prefix and
// position, which the caller gives its own way.
func syntaxText(err error) string {
	var se *jsontext.SyntacticError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "unexpected end of the document"
	case errors.As(err, &se) && se.Err != nil:
		return se.Err.Error()
	}
	return err.Error()
}

// duplicateError reports an object (at path) with two members named name,
// or, when other is set, with members named name and other that IAM reads
// as one.
func duplicateError(path, name, other string) error {
	const why = "AWS does not document which one applies"
	if other == "" || other == name {
		return decodeErrorf(path, "duplicate member "+quote(name)+" ("+why+")")
	}
	return decodeErrorf(path, "duplicate member "+quote(name)+" (the same as "+quote(other)+" in IAM; "+why+")")
}

// elementFields checks that raw is an object whose names are among allowed
// (compared case-insensitively, each at most once) and returns its values
// under the canonical names.
func elementFields(raw any, path string, allowed ...string) (map[string]any, error) {
	obj, ok := raw.(jsonObject)
	if !ok {
		return nil, wrongKind(path, "an object", raw)
	}
	out := make(map[string]any, len(obj))
	for i, m := range obj {
		name, known := canonicalName(m.name, allowed)
		if !known {
			return nil, decodeErrorf(fieldPath(path, m.name), "unknown element (want one of "+strings.Join(allowed, ", ")+")")
		}
		if _, dup := out[name]; dup {
			return nil, duplicateError(path, m.name, obj[:i].foldedTwin(m.name))
		}
		out[name] = m.value
	}
	return out, nil
}

// foldedTwin is the name of the member whose name equals name ignoring
// case, "" when there is none.
func (obj jsonObject) foldedTwin(name string) string {
	for _, m := range obj {
		if strings.EqualFold(m.name, name) {
			return m.name
		}
	}
	return ""
}

// checkFoldedNames rejects two members whose names differ only in case,
// for objects whose names IAM compares case-insensitively (condition
// operators and keys).
func (obj jsonObject) checkFoldedNames(path string) error {
	for i, m := range obj {
		if twin := obj[:i].foldedTwin(m.name); twin != "" {
			return duplicateError(path, m.name, twin)
		}
	}
	return nil
}

// sorted returns the members ordered by name, so that what is decoded
// from them does not depend on the order they were written in.
func (obj jsonObject) sorted() jsonObject {
	byName := func(a, b jsonMember) int { return strings.Compare(a.name, b.name) }
	if slices.IsSortedFunc(obj, byName) {
		return obj
	}
	out := slices.Clone(obj)
	slices.SortFunc(out, byName)
	return out
}

func canonicalName(key string, allowed []string) (string, bool) {
	for _, name := range allowed {
		if strings.EqualFold(key, name) {
			return name, true
		}
	}
	return "", false
}

func optionalString(fields map[string]any, name, path string) (string, error) {
	raw, ok := fields[name]
	if !ok {
		return "", nil
	}
	s, ok := raw.(string)
	if !ok {
		return "", wrongKind(fieldPath(path, name), "a string", raw)
	}
	return s, nil
}

func wrongKind(path, want string, got any) error {
	return decodeErrorf(path, "want "+want+", got "+jsonKind(got))
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case jsonObject:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case bool:
		return "boolean"
	case jsonNumber:
		return "number"
	}
	return "unknown"
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
