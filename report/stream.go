package report

import (
	"io"
	"strings"
	"unicode/utf8"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/redshift-preflight/redshift-preflight/redact"
)

// jsonStream writes one JSON document as it goes, element by element, so
// that a report of 40,000 findings is never held in memory whole. Its
// output is byte for byte that of encodeJSON: two-space indentation, a
// space after each colon, a final newline, and every string value written
// by redact.AppendJSON (secrets masked, controls escaped). Member names are
// the printers' constants. The first error sticks: later writes do nothing.
type jsonStream struct {
	enc  *jsontext.Encoder
	opts json.Options
	lit  []byte // the last string literal, reused
	err  error
}

func newJSONStream(w io.Writer) *jsonStream {
	s := &jsonStream{enc: jsontext.NewEncoder(w,
		jsontext.WithIndent("  "),
		// Keep AppendJSON's escapes: jsontext would otherwise rewrite
		// \u2028, DEL or #\u0023[ as the raw characters.
		jsontext.PreserveRawStrings(true),
		// The printers' structs cannot repeat a name; not checking
		// saves a set of names per object.
		jsontext.AllowDuplicateNames(true))}
	s.opts = json.JoinOptions(
		json.WithMarshalers(json.MarshalToFunc(s.writeString)),
		// encoding/json's choices, which the reports were written with:
		// map keys sorted, nil slices and maps as null.
		json.Deterministic(true), json.FormatNilSliceAsNull(true), json.FormatNilMapAsNull(true))
	return s
}

// writeString is the marshaler of every string, map keys included.
func (s *jsonStream) writeString(enc *jsontext.Encoder, v string) error {
	s.lit = redact.AppendJSON(s.lit[:0], asEncodingJSON(v))
	return enc.WriteValue(s.lit)
}

// asEncodingJSON is s as redact saw it when encoding/json wrote it first:
// each invalid byte replaced by U+FFFD, which redact then writes as itself.
func asEncodingJSON(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s { // an invalid byte ranges as one utf8.RuneError
		b.WriteRune(r)
	}
	return b.String()
}

func (s *jsonStream) token(t jsontext.Token) {
	if s.err == nil {
		s.err = s.enc.WriteToken(t)
	}
}

// value writes v, marshalled as encoding/json would (the struct tags'
// names, order and omitempty).
func (s *jsonStream) value(v any) {
	if s.err == nil {
		s.err = json.MarshalEncode(s.enc, v, s.opts)
	}
}

// member writes one object member.
func (s *jsonStream) member(name string, v any) {
	s.token(jsontext.String(name))
	s.value(v)
}

// array writes the member name holding an array whose elements each()
// writes with value.
func (s *jsonStream) array(name string, each func()) {
	s.token(jsontext.String(name))
	s.token(jsontext.BeginArray)
	each()
	s.token(jsontext.EndArray)
}
