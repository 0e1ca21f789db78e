package dbt

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/redshift-preflight/redshift-preflight/internal/projectvars"
	"github.com/redshift-preflight/redshift-preflight/internal/sqlview"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// Hooks. docs.getdbt.com, pre-hook & post-hook: "A SQL statement (or list
// of SQL statements) to be run before or after a model, seed, or snapshot
// is built", configured in dbt_project.yml (+pre-hook, +post-hook) or in a
// model's config() block (pre_hook, post_hook); on-run-start and on-run-end
// run at the start and end of dbt's commands. Each hook is checked as SQL
// where it is written: the view keeps the hook's text in place, decoded
// (a quote escaped in its string is written at the escape's place), blanks
// the rest, and ends every hook with ';'.

// ModelHooks is the view of a model: its SQL, with each {{ config(...) }}
// that sets pre_hook or post_hook replaced by the hooks' SQL. nil (the file
// as it is) when it has none.
func ModelHooks(src []byte) (*sqlview.View, error) {
	var out []byte
	for i := 0; i < len(src); {
		k := bytes.Index(src[i:], []byte("{{"))
		if k < 0 {
			break
		}
		start := i + k
		end, hooks := configCall(src, start)
		if end < 0 {
			i = start + 2
			continue
		}
		if len(hooks) > 0 {
			if out == nil {
				out = append([]byte(nil), src...)
			}
			sqlview.Blank(out, start, end)
			for _, h := range hooks {
				h.write(out)
			}
		}
		i = end
	}
	if out == nil {
		return nil, nil
	}
	return &sqlview.View{SQL: out}, nil
}

// hook is one hook's text: each decoded byte and the offset it is written at.
type hook struct {
	text []byte
	at   []int
	// open and close are blank offsets before and after the hook, where
	// its ';' go (-1 for none).
	open, close int
}

// write puts the hook into the view.
func (h hook) write(view []byte) {
	for i, c := range h.text {
		at := h.at[i]
		if view[at] == '\n' || view[at] == '\r' {
			continue // a line break of the file stays, so lines do not move
		}
		if c == '\n' || c == '\r' || c == '\t' {
			c = ' ' // an escaped line break must not add a line
		}
		view[at] = c
	}
	for _, p := range []int{h.open, h.close} {
		if p >= 0 && p < len(view) && view[p] != '\n' && view[p] != '\r' {
			view[p] = ';'
		}
	}
}

// configCall reads a {{ config(...) }} at start: its end, and the string
// hooks of its pre_hook and post_hook arguments (a string, a list of
// strings, or a dict's "sql"). end is -1 when there is no config call there.
func configCall(src []byte, start int) (end int, hooks []hook) {
	s := scanner{src: src, pos: start + 2}
	s.skip('-', '+')
	if s.word() != "config" || !s.punct('(') {
		return -1, nil
	}
	for {
		if s.punct(')') {
			break
		}
		name := s.word()
		if name != "" && s.punct('=') {
			if name == "pre_hook" || name == "post_hook" {
				hooks = append(hooks, s.hookValue()...)
			} else if !s.skipValue() {
				return -1, nil
			}
		} else if !s.skipValue() {
			return -1, nil
		}
		if !s.punct(',') && !s.punct(')') {
			return -1, nil
		} else if s.src[s.pos-1] == ')' {
			break
		}
	}
	s.space()
	s.skip('-', '+')
	if !bytes.HasPrefix(src[s.pos:], []byte("}}")) {
		return -1, nil
	}
	return s.pos + 2, hooks
}

// scanner reads the Python-like arguments of config().
type scanner struct {
	src []byte
	pos int
}

func (s *scanner) space() {
	for s.pos < len(s.src) && strings.IndexByte(" \t\r\n", s.src[s.pos]) >= 0 {
		s.pos++
	}
}

func (s *scanner) skip(cs ...byte) {
	for _, c := range cs {
		if s.pos < len(s.src) && s.src[s.pos] == c {
			s.pos++
		}
	}
}

func (s *scanner) punct(c byte) bool {
	s.space()
	if s.pos < len(s.src) && s.src[s.pos] == c {
		s.pos++
		return true
	}
	return false
}

func (s *scanner) word() string {
	s.space()
	start := s.pos
	for s.pos < len(s.src) && (s.src[s.pos] == '_' || s.src[s.pos] >= 'a' && s.src[s.pos] <= 'z' ||
		s.src[s.pos] >= 'A' && s.src[s.pos] <= 'Z' || s.pos > start && s.src[s.pos] >= '0' && s.src[s.pos] <= '9') {
		s.pos++
	}
	return string(s.src[start:s.pos])
}

// str reads a string literal at pos ('...' or "...", backslash escapes):
// its decoded text aligned on the file, and the offsets of its quotes.
func (s *scanner) str() (hook, bool) {
	s.space()
	if s.pos >= len(s.src) || s.src[s.pos] != '\'' && s.src[s.pos] != '"' {
		return hook{}, false
	}
	q := s.src[s.pos]
	h := hook{open: s.pos, close: -1}
	quotes := map[byte]int{}
	for j := s.pos + 1; j < len(s.src); j++ {
		c := s.src[j]
		switch {
		case c == '\\' && j+1 < len(s.src):
			d := sqlparse.JinjaEscape(s.src[j+1])
			h.place(d, j, 2, quotes)
			j++
		case c == q:
			h.close, s.pos = j, j+1
			return h, true
		default:
			h.text, h.at = append(h.text, c), append(h.at, j)
			if c == '\'' || c == '"' {
				quotes[c]++
			}
		}
	}
	return hook{}, false
}

// place writes the decoded bytes d of an escape of n bytes at off. An
// opening quote is written at the escape's end and a closing one at its
// start, so that the quoted text keeps no blank inside: \"r\" is  "r" .
func (h *hook) place(d string, off, n int, quotes map[byte]int) {
	at := off
	if len(d) == 1 && (d[0] == '\'' || d[0] == '"') {
		quotes[d[0]]++
		if quotes[d[0]]%2 == 1 {
			at = off + n - 1
		}
	}
	for i := 0; i < len(d); i++ {
		h.text, h.at = append(h.text, d[i]), append(h.at, at+i)
	}
}

// hookValue reads a hook argument: a string, a list of them, or a dict
// whose "sql" is one. Anything else (a macro call) is skipped: what it
// renders to is not known.
func (s *scanner) hookValue() []hook {
	if h, ok := s.str(); ok {
		return []hook{h}
	}
	save := s.pos
	var out []hook
	switch {
	case s.punct('['):
		for !s.punct(']') {
			hs := s.hookValue()
			if hs == nil && !s.skipValue() {
				return nil
			}
			out = append(out, hs...)
			if !s.punct(',') && !s.punct(']') {
				return nil
			} else if s.src[s.pos-1] == ']' {
				break
			}
		}
		return out
	case s.punct('{'):
		for !s.punct('}') {
			key, isKey := s.str()
			if !isKey || !s.punct(':') {
				return nil
			}
			if string(key.text) == "sql" {
				out = append(out, s.hookValue()...)
			} else if !s.skipValue() {
				return nil
			}
			if !s.punct(',') && !s.punct('}') {
				return nil
			} else if s.src[s.pos-1] == '}' {
				break
			}
		}
		return out
	}
	s.pos = save
	s.skipValue()
	return nil
}

// skipValue skips one argument value, up to a top-level ',' or closing
// bracket; false when the file ends first.
func (s *scanner) skipValue() bool {
	depth := 0
	for s.space(); s.pos < len(s.src); {
		switch c := s.src[s.pos]; c {
		case '\'', '"':
			if _, ok := s.str(); !ok {
				return false
			}
			continue
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			if depth == 0 {
				return true
			}
			depth--
		case ',':
			if depth == 0 {
				return true
			}
		}
		s.pos++
	}
	return false
}

// ProjectHooks is the view of a dbt_project.yml named name: on-run-start,
// on-run-end and every +pre-hook and +post-hook (pre-hook, post-hook;
// with _ too) under models, seeds and snapshots. A file YAML cannot read
// is an input error naming its line.
func ProjectHooks(name string) func([]byte) (*sqlview.View, error) {
	return func(src []byte) (*sqlview.View, error) {
		p, err := projectvars.ParseDbtProject(name, string(src))
		if err != nil {
			return nil, err
		}
		view := make([]byte, len(src))
		copy(view, src)
		sqlview.Blank(view, 0, len(view))
		lines := lineStarts(src)
		for _, n := range projectHookNodes(p.Root) {
			if h, ok := yamlHook(src, lines, n); ok {
				h.write(view)
			}
		}
		return &sqlview.View{SQL: view}, nil
	}
}

// projectHookNodes are the scalar nodes of the project's hooks, in file order.
func projectHookNodes(root *yaml.Node) []*yaml.Node {
	var out []*yaml.Node
	for _, key := range []string{"on-run-start", "on-run-end"} {
		out = append(out, hookScalars(projectvars.MappingValue(root, key), 0)...)
	}
	for _, key := range []string{"models", "seeds", "snapshots"} {
		out = append(out, configHooks(projectvars.MappingValue(root, key), 0)...)
	}
	return out
}

const maxDepth = 100 // YAML nesting read, far beyond any project's

// configHooks finds the hook keys in a resource config tree.
func configHooks(n *yaml.Node, depth int) []*yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode || depth > maxDepth {
		return nil
	}
	var out []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := strings.ReplaceAll(strings.TrimPrefix(n.Content[i].Value, "+"), "_", "-")
		if k == "pre-hook" || k == "post-hook" {
			out = append(out, hookScalars(n.Content[i+1], 0)...)
		} else {
			out = append(out, configHooks(n.Content[i+1], depth+1)...)
		}
	}
	return out
}

// hookScalars: a hook is a string, a list of hooks, or a mapping whose
// sql is one.
func hookScalars(n *yaml.Node, depth int) []*yaml.Node {
	if n == nil || depth > maxDepth {
		return nil
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!str" {
			return []*yaml.Node{n}
		}
	case yaml.SequenceNode:
		var out []*yaml.Node
		for _, c := range n.Content {
			out = append(out, hookScalars(c, depth+1)...)
		}
		return out
	case yaml.MappingNode:
		return hookScalars(projectvars.MappingValue(n, "sql"), depth+1)
	}
	return nil
}

func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// offset is the byte offset of a YAML mark (1-based line, and column in
// characters).
func offset(src []byte, lines []int, line, col int) int {
	if line < 1 || line > len(lines) {
		return -1
	}
	off := lines[line-1]
	for c := 1; c < col && off < len(src) && src[off] != '\n'; c++ {
		_, size := utf8.DecodeRune(src[off:])
		off += size
	}
	return off
}

// yamlHook aligns the decoded value of a scalar on the file: from where
// the scalar starts (after a block scalar's header line), each decoded
// byte is the next file byte equal to it; the file bytes between are white
// space (indentation, folded line breaks) and stay blank, and an escape is
// placed as in a Jinja string. Anything else means the value cannot be
// placed: the hook is left out rather than guessed, and the scan never
// goes past the scalar.
func yamlHook(src []byte, lines []int, n *yaml.Node) (hook, bool) {
	start := offset(src, lines, n.Line, n.Column)
	if start < 0 {
		return hook{}, false
	}
	h := hook{open: -1, close: -1}
	d := n.Value
	j := start
	switch n.Style {
	case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
		h.open = start
		j++
	case yaml.LiteralStyle, yaml.FoldedStyle:
		for j < len(src) && src[j] != '\n' { // the header: | or >, indicators, a comment
			j++
		}
	}
	quotes := map[byte]int{}
	for i := 0; i < len(d); {
		if j >= len(src) {
			return hook{}, false
		}
		switch c := src[j]; {
		case n.Style == yaml.SingleQuotedStyle && c == '\'' && j+1 < len(src) && src[j+1] == '\'' && d[i] == '\'':
			h.place("'", j, 2, quotes)
			i, j = i+1, j+2
		case n.Style == yaml.DoubleQuotedStyle && c == '\\':
			size, text := yamlEscape(src[j:])
			if !strings.HasPrefix(d[i:], text) {
				return hook{}, false
			}
			h.place(text, j, size, quotes)
			i, j = i+len(text), j+size
		case c == d[i]:
			h.text, h.at = append(h.text, c), append(h.at, j)
			if c == '\'' || c == '"' {
				quotes[c]++
			}
			i, j = i+1, j+1
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			j++
		default:
			return hook{}, false
		}
	}
	h.close = j
	for h.close < len(src) && (src[h.close] == '\n' || src[h.close] == '\r') {
		h.close++
	}
	return h, true
}

// yamlEscape reads a double-quoted YAML escape: its length and the text it
// stands for ("" for an escaped line break, which folds away).
func yamlEscape(b []byte) (int, string) {
	if len(b) < 2 {
		return 1, ""
	}
	hex := map[byte]int{'x': 2, 'u': 4, 'U': 8}[b[1]]
	if hex > 0 {
		if len(b) < 2+hex {
			return len(b), "\\"
		}
		var r rune
		for _, c := range b[2 : 2+hex] {
			v := strings.IndexByte("0123456789abcdef", c|0x20)
			if v < 0 {
				return 2 + hex, "\\"
			}
			r = r*16 + rune(v)
		}
		return 2 + hex, string(r)
	}
	if text, ok := yamlEscapes[b[1]]; ok {
		return 2, text
	}
	if b[1] == '\r' && len(b) > 2 && b[2] == '\n' {
		return 3, "" // an escaped CRLF line break
	}
	return 2, "\\" // no escape YAML knows: YAML refused the file already
}

// yamlEscapes are YAML 1.2's one-character escapes (section 5.7); an
// escaped line break folds away.
var yamlEscapes = map[byte]string{
	'0': "\x00", 'a': "\a", 'b': "\b", 't': "\t", '\t': "\t", 'n': "\n", 'v': "\v", 'f': "\f",
	'r': "\r", 'e': "\x1b", ' ': " ", '"': "\"", '/': "/", '\\': "\\", 'N': "\u0085",
	'_': "\u00a0", 'L': "\u2028", 'P': "\u2029", '\n': "",
}
