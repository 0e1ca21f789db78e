package config

import (
	"fmt"
	"slices"
	"strings"
)

// Connection is what connect checks: from connect's flags, or from one
// [[connections]] table, which check evaluates on every run.
type Connection struct {
	Start      string
	Chain      []string // empty elements kept, for the caller to report
	DBUser     string
	DBName     string
	DBGroups   []string
	AutoCreate bool
	// Header is the table's [[connections]] line (or its "{" in an inline
	// array): where findings about the connection point. Zero for flags.
	Header Span

	cfg  *Config
	path string // connections[i]
}

// Errorf reports a problem with one of a [[connections]] table's keys
// (e.g. "chain"), positioned at its value, or at the header when the key
// is absent. For a connection from flags it names the flag instead.
func (c Connection) Errorf(key, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if c.cfg == nil {
		return fmt.Errorf("--%s: %s", strings.ReplaceAll(key, "_", "-"), msg)
	}
	e := &Error{File: c.cfg.Path, Pos: c.Header.Start, Key: c.path + "." + key, Msg: msg}
	if n := c.cfg.node(e.Key); n != nil {
		e.Pos = n.value
	}
	return e
}

// valueSource is where a connection's values come from: the command line
// (the resolver) or a [[connections]] table. Both are read by flag name,
// and both report a missing required value.
type valueSource interface {
	str(name string) string
	list(name string) []string
	boolean(name string) bool
}

func readConnection(src valueSource) Connection {
	return Connection{
		Start:      strings.TrimSpace(src.str("start")),
		Chain:      src.list("chain"),
		DBUser:     src.str("db-user"),
		DBName:     src.str("db-name"),
		DBGroups:   src.list("db-groups"),
		AutoCreate: src.boolean("auto-create"),
	}
}

// checkConnections checks `[[connections]]` tables (or an array of inline
// tables): known keys and types.
func checkConnections(n *node) []*Error {
	if n.kind != kindArray {
		return []*Error{wrongType(n, "an array of tables ([[connections]])")}
	}
	var errs []*Error
	for _, t := range n.elems {
		if t.kind != kindTable {
			errs = append(errs, wrongType(t, "a table"))
			continue
		}
		for _, name := range t.names {
			if o := connectionOption(name); o != nil {
				errs = append(errs, checkValue(o, t.fields[name])...)
			} else {
				errs = append(errs, unknownKey(t.fields[name], name, connectionKeys(), knownConnectionKeys()))
			}
		}
	}
	return errs
}

func connectionOption(key string) *Option {
	for _, o := range connectionOptions() {
		if o.ConnectionKey == key {
			return o
		}
	}
	return nil
}

// decodeConnections reads the checked [[connections]] tables; a missing
// required key is the first error.
func decodeConnections(cfg *Config) ([]Connection, error) {
	arr := cfg.tree.root.fields[connectionsKey]
	if arr == nil {
		return nil, nil
	}
	var out []Connection
	for _, t := range arr.elems {
		src := &tableSource{table: t}
		c := readConnection(src)
		if src.err != nil {
			return nil, src.err
		}
		c.Header, c.cfg, c.path = t.header, cfg, t.path
		out = append(out, c)
	}
	return out, nil
}

// tableSource reads a [[connections]] table by the flag names of connect.
type tableSource struct {
	table *node
	err   *Error // the first required key that is missing
}

func (s *tableSource) get(name string) (*Option, *node) {
	o := lookup(Connect, name)
	n := s.table.fields[o.ConnectionKey]
	if o.Required != "" && isEmpty(n) && s.err == nil {
		s.err = &Error{Pos: s.table.header.Start, Key: s.table.path,
			Msg: fmt.Sprintf("%s is required: %s", o.ConnectionKey, o.Required)}
	}
	return o, n
}

func (s *tableSource) str(name string) string {
	if _, n := s.get(name); n != nil {
		return n.text
	}
	return ""
}

func (s *tableSource) list(name string) []string {
	if o, n := s.get(name); n != nil {
		return nodeStrings(o, n)
	}
	return nil
}

func (s *tableSource) boolean(name string) bool {
	_, n := s.get(name)
	return n != nil && n.text == "true"
}

// isEmpty: absent, a blank string, or a list of nothing but blanks.
func isEmpty(n *node) bool {
	if n == nil {
		return true
	}
	switch n.kind {
	case kindString:
		return strings.TrimSpace(n.text) == ""
	case kindArray:
		return !slices.ContainsFunc(n.elems, func(e *node) bool { return !isEmpty(e) })
	}
	return false
}

// nodeStrings reads a checked string list: an array of strings, or one
// comma-separated string.
func nodeStrings(o *Option, n *node) []string {
	if n.kind == kindString {
		return splitCommas([]string{n.text}, o.KeepEmpty)
	}
	out := make([]string, len(n.elems))
	for i, e := range n.elems {
		out[i] = e.text
	}
	return out
}

// splitCommas splits each value at commas and trims the parts; empty parts
// are dropped unless keepEmpty (a role chain: the caller reports them).
func splitCommas(values []string, keepEmpty bool) []string {
	var out []string
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			if part = strings.TrimSpace(part); part != "" || keepEmpty {
				out = append(out, part)
			}
		}
	}
	return out
}
