package jsonpull

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"strconv"
	"unicode/utf8"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/redshift-preflight/redshift-preflight/iam"
	"github.com/redshift-preflight/redshift-preflight/inventory"
)

// Duplicate is the message for two members of one object with the same
// name: the tool never picks one.
func Duplicate(name string) string {
	return "duplicate member " + strconv.Quote(name) + " (AWS does not document which one applies)"
}

// jsonError turns an error of the JSON libraries into a complete
// *inventory.LoadError; nil and LoadErrors pass through.
func (r *Reader) jsonError(err error) error {
	if err == nil { // before the variables below, which escape
		return nil
	}
	return r.placeError(err)
}

func (r *Reader) placeError(err error) error {
	var (
		le  *inventory.LoadError
		syn *jsontext.SyntacticError
		sem *json.SemanticError
	)
	switch {
	case errors.As(err, &le):
		return err
	case errors.As(err, &syn) && syn.Err == jsontext.ErrDuplicateName:
		return &inventory.LoadError{File: r.file, Path: r.pathOf(syn.JSONPointer.Parent()), Msg: Duplicate(syn.JSONPointer.LastToken())}
	case errors.As(err, &syn) && errors.Is(syn.Err, io.ErrUnexpectedEOF):
		return r.syntaxError(len(r.data), syn.JSONPointer, "unexpected end of file (is the file truncated?)")
	case errors.As(err, &syn):
		return r.syntaxError(r.base+int(syn.ByteOffset), syn.JSONPointer, syn.Err.Error())
	case errors.As(err, &sem) && sem.GoType != nil && sem.JSONKind != 0:
		return &inventory.LoadError{File: r.file, Path: r.pathOf(sem.JSONPointer),
			Msg: "want " + goKind(sem.GoType) + ", got " + KindName(sem.JSONKind)}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return r.syntaxError(len(r.data), "", "unexpected end of file (is the file truncated?)")
	}
	return &inventory.LoadError{File: r.file, Path: r.path, Msg: err.Error()}
}

// endError is the error ReadToken gave after the last value: io.EOF is
// the end of the file, as it should be.
func (r *Reader) endError(err error) error {
	if err == io.EOF {
		return nil
	}
	return r.jsonError(err)
}

// syntaxError reports invalid JSON at byte offset at of the file, inside
// the value at ptr, with its line and column (1-based, columns in
// characters).
func (r *Reader) syntaxError(at int, ptr jsontext.Pointer, what string) error {
	line, col := lineCol(r.data, min(at, len(r.data)))
	return &inventory.LoadError{File: r.file, Path: r.pathOf(ptr),
		Msg: "invalid JSON at line " + strconv.Itoa(line) + ", column " + strconv.Itoa(col) + ": " + what}
}

func lineCol(data []byte, at int) (line, col int) {
	start := bytes.LastIndexByte(data[:at], '\n') + 1
	return bytes.Count(data[:start], []byte("\n")) + 1, utf8.RuneCount(data[start:at]) + 1
}

func quoteRune(b []byte) string {
	r, _ := utf8.DecodeRune(b)
	return strconv.QuoteRune(r)
}

// pathOf turns a JSON pointer from the value r reads into the JSON path
// from the top of the file. A pointer does not say whether "0" is an
// array index or a member name, so the value is walked along it.
func (r *Reader) pathOf(ptr jsontext.Pointer) string {
	dec := jsontext.NewDecoder(bytes.NewBuffer(r.data[r.base:]), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	path := r.path
	for tok := range ptr.Tokens() {
		switch dec.PeekKind() {
		case '{':
			if !memberNamed(dec, tok) {
				return iam.JoinPath(path, tok)
			}
			path = iam.JoinPath(path, tok)
		case '[':
			n, _ := strconv.Atoi(tok)
			if !elementAt(dec, n) {
				return inventory.IndexPath(path, n)
			}
			path = inventory.IndexPath(path, n)
		default:
			return iam.JoinPath(path, tok)
		}
	}
	return path
}

// memberNamed reads an object up to the value of its member name.
func memberNamed(dec *jsontext.Decoder, name string) bool {
	dec.ReadToken()
	for dec.PeekKind() == '"' {
		tok, err := dec.ReadToken()
		if err != nil {
			return false
		}
		if tok.String() == name {
			return true
		}
		if dec.SkipValue() != nil {
			return false
		}
	}
	return false
}

// elementAt reads an array up to its element n.
func elementAt(dec *jsontext.Decoder, n int) bool {
	dec.ReadToken()
	for ; n > 0; n-- {
		if dec.PeekKind() == ']' || dec.SkipValue() != nil {
			return false
		}
	}
	return dec.PeekKind() != ']'
}

// goKind names what a Go type of a struct field accepts, for messages.
func goKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Int, reflect.Int64, reflect.Float64:
		return "a number"
	case reflect.Pointer:
		return goKind(t.Elem())
	}
	return "an object"
}
