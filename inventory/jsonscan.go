package inventory

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// scanner is a small validating pull parser over one JSON file. The loaders
// walk only the members they need and keep policy documents as raw byte
// ranges of the file, which IAM data makes worthwhile: a large export is
// mostly policy documents, and decoding every one of them up front costs
// far more than the few that a check ever reads (see lazy.go).
//
// Errors are *LoadError values with a Path relative to the value being
// read; the object and array walkers prefix their member name or index
// while an error unwinds, so building paths costs nothing on success.
type scanner struct {
	data  string // the file; strings the loaders keep are slices of it
	i     int
	depth int
}

// maxDepth bounds nesting, as encoding/json does, so that hostile input
// cannot exhaust the stack.
const maxDepth = 10000

// ws skips white space. Exports are indented (the AWS CLI prints four
// spaces per level), so runs of eight spaces are skipped a word at a time.
func (s *scanner) ws() {
	d, i := s.data, s.i
	for i < len(d) {
		if i+8 <= len(d) && d[i:i+8] == "        " {
			i += 8
			continue
		}
		if c := d[i]; c > ' ' || c != ' ' && c != '\n' && c != '\r' && c != '\t' {
			break
		}
		i++
	}
	s.i = i
}

// peek returns the next byte after white space without consuming it, or 0
// at the end of the input.
func (s *scanner) peek() byte {
	s.ws()
	if s.i >= len(s.data) {
		return 0
	}
	return s.data[s.i]
}

func (s *scanner) atEOF() bool { s.ws(); return s.i >= len(s.data) }

// syntaxError reports invalid JSON at byte offset at, with its line and
// column (1-based, columns in characters).
func (s *scanner) syntaxError(at int, what string) *LoadError {
	if at >= len(s.data) {
		at = len(s.data)
		what = "unexpected end of file (is the file truncated?)"
	}
	line, col := lineCol(s.data, at)
	return &LoadError{Msg: "invalid JSON at line " + strconv.Itoa(line) + ", column " + strconv.Itoa(col) + ": " + what}
}

// unexpected describes the byte at the cursor for a syntax error.
func (s *scanner) unexpected(want string) *LoadError {
	if s.i >= len(s.data) {
		return s.syntaxError(s.i, "")
	}
	r, _ := utf8.DecodeRuneInString(s.data[s.i:])
	return s.syntaxError(s.i, "unexpected "+strconv.QuoteRune(r)+", want "+want)
}

func lineCol(data string, at int) (line, col int) {
	line, start := 1, 0
	for i := 0; i < at; i++ {
		if data[i] == '\n' {
			line++
			start = i + 1
		}
	}
	return line, utf8.RuneCountInString(data[start:at]) + 1
}

// kind names the JSON kind of the value at the cursor, "" when no value
// starts there.
func (s *scanner) kind() string {
	switch c := s.peek(); {
	case c == '{':
		return "object"
	case c == '[':
		return "array"
	case c == '"':
		return "string"
	case c == 't' || c == 'f':
		return "boolean"
	case c == 'n':
		return "null"
	case c == '-' || c >= '0' && c <= '9':
		return "number"
	}
	return ""
}

// wrongKind is the error for a value of another kind than want. When the
// input is not even JSON there, it is a syntax error.
func (s *scanner) wrongKind(want string) error {
	k := s.kind()
	if k == "" {
		return s.unexpected("a JSON value")
	}
	// Make sure the value is well-formed JSON before blaming its kind.
	if err := s.skip(); err != nil {
		return err
	}
	return &LoadError{Msg: "want " + want + ", got " + k}
}

func (s *scanner) enter() error {
	s.depth++
	if s.depth > maxDepth {
		return s.syntaxError(s.i, "nesting deeper than "+strconv.Itoa(maxDepth)+" levels")
	}
	return nil
}

// object walks an object, calling fn with each member's key; fn must
// consume the member's value.
func (s *scanner) object(fn func(key string) error) error {
	if s.peek() != '{' {
		return s.wrongKind("an object")
	}
	if err := s.enter(); err != nil {
		return err
	}
	s.i++
	if s.peek() == '}' {
		s.i++
		s.depth--
		return nil
	}
	for {
		if s.peek() != '"' {
			return s.unexpected("a string (an object key)")
		}
		key, err := s.key()
		if err != nil {
			return err
		}
		if s.peek() != ':' {
			return s.unexpected("':' after an object key")
		}
		s.i++
		if err := fn(key); err != nil {
			return within(err, key)
		}
		switch s.peek() {
		case ',':
			s.i++
		case '}':
			s.i++
			s.depth--
			return nil
		default:
			return s.unexpected("',' or '}' after an object member")
		}
	}
}

// array walks an array, calling fn for each element, which fn must consume.
func (s *scanner) array(fn func(i int) error) error {
	if s.peek() != '[' {
		return s.wrongKind("an array")
	}
	if err := s.enter(); err != nil {
		return err
	}
	s.i++
	if s.peek() == ']' {
		s.i++
		s.depth--
		return nil
	}
	for i := 0; ; i++ {
		if err := fn(i); err != nil {
			return withinIndex(err, i)
		}
		switch s.peek() {
		case ',':
			s.i++
		case ']':
			s.i++
			s.depth--
			return nil
		default:
			return s.unexpected("',' or ']' after an array element")
		}
	}
}

// skip consumes one well-formed value.
func (s *scanner) skip() error {
	switch c := s.peek(); {
	case c == '{':
		return s.object(func(string) error { return s.skip() })
	case c == '[':
		return s.array(func(int) error { return s.skip() })
	case c == '"':
		_, _, _, err := s.scanString()
		return err
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	case c == '-' || c >= '0' && c <= '9':
		return s.number()
	}
	return s.unexpected("a JSON value")
}

// raw consumes one value and returns its text (a slice of the input).
func (s *scanner) raw() (string, error) {
	s.ws()
	start := s.i
	if err := s.skip(); err != nil {
		return "", err
	}
	return s.data[start:s.i], nil
}

func (s *scanner) literal(word string) error {
	end := s.i + len(word)
	if end > len(s.data) || s.data[s.i:end] != word {
		return s.unexpected("a JSON value")
	}
	s.i = end
	return nil
}

func (s *scanner) number() error {
	d, i := s.data, s.i
	if i < len(d) && d[i] == '-' {
		i++
	}
	digits := func() bool {
		start := i
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
		return i > start
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case !digits():
		s.i = i
		return s.unexpected("a digit")
	}
	if i < len(d) && d[i] == '.' {
		i++
		if !digits() {
			s.i = i
			return s.unexpected("a digit after '.'")
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if !digits() {
			s.i = i
			return s.unexpected("a digit in the exponent")
		}
	}
	s.i = i
	return nil
}

// scanString consumes a string at the cursor (which must be at its opening
// quote) and returns the range of its content and whether it holds escapes.
func (s *scanner) scanString() (start, end int, escaped bool, err error) {
	d := s.data
	open := s.i
	i := s.i + 1
	for i < len(d) {
		for i < len(d) && plain[d[i]] {
			i++
		}
		if i >= len(d) {
			break
		}
		c := d[i]
		switch {
		case c == '"':
			s.i = i + 1
			return open + 1, i, escaped, nil
		case c == '\\':
			escaped = true
			if i+1 >= len(d) {
				return 0, 0, false, s.syntaxError(len(d), "")
			}
			switch d[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				for k := i + 2; k < i+6; k++ {
					if k >= len(d) {
						return 0, 0, false, s.syntaxError(len(d), "")
					}
					if !isHex(d[k]) {
						return 0, 0, false, s.syntaxError(k, "invalid \\u escape in a string")
					}
				}
				i += 6
			default:
				return 0, 0, false, s.syntaxError(i, "invalid escape in a string")
			}
		case c < 0x20:
			return 0, 0, false, s.syntaxError(i, "control character in a string (it must be escaped)")
		default:
			i++
		}
	}
	return 0, 0, false, s.syntaxError(len(d), "")
}

// plain marks the bytes a string holds as they are: not '"', '\\' or a
// control character.
var plain = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// key reads an object key.
func (s *scanner) key() (string, error) {
	start, end, escaped, err := s.scanString()
	if err != nil {
		return "", err
	}
	if !escaped {
		return s.data[start:end], nil
	}
	return unescape(s.data[start-1 : end+1]), nil
}

// str reads a string value.
func (s *scanner) str() (string, error) {
	if s.peek() != '"' {
		return "", s.wrongKind("a string")
	}
	start, end, escaped, err := s.scanString()
	if err != nil {
		return "", err
	}
	if !escaped {
		return s.data[start:end], nil
	}
	return unescape(s.data[start-1 : end+1]), nil
}

// optStr reads a string or null ("").
func (s *scanner) optStr() (string, error) {
	if s.peek() == 'n' {
		return "", s.literal("null")
	}
	return s.str()
}

func (s *scanner) boolean() (bool, error) {
	switch s.peek() {
	case 't':
		return true, s.literal("true")
	case 'f':
		return false, s.literal("false")
	}
	return false, s.wrongKind("a boolean")
}

// isNull consumes a null if one is at the cursor.
func (s *scanner) isNull() (bool, error) {
	if s.peek() != 'n' {
		return false, nil
	}
	return true, s.literal("null")
}

// unescape decodes a quoted JSON string that scanString has validated.
func unescape(quoted string) string {
	var out string
	if err := json.Unmarshal([]byte(quoted), &out); err != nil {
		return quoted[1 : len(quoted)-1]
	}
	return out
}
