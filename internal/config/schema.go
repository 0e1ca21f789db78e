package config

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/internal/suggest"
)

// connectionsKey is the array of tables the check command evaluates as
// connect would; its keys are the ConnectionKey of the option table.
const connectionsKey = "connections"

// checkDocument compares the document with the option table: unknown keys,
// values of the wrong TOML type, values outside a fixed set.
func checkDocument(root *node) []*Error {
	var errs []*Error
	for _, name := range root.names {
		n := root.fields[name]
		switch {
		case name == connectionsKey:
			errs = append(errs, checkConnections(n)...)
		case keyOption(name) != nil:
			errs = append(errs, checkValue(keyOption(name), n)...)
		case isTableName(name):
			errs = append(errs, checkTable(n)...)
		default:
			errs = append(errs, unknownKey(n, n.path, keyPaths(), knownKeys()))
		}
	}
	return errs
}

// isTableName: some option key is name.something.
func isTableName(name string) bool {
	return slices.ContainsFunc(options, func(o Option) bool { return strings.HasPrefix(o.Key, name+".") })
}

// checkTable checks [rules] or [assumerole].
func checkTable(t *node) []*Error {
	if t.kind != kindTable {
		return []*Error{wrongType(t, "a table")}
	}
	var errs []*Error
	for _, name := range t.names {
		n := t.fields[name]
		if o := keyOption(t.name + "." + name); o != nil && !strings.Contains(name, ".") {
			errs = append(errs, checkValue(o, n)...)
			continue
		}
		errs = append(errs, unknownKey(n, n.path, keyPaths(), knownKeys()))
	}
	return errs
}

// unknownKey says that n's key is none of the known ones, and which of the
// candidates the typed key may stand for.
func unknownKey(n *node, typed string, candidates []string, known string) *Error {
	hint := suggest.Hint(typed, candidates, "%q")
	return &Error{Pos: n.key, Msg: fmt.Sprintf("unknown key %q%s (known keys: %s)", n.path, hint, known)}
}

func wrongType(n *node, want string) *Error {
	return &Error{Pos: n.value, Key: n.path, Msg: fmt.Sprintf("want %s, got %s", want, n.kind.article())}
}

// checkValue checks one value against its option's kind and fixed set.
func checkValue(o *Option, n *node) []*Error {
	switch o.Kind {
	case String:
		if n.kind != kindString {
			return []*Error{wrongType(n, "a string")}
		}
		return checkAllowed(o, n)
	case Int:
		return checkInt(o, n)
	case Bool:
		if n.kind != kindBool {
			return []*Error{wrongType(n, "a boolean")}
		}
	case StringList:
		return checkList(o, n)
	case StringMap:
		return checkMap(o, n)
	}
	return nil
}

func checkAllowed(o *Option, n *node) []*Error {
	if o.allows(n.text) {
		return nil
	}
	return []*Error{{Pos: n.value, Key: n.path, Msg: unknownValue(o, n.text)}}
}

func unknownValue(o *Option, value string) string {
	return fmt.Sprintf("unknown %s %q%s (want %s)", o.noun(), value, suggest.Hint(value, o.Allowed, "%q"), oneOf(o.Allowed))
}

func checkInt(o *Option, n *node) []*Error {
	if n.kind != kindInteger {
		return []*Error{wrongType(n, "an integer")}
	}
	v, err := parseInt(n.text)
	if err != nil || v < int64(o.Min) {
		return []*Error{{Pos: n.value, Key: n.path, Msg: fmt.Sprintf("must be at least %d, got %s", o.Min, n.text)}}
	}
	return nil
}

// parseInt reads a TOML integer (already valid: go-toml decoded it);
// Go's syntax with base prefix and underscores is a superset.
func parseInt(text string) (int64, error) {
	return strconv.ParseInt(text, 0, 64)
}

func checkList(o *Option, n *node) []*Error {
	if o.Commas && n.kind == kindString {
		return nil
	}
	want := "an array of strings"
	if o.Commas {
		want += " or a comma-separated string"
	}
	if n.kind != kindArray {
		return []*Error{wrongType(n, want)}
	}
	var errs []*Error
	for _, e := range n.elems {
		if e.kind != kindString {
			errs = append(errs, wrongType(e, "a string"))
		}
	}
	return errs
}

func checkMap(o *Option, n *node) []*Error {
	if n.kind != kindTable {
		return []*Error{wrongType(n, "a table of strings")}
	}
	var errs []*Error
	for _, name := range n.names {
		v := n.fields[name]
		if v.kind != kindString {
			errs = append(errs, wrongType(v, "a string"))
			continue
		}
		errs = append(errs, checkAllowed(o, v)...)
		if o.Entry == nil {
			continue
		}
		if err := o.Entry(name, v.text); err != nil {
			errs = append(errs, &Error{Pos: v.value, Key: v.path, Msg: err.Error()})
		}
	}
	return errs
}

// firstError is the error that comes first in the file.
func firstError(errs []*Error) error {
	if len(errs) == 0 {
		return nil
	}
	return slices.MinFunc(errs, func(a, b *Error) int { return a.Pos.Offset - b.Pos.Offset })
}
