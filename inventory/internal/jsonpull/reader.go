package jsonpull

import (
	"bytes"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/redshift-preflight/redshift-preflight/inventory"
)

// Reader reads one JSON value of a file: the whole file, or a value inside
// it (Sub). Values it returns are slices of the file's data.
type Reader struct {
	file string
	data []byte // the whole file
	base int    // where the value read starts in data
	path string // the JSON path of that value
	buf  bytes.Buffer
	dec  jsontext.Decoder
	// captureRaw decodes Raw fields in Decode (see rawFrom).
	captureRaw json.Options
	// progress, when set, hears how far into data the reading has come
	// (see OnProgress).
	progress func(offset int)
}

// New reads the file named file, whose content is data.
func New(file string, data []byte) *Reader {
	return newReader(file, data, 0, "")
}

func newReader(file string, data []byte, base int, path string) *Reader {
	r := &Reader{file: file, data: data, base: base, path: path}
	// A bytes.Buffer lets the decoder read data in place: the values it
	// returns are slices of data, never copies.
	r.buf = *bytes.NewBuffer(data[base:])
	r.dec.Reset(&r.buf)
	r.captureRaw = json.WithUnmarshalers(json.UnmarshalFromFunc(r.rawFrom))
	return r
}

// Sub reads the value v, which a read of this file returned, as the value
// at JSON path path.
func (r *Reader) Sub(v Raw, path string) *Reader {
	sub := newReader(r.file, r.data, v.Offset, path)
	sub.progress = r.progress
	return sub
}

// OnProgress has fn called after each element of an array with the offset
// in data the reading has reached: a mapped export gives back the pages
// behind it (files.MapFile), so reading a long list costs the memory of
// what is kept, not of the file. Sub readers inherit it.
func (r *Reader) OnProgress(fn func(offset int)) { r.progress = fn }

// Kind is the kind of the next value: '{', '[', '"', '0' (number), 't',
// 'f', 'n'; 0 at the end of the input or before invalid JSON.
func (r *Reader) Kind() jsontext.Kind { return r.dec.PeekKind() }

// Object reads an object, calling fn with each member's name; fn must
// read the member's value.
func (r *Reader) Object(fn func(name string) error) error {
	return r.Members(func(name []byte) error { return fn(string(name)) })
}

// Members is Object for the long lists of an export: fn gets the member's
// name as bytes of the file, valid until it returns, so that comparing
// names (switch string(name)) costs no allocation.
func (r *Reader) Members(fn func(name []byte) error) error {
	if r.Kind() != '{' {
		return r.WrongKind("an object")
	}
	if _, err := r.dec.ReadToken(); err != nil {
		return r.jsonError(err)
	}
	for r.dec.PeekKind() != '}' {
		quoted, err := r.dec.ReadValue()
		if err != nil {
			return r.jsonError(err)
		}
		name := unquote(quoted)
		if err := fn(name); err != nil {
			return inventory.Within(err, string(name))
		}
	}
	_, err := r.dec.ReadToken()
	return r.jsonError(err)
}

// unquote is the content of a valid JSON string.
func unquote(quoted []byte) []byte {
	if bytes.IndexByte(quoted, '\\') < 0 {
		return quoted[1 : len(quoted)-1]
	}
	out, _ := jsontext.AppendUnquote(nil, quoted)
	return out
}

// Array reads an array, calling fn for each element, which fn must read.
func (r *Reader) Array(fn func(i int) error) error {
	if r.Kind() != '[' {
		return r.WrongKind("an array")
	}
	if _, err := r.dec.ReadToken(); err != nil {
		return r.jsonError(err)
	}
	for i := 0; r.dec.PeekKind() != ']'; i++ {
		if err := fn(i); err != nil {
			return inventory.WithinIndex(err, i)
		}
		if r.progress != nil {
			r.progress(r.base + int(r.dec.InputOffset()))
		}
	}
	_, err := r.dec.ReadToken()
	return r.jsonError(err)
}

// String reads a string.
func (r *Reader) String() (string, error) {
	if r.Kind() != '"' {
		return "", r.WrongKind("a string")
	}
	tok, err := r.dec.ReadToken()
	if err != nil {
		return "", r.jsonError(err)
	}
	return tok.String(), nil
}

// OptString reads a string or null ("").
func (r *Reader) OptString() (string, error) {
	if null, err := r.Null(); null || err != nil {
		return "", err
	}
	return r.String()
}

// Bool reads true or false.
func (r *Reader) Bool() (bool, error) {
	switch r.Kind() {
	case 't', 'f':
		tok, err := r.dec.ReadToken()
		return err == nil && tok.Bool(), r.jsonError(err)
	}
	return false, r.WrongKind("a boolean")
}

// Null reads a null if one is next.
func (r *Reader) Null() (bool, error) {
	if r.Kind() != 'n' {
		return false, nil
	}
	_, err := r.dec.ReadToken()
	return true, r.jsonError(err)
}

// Skip reads a value, checking that it is valid JSON.
func (r *Reader) Skip() error { return r.jsonError(r.dec.SkipValue()) }

// WrongKind is the error for a value of another kind than want. When the
// input is not even JSON there, it is a syntax error.
func (r *Reader) WrongKind(want string) error {
	k := r.Kind()
	// Make sure the value is well-formed JSON before blaming its kind.
	if err := r.Skip(); err != nil {
		return err
	}
	return inventory.DataError("want " + want + ", got " + KindName(k))
}

// End checks that nothing but white space follows the value read.
func (r *Reader) End() error {
	at := r.base + int(r.dec.InputOffset())
	if _, err := r.dec.ReadToken(); err != nil {
		return r.endError(err)
	}
	at += len(r.data[at:]) - len(bytes.TrimLeft(r.data[at:], " \t\r\n"))
	return r.syntaxError(at, "", "unexpected "+quoteRune(r.data[at:])+", want the end of the file after the JSON value")
}

// KindName names a JSON kind for messages.
func KindName(k jsontext.Kind) string {
	switch k {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	case '0':
		return "number"
	}
	return "not a JSON value"
}
