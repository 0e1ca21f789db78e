package liquibase

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
	"go.yaml.in/yaml/v3"

	"github.com/redshift-preflight/redshift-preflight/internal/projectvars"
)

// yamlReader walks a YAML or JSON changelog's nodes.
type yamlReader struct {
	src    []byte
	name   string
	format string // "YAML" or "JSON", for messages
	lines  []int  // line start offsets
	cl     *changelog
}

// Regular expressions are compiled on first use (sync.OnceValue): package
// initialisation runs at every start of the program, pre-commit's included.
var yamlLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^yaml: line (\d+): `) })

// readYAML reads a YAML changelog, or a JSON one: Liquibase reads JSON
// changelogs with its YAML parser, and so does this.
func readYAML(name, format string, src []byte) (*changelog, error) {
	if format == "JSON" {
		if err := checkJSON(name, src); err != nil {
			return nil, err
		}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		msg := err.Error()
		line := 0
		if m := yamlLine().FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = msg[len(m[0]):]
		}
		return nil, malformed(name, line, format, strings.TrimPrefix(msg, "yaml: "))
	}
	r := &yamlReader{src: src, name: name, format: format, cl: &changelog{}, lines: lineStarts(src)}
	entries := r.root(&doc)
	if entries == nil {
		return nil, malformed(name, 0, format, "no databaseChangeLog list")
	}
	for _, e := range entries.Content {
		if e.Kind != yaml.MappingNode {
			continue
		}
		for i := 0; i+1 < len(e.Content); i += 2 {
			r.entry(e.Content[i].Value, e.Content[i+1])
		}
	}
	return r.cl, nil
}

// lineStarts are the offsets where YAML's lines start: it breaks lines
// at \n, \r\n and a lone \r.
func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' || c == '\r' && (i+1 == len(src) || src[i+1] != '\n') {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// root is the databaseChangeLog list, or nil.
func (r *yamlReader) root(doc *yaml.Node) *yaml.Node {
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil
	}
	list := get(doc.Content[0], "databaseChangeLog")
	if list == nil || list.Kind != yaml.SequenceNode {
		return nil
	}
	return list
}

// get is the value of key in a mapping node, or nil.
var get = projectvars.MappingValue

// str is the scalar value of key, "" when absent or not a scalar.
func str(m *yaml.Node, key string) string {
	if v := get(m, key); v != nil && v.Kind == yaml.ScalarNode {
		return v.Value
	}
	return ""
}

func (r *yamlReader) entry(kind string, v *yaml.Node) {
	switch kind {
	case "property":
		if name := str(v, "name"); name != "" && dbmsRuns(str(v, "dbms")) {
			global, ok := parseBool(str(v, "global"))
			r.cl.props = append(r.cl.props, property{name: name, value: str(v, "value"),
				at: fmt.Sprintf("%s:%d", r.name, v.Line), global: global || !ok})
		}
	case "include":
		rel, _ := parseBool(str(v, "relativeToChangelogFile"))
		r.cl.refs = append(r.cl.refs, fileRef{kind: refInclude, file: str(v, "file"), relative: rel, span: r.span(v, "file")})
	case "includeAll":
		rel, _ := parseBool(str(v, "relativeToChangelogFile"))
		r.cl.refs = append(r.cl.refs, fileRef{kind: refIncludeAll, file: str(v, "path"), relative: rel, span: r.span(v, "path")})
	case "changeSet":
		if !dbmsRuns(str(v, "dbms")) {
			return
		}
		if changes := get(v, "changes"); changes != nil && changes.Kind == yaml.SequenceNode {
			for _, c := range changes.Content {
				r.change(c)
			}
		}
	}
}

// change reads one entry of a changeSet's changes: sql or sqlFile.
func (r *yamlReader) change(c *yaml.Node) {
	if sqlNode := get(c, "sql"); sqlNode != nil {
		attrs, text := sqlNode, get(sqlNode, "sql")
		if sqlNode.Kind == yaml.ScalarNode { // sql: COPY ... (the text alone)
			attrs, text = nil, sqlNode
		}
		if dbmsRuns(str(attrs, "dbms")) {
			split := splitting{delim: str(attrs, "endDelimiter")}
			if v, ok := parseBool(str(attrs, "splitStatements")); ok {
				split.off = !v
			}
			r.text(text, split)
		}
	}
	if p := get(c, "createProcedure"); p != nil && dbmsRuns(str(p, "dbms")) {
		r.procedure(p)
	}
	if f := get(c, "sqlFile"); f != nil && dbmsRuns(str(f, "dbms")) {
		rel, _ := parseBool(str(f, "relativeToChangelogFile"))
		split := splitting{delim: str(f, "endDelimiter")}
		if v, ok := parseBool(str(f, "splitStatements")); ok {
			split.off = !v
		}
		r.cl.refs = append(r.cl.refs, fileRef{kind: refSQLFile, file: str(f, "path"), relative: rel, span: r.span(f, "path"), split: split})
	}
}

// procedure reads a createProcedure change: its procedureText, or the
// file its path names, sent as one statement.
func (r *yamlReader) procedure(p *yaml.Node) {
	if get(p, "path") != nil {
		rel, _ := parseBool(str(p, "relativeToChangelogFile"))
		r.cl.refs = append(r.cl.refs, fileRef{kind: refSQLFile, file: str(p, "path"), relative: rel, span: r.span(p, "path"), split: splitting{off: true}})
		return
	}
	r.text(get(p, "procedureText"), splitting{off: true})
}

// text places a change's SQL text in the view.
func (r *yamlReader) text(text *yaml.Node, split splitting) {
	if text == nil || text.Kind != yaml.ScalarNode {
		return
	}
	seg, end, ok := r.scalar(text)
	if !ok {
		start := r.offset(text.Line, text.Column)
		r.cl.unmapped = append(r.cl.unmapped, [2]int{start, min(start+1, len(r.src))})
		return
	}
	r.cl.sql = append(r.cl.sql, sqlText{segs: []segment{seg}, end: end, split: split})
}

// offset is the byte offset of a node's 1-based line and column (the
// column counts characters).
func (r *yamlReader) offset(line, col int) int {
	if line < 1 || line > len(r.lines) {
		return len(r.src)
	}
	off := r.lines[line-1]
	for c := 1; c < col && off < len(r.src) && r.src[off] != '\n' && r.src[off] != '\r'; c++ {
		_, n := utf8.DecodeRune(r.src[off:])
		off += n
	}
	return off
}

// span is where the scalar value of key is written; the mapping's
// position when it is missing.
func (r *yamlReader) span(m *yaml.Node, key string) [2]int {
	v := get(m, key)
	if v == nil {
		start := r.offset(m.Line, m.Column)
		return [2]int{start, min(start+1, len(r.src))}
	}
	start := r.offset(v.Line, v.Column)
	n := len(v.Value)
	if v.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		start = min(start+1, len(r.src))
	}
	return [2]int{start, min(start+n, len(r.src))}
}

// scalar places a scalar's value in the file: the view bytes over its raw
// text (escapes decoded and padded), and where the text ends. ok is false
// when the raw text cannot be matched to the value.
func (r *yamlReader) scalar(n *yaml.Node) (segment, int, bool) {
	start := r.offset(n.Line, n.Column)
	m := matcher{src: r.src, p: start, v: n.Value}
	switch {
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		nl := bytes.IndexByte(r.src[start:], '\n') // the content starts below the indicator
		if nl < 0 {
			return segment{}, 0, false
		}
		m.p = start + nl + 1
		for m.p < len(r.src) && isSpace(r.src[m.p]) { // indentation, blank lines
			m.p++
		}
	case n.Style&yaml.DoubleQuotedStyle != 0:
		m.quote, m.p = '"', start+1
	case n.Style&yaml.SingleQuotedStyle != 0:
		m.quote, m.p = '\'', start+1
	}
	from := m.p
	if from > len(r.src) || !m.run() {
		return segment{}, 0, false
	}
	return segment{off: from, text: m.out}, m.p, true
}

// matcher walks the raw text of a scalar from p against its value v,
// writing in out the view of each raw byte: the SQL in place, an escape
// as the character it stands for padded with blanks. White space in the
// value matches any white space in the raw text (line folding,
// indentation). A quote character that stands for a doubled or escaped
// quote is padded on the side outside the SQL literal it opens or closes,
// so 'it”s' reads as 'it's ' and ”a” as  'a' .
type matcher struct {
	src    []byte
	p      int
	v      string
	quote  byte // '"' or '\'' for a quoted scalar
	out    []byte
	quotes int // quote characters emitted, to pad outside literals
}

func (m *matcher) run() bool {
	for i := 0; i < len(m.v); {
		if m.p >= len(m.src) {
			return strings.TrimSpace(m.v[i:]) == ""
		}
		c := m.src[m.p]
		switch {
		case m.quote == '"' && c == '\\':
			n, ok := m.escape(i)
			if !ok {
				return false
			}
			i += n
		case m.quote == '\'' && c == '\'' && m.p+1 < len(m.src) && m.src[m.p+1] == '\'' && m.v[i] == '\'':
			m.padded("'", 2)
			i++
		case isSpace(m.v[i]):
			if !isSpace(c) {
				return false
			}
			for i < len(m.v) && isSpace(m.v[i]) {
				i++
			}
			for m.p < len(m.src) && isSpace(m.src[m.p]) {
				m.out = append(m.out, m.src[m.p])
				m.p++
				if i == len(m.v) && m.src[m.p-1] == '\n' {
					break // the value's trailing line break: the next line is not the value's
				}
			}
		case c == m.v[i]:
			m.out = append(m.out, c)
			m.p++
			i++
		default:
			return false
		}
	}
	return true
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// padded writes text for n raw bytes.
func (m *matcher) padded(text string, n int) {
	pad := strings.Repeat(" ", n-len(text))
	if text == "'" || text == `"` {
		m.quotes++
		if m.quotes%2 == 1 { // opens a literal: blanks before it
			m.out = append(m.out, pad+text...)
			m.p += n
			return
		}
	}
	m.out = append(m.out, text+pad...)
	m.p += n
}

// escape matches the double-quoted escape at m.p with the value from i;
// it returns the value bytes consumed.
func (m *matcher) escape(i int) (int, bool) {
	if m.p+1 >= len(m.src) {
		return 0, false
	}
	e := m.src[m.p+1]
	var r rune
	n := 2
	switch e {
	case '\n': // an escaped line break continues the line: it stands for nothing
		m.out = append(m.out, ' ', '\n')
		m.p += 2
		for m.p < len(m.src) && (m.src[m.p] == ' ' || m.src[m.p] == '\t') {
			m.out = append(m.out, m.src[m.p])
			m.p++
		}
		return 0, true
	case 'n':
		r = '\n'
	case 't':
		r = '\t'
	case 'r':
		r = '\r'
	case '0':
		r = 0
	case '"', '\\', '/', ' ', '\'':
		r = rune(e)
	case 'x', 'u', 'U':
		n = map[byte]int{'x': 4, 'u': 6, 'U': 10}[e]
		if m.p+n > len(m.src) {
			return 0, false
		}
		v, err := strconv.ParseUint(string(m.src[m.p+2:m.p+n]), 16, 32)
		if err != nil {
			return 0, false
		}
		r = rune(v)
	default:
		return 0, false
	}
	text := string(r)
	if !strings.HasPrefix(m.v[i:], text) || len(text) > n {
		return 0, false
	}
	if r == '\n' || r == '\r' || r == '\t' {
		text = " " // the view must not gain a line break the file does not have
	}
	m.padded(text, n)
	return len(string(r)), true
}

// checkJSON reports a JSON syntax error at its line: the YAML parser
// accepts JSON but does not always say where it is malformed.
func checkJSON(name string, src []byte) error {
	dec := jsontext.NewDecoder(bytes.NewReader(src), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	_, err := dec.ReadValue()
	if err == nil {
		if _, err = dec.ReadToken(); err == io.EOF {
			return nil
		}
		if err == nil {
			return malformed(name, lineAt(src, int(dec.InputOffset())), "JSON", "more than one JSON value")
		}
	}
	var se *jsontext.SyntacticError
	if errors.As(err, &se) {
		return malformed(name, lineAt(src, int(se.ByteOffset)), "JSON", se.Err.Error())
	}
	if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		return malformed(name, lineAt(src, len(src)), "JSON", "unexpected end of file")
	}
	return malformed(name, 0, "JSON", err.Error())
}
