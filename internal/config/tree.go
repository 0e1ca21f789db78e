package config

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
)

// valueKind is a TOML value's type, as messages name it.
type valueKind uint8

const (
	kindString valueKind = iota + 1
	kindInteger
	kindFloat
	kindBool
	kindDateTime
	kindArray
	kindTable
)

// article names the kind for "want ..., got ..." messages.
func (k valueKind) article() string {
	return [...]string{
		kindString: "a string", kindInteger: "an integer", kindFloat: "a float", kindBool: "a boolean",
		kindDateTime: "a date or time", kindArray: "an array", kindTable: "a table",
	}[k]
}

// node is one value of the document with the places of its key and value,
// so that every later message can point at them.
type node struct {
	kind   valueKind
	name   string // its key in the enclosing table ("" for an array element)
	path   string // as messages show it: rules.severity, connections[1].chain
	key    Pos    // where its key is written (an array element: its value)
	value  Pos    // where its value starts
	text   string // a scalar: strings unescaped, others as written
	elems  []*node
	names  []string // a table's keys in document order
	fields map[string]*node
	tables bool // an array of tables made by [[header]]s
	header Span // a table made by [header], [[header]] or { }: that header
}

// tree builds the document's nodes from go-toml's parser, which keeps the
// byte ranges its decoder forgets. The document has already been decoded
// by go-toml, so it is valid TOML; errors here are defensive.
type tree struct {
	data  []byte
	lines *lines
	root  *node
	index map[string]*node // path → node
}

func buildTree(data []byte, ln *lines) (*tree, error) {
	t := &tree{data: data, lines: ln, index: map[string]*node{}}
	t.root = &node{kind: kindTable, fields: map[string]*node{}}
	var p unstable.Parser
	p.Reset(data)
	current := t.root
	for p.NextExpression() {
		expr := p.Expression()
		var err error
		switch expr.Kind {
		case unstable.KeyValue:
			err = t.keyValue(current, expr)
		case unstable.Table, unstable.ArrayTable:
			current, err = t.header(expr)
		}
		if err != nil {
			return nil, err
		}
	}
	if perr, ok := p.Error().(*unstable.ParserError); ok {
		return nil, &Error{Pos: t.offsetPos(perr.Highlight), Msg: "toml: " + perr.Message}
	}
	return t, nil
}

// offsetPos is the position of a slice of the document.
func (t *tree) offsetPos(b []byte) Pos {
	off := cap(t.data) - cap(b)
	if b == nil || off < 0 || off > len(t.data) {
		off = len(t.data)
	}
	return t.lines.pos(off)
}

func (t *tree) rangePos(r unstable.Range) Pos { return t.lines.pos(int(r.Offset)) }

func keyNodes(n *unstable.Node) []*unstable.Node {
	var keys []*unstable.Node
	for it := n.Key(); it.Next(); {
		keys = append(keys, it.Node())
	}
	return keys
}

// keyValue adds `a.b.c = value` to table.
func (t *tree) keyValue(table *node, kv *unstable.Node) error {
	keys := keyNodes(kv)
	table, err := t.descend(table, keys[:len(keys)-1])
	if err != nil {
		return err
	}
	last := keys[len(keys)-1]
	name := string(last.Data)
	v, err := t.value(kv.Value(), joinPath(table.path, name), t.valueStart(last))
	if err != nil {
		return err
	}
	v.name, v.key = name, t.rangePos(last.Raw)
	return t.add(table, v)
}

// valueStart finds where the value after a key begins: past "=" and
// blanks. go-toml records no range for arrays.
func (t *tree) valueStart(lastKey *unstable.Node) int {
	i := int(lastKey.Raw.Offset + lastKey.Raw.Length)
	for i < len(t.data) && (t.data[i] == ' ' || t.data[i] == '\t' || t.data[i] == '=') {
		i++
	}
	return i
}

// header handles [a.b] and [[a.b]] and returns the table that the
// following keys go into.
func (t *tree) header(expr *unstable.Node) (*node, error) {
	keys := keyNodes(expr)
	parent, err := t.descend(t.root, keys[:len(keys)-1])
	if err != nil {
		return nil, err
	}
	last := keys[len(keys)-1]
	name := string(last.Data)
	span := t.headerSpan(keys[0], last)
	existing := parent.fields[name]
	if expr.Kind == unstable.Table {
		if existing == nil {
			existing = &node{kind: kindTable, name: name, path: joinPath(parent.path, name), fields: map[string]*node{}}
			existing.key = t.rangePos(last.Raw)
			if err := t.add(parent, existing); err != nil {
				return nil, err
			}
		}
		existing.header, existing.value = span, span.Start
		return existing, nil
	}
	if existing == nil {
		existing = &node{kind: kindArray, tables: true, name: name, path: joinPath(parent.path, name)}
		existing.key, existing.value = t.rangePos(last.Raw), span.Start
		if err := t.add(parent, existing); err != nil {
			return nil, err
		}
	}
	if !existing.tables {
		return nil, &Error{Pos: span.Start, Key: existing.path, Msg: "toml: not an array of tables"}
	}
	elem := &node{kind: kindTable, path: fmt.Sprintf("%s[%d]", existing.path, len(existing.elems)),
		key: span.Start, value: span.Start, header: span, fields: map[string]*node{}}
	existing.elems = append(existing.elems, elem)
	t.index[elem.path] = elem
	return elem, nil
}

// headerSpan covers a header from its first "[" to its last "]".
func (t *tree) headerSpan(first, last *unstable.Node) Span {
	start := int(first.Raw.Offset)
	for start > 0 && strings.ContainsRune(" \t[", rune(t.data[start-1])) {
		start--
	}
	for start < len(t.data) && t.data[start] != '[' { // back over blanks only: keep the brackets
		start++
	}
	end := int(last.Raw.Offset + last.Raw.Length)
	for end < len(t.data) && strings.ContainsRune(" \t]", rune(t.data[end])) {
		end++
	}
	for end > start && t.data[end-1] != ']' {
		end--
	}
	return Span{Start: t.lines.pos(start), End: t.lines.pos(end)}
}

// descend walks from table through the keys, making the tables a dotted
// key implies; a key naming an array of tables means its last table.
func (t *tree) descend(table *node, keys []*unstable.Node) (*node, error) {
	for _, k := range keys {
		name := string(k.Data)
		child := table.fields[name]
		if child == nil {
			child = &node{kind: kindTable, name: name, path: joinPath(table.path, name), fields: map[string]*node{}}
			child.key, child.value = t.rangePos(k.Raw), t.rangePos(k.Raw)
			if err := t.add(table, child); err != nil {
				return nil, err
			}
		}
		if child.tables && len(child.elems) > 0 {
			child = child.elems[len(child.elems)-1]
		}
		if child.kind != kindTable {
			return nil, &Error{Pos: t.rangePos(k.Raw), Key: child.path, Msg: "toml: not a table"}
		}
		table = child
	}
	return table, nil
}

func (t *tree) add(table *node, child *node) error {
	if table.fields[child.name] != nil {
		return &Error{Pos: child.key, Key: child.path, Msg: "toml: key defined twice"}
	}
	table.names = append(table.names, child.name)
	table.fields[child.name] = child
	t.index[child.path] = child
	return nil
}

// value builds the node of a value that starts at byte offset start.
func (t *tree) value(v *unstable.Node, path string, start int) (*node, error) {
	if v.Raw.Length > 0 {
		start = int(v.Raw.Offset)
	}
	n := &node{path: path, value: t.lines.pos(start), text: string(v.Data)}
	n.key = n.value
	switch v.Kind {
	case unstable.String:
		n.kind = kindString
	case unstable.Integer:
		n.kind = kindInteger
	case unstable.Float:
		n.kind = kindFloat
	case unstable.Bool:
		n.kind = kindBool
	case unstable.LocalDate, unstable.LocalTime, unstable.LocalDateTime, unstable.DateTime:
		n.kind = kindDateTime
	case unstable.Array:
		n.kind = kindArray
		return n, t.arrayElems(n, v, start)
	case unstable.InlineTable:
		n.kind, n.fields = kindTable, map[string]*node{}
		n.header = Span{Start: n.value, End: t.lines.pos(start + 1)}
		for it := v.Children(); it.Next(); {
			if err := t.keyValue(n, it.Node()); err != nil {
				return nil, err
			}
		}
	default:
		return nil, &Error{Pos: n.value, Key: path, Msg: "toml: unexpected " + v.Kind.String()}
	}
	t.index[path] = n
	return n, nil
}

// arrayElems builds an array's elements; an element whose start go-toml
// does not record (a nested array) is placed at the array's start.
func (t *tree) arrayElems(arr *node, v *unstable.Node, start int) error {
	t.index[arr.path] = arr
	for it := v.Children(); it.Next(); {
		elem, err := t.value(it.Node(), fmt.Sprintf("%s[%d]", arr.path, len(arr.elems)), start)
		if err != nil {
			return err
		}
		arr.elems = append(arr.elems, elem)
	}
	return nil
}

// joinPath writes a key path as TOML would: quoted where a key is not bare.
func joinPath(parent, name string) string {
	if !isBareKey(name) {
		name = strconv.Quote(name)
	}
	if parent == "" {
		return name
	}
	return parent + "." + name
}

func isBareKey(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}
