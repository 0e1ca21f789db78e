package jsonpull

import (
	"bytes"
	"errors"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/redshift-preflight/redshift-preflight/inventory"
)

// Decode reads the next value into v, a pointer to a struct whose fields
// name the members to read (go-json-experiment's rules: names match
// exactly, other members are skipped, null leaves a field zero; Raw
// fields keep their value as it stands). A value of the wrong kind is
// reported as "want a string, got number" at its path, a duplicate member
// name as such.
func (r *Reader) Decode(v any) error {
	depth := r.dec.StackDepth()
	err := json.UnmarshalDecode(&r.dec, v, r.captureRaw)
	var sem *json.SemanticError
	if errors.As(err, &sem) {
		// json stops at the value of the wrong kind, and the decoder
		// cannot go on. Invalid JSON in the rest of the value is reported
		// first: a truncated file is the problem then, not the kind of a
		// value.
		if syn := r.firstSyntaxError(); syn != nil && ancestor(sem.JSONPointer, depth).Contains(syn.JSONPointer) {
			return r.jsonError(syn)
		}
	}
	return r.jsonError(err)
}

// firstSyntaxError reads the value r reads anew, for its first syntax
// error; nil when it has none.
func (r *Reader) firstSyntaxError() *jsontext.SyntacticError {
	var syn *jsontext.SyntacticError
	err := jsontext.NewDecoder(bytes.NewBuffer(r.data[r.base:])).SkipValue()
	if errors.As(err, &syn) {
		return syn
	}
	return nil
}

// ancestor is the pointer to the value at depth (the top-level value is at
// depth 0) that ptr points into.
func ancestor(ptr jsontext.Pointer, depth int) jsontext.Pointer {
	var out jsontext.Pointer
	for tok := range ptr.Tokens() {
		if depth == 0 {
			break
		}
		out = out.AppendToken(tok)
		depth--
	}
	return out
}

// Raw is a value as it stands in the file: a policy document kept
// undecoded, a Terraform value read once its resource type is known. Value
// is a slice of the file's data, nil when a struct field's member is
// absent (a JSON null is "null"); Offset is where it starts in the file.
type Raw struct {
	Value  []byte
	Offset int
}

// rawFrom is the unmarshaler of Raw fields: the decoder knows offsets in
// its own input, which starts at r.base of the file.
func (r *Reader) rawFrom(dec *jsontext.Decoder, v *Raw) error {
	val, err := dec.ReadValue()
	v.Value, v.Offset = val, r.base+int(dec.InputOffset())-len(val)
	return err
}

// Value reads a value as it stands.
func (r *Reader) Value() (Raw, error) {
	var v Raw
	return v, r.jsonError(r.rawFrom(&r.dec, &v))
}

// Kind is the kind of the value, 0 when absent.
func (v Raw) Kind() jsontext.Kind {
	if len(v.Value) == 0 {
		return 0
	}
	return jsontext.Value(v.Value).Kind()
}

// Document checks that v is a policy document as exports hold them (an
// object, or a string holding JSON text or URL-encoded JSON text) and
// makes it a document of f at at. The error is relative to v.
func Document(f *inventory.File, v Raw, at inventory.DocPath) (inventory.Doc, error) {
	switch k := v.Kind(); k {
	case '{', '"':
		return f.Doc(v.Value, v.Offset, at), nil
	default:
		return inventory.Doc{}, inventory.DataError("want a policy document (an object, a JSON string or a URL-encoded string), got " + KindName(k))
	}
}
