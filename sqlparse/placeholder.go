package sqlparse

import (
	"fmt"
	"strings"
)

// Vars holds the values of template placeholders (--var, --vars-file).
type Vars map[string]string

// lookup finds a value by exact name, then, when foldCase, case-insensitively
// as Flyway does (psql variables and Jinja names are case-sensitive). Among
// several names that differ only in case, the smallest wins, so the result
// does not depend on map order.
func (v Vars) lookup(name string, foldCase bool) (string, bool) {
	if val, ok := v[name]; ok {
		return val, true
	}
	if !foldCase {
		return "", false
	}
	best, val, found := "", "", false
	for k, kv := range v {
		if strings.EqualFold(k, name) && (!found || k < best) {
			best, val, found = k, kv, true
		}
	}
	return val, found
}

// Placeholder is one template placeholder inside or as a credential value.
type Placeholder struct {
	Raw      string // as written, e.g. "${loader_role}" or "{{ var('role') }}"
	Name     string // the variable it reads, "" when it is not a plain variable reference
	Span     Span   // in the file
	Resolved bool   // a value was supplied and substituted
	Refused  bool   // a value was supplied but not substituted: the file's expansion budget was spent
	// Runtime: not a template placeholder but a procedure's parameter,
	// variable or expression, in a routine body (routine.go); Name is
	// empty and no value can resolve it.
	Runtime bool
	// Bound: a Jinja name the template binds itself (jinja.go), which no
	// value resolves: what binds it, "an argument of macro unload_to".
	Bound string
	// Default: the value is the literal default of var() or env_var(),
	// nothing having supplied the name.
	Default bool
	// Key is the Vars key the value was read under (Name, or
	// DbtVarKey(Name) for a dbt var); "" when unresolved, or for a \set
	// or a default.
	Key  string
	Text [2]int // the bytes of Value.Text it produced (the raw text when unresolved)
}

// placeholderName extracts the variable a placeholder reads: ${name}, {{ name }},
// {{ var('name') }}, {{ env_var('NAME') }} (EnvVarKey("NAME")), :name, :'name', :"name".
func placeholderName(raw string) string {
	switch {
	case strings.HasPrefix(raw, "${"):
		return strings.TrimSpace(raw[2 : len(raw)-1])
	case strings.HasPrefix(raw, "{{"):
		ref, _ := parseJinja(raw)
		return ref.key
	case strings.HasPrefix(raw, ":'"), strings.HasPrefix(raw, `:"`):
		return raw[2 : len(raw)-1]
	case strings.HasPrefix(raw, ":"):
		return raw[1:]
	}
	return ""
}

// resolve returns the value of the placeholder raw, if vars supply one.
func (v Vars) resolve(raw string) (string, bool) {
	name := placeholderName(raw)
	if name == "" || v == nil {
		return "", false
	}
	return v.lookup(name, strings.HasPrefix(raw, "${"))
}

// The text placeholder values add to a file is bounded: at most
// ExpansionFactor times the file's size, and never less than
// ExpansionFloor bytes (a short file may use a long chain). Every
// substituted byte costs a source-map entry, so 10,000 ${a} with a 10 KB
// value once took 4 GB; past the bound placeholders are left unsubstituted
// (unresolved: what holds them cannot be checked) and one DiagExpansion
// diagnostic says where.
const (
	ExpansionFactor = 16
	ExpansionFloor  = 1 << 20
)

// substitution resolves the placeholders of one file within its budget.
type substitution struct {
	vars    Vars
	sets    []psqlSet         // the file's \set lines, which win over vars for later :NAME
	binds   *templateBindings // the names the file's Jinja binds itself; nil for none
	left    int               // bytes of values that may still be substituted
	refused []Span            // placeholders that had a value but were left unsubstituted
	delims  Delimiters        // the project's own placeholder delimiters (delimiters.go)
}

func newSubstitution(vars Vars, fileSize int) *substitution {
	return &substitution{vars: vars, left: max(ExpansionFactor*fileSize, ExpansionFloor)}
}

// resolve returns the value of the placeholder raw at span; refused
// reports a value the budget had no room for.
func (s *substitution) resolve(raw string, span Span) (val string, ok, refused bool) {
	val, ok = s.lookup(raw, span)
	if !ok {
		return "", false, false
	}
	if len(val) > s.left {
		s.refused = append(s.refused, span)
		return "", false, true
	}
	s.left -= len(val)
	return val, true, false
}

// lookup finds the value of the placeholder raw at span: for a psql
// variable, the last \set before it, else vars (psql -v and --set are
// given with --var).
func (s *substitution) lookup(raw string, span Span) (string, bool) {
	f := s.find(raw, span)
	return f.val, f.ok
}

// found is a placeholder's value and where it came from.
type found struct {
	val       string
	ok        bool
	key       string // the Vars key it was read under; "" for a \set or a default
	isDefault bool   // the literal default of var() or env_var()
}

// find is lookup that says where the value came from. A dbt var('x') reads
// x (--var, the project's files), then DbtVarKey(x) (dbt_project.yml,
// --dbt-vars), then its literal default.
func (s *substitution) find(raw string, span Span) found {
	if name, ok := s.delims.name(raw); ok { // Flyway's names ignore case
		val, ok := s.vars.lookup(name, true)
		return found{val: val, ok: ok, key: name}
	}
	if raw[0] == ':' {
		if val, known, set := psqlSetBefore(s.sets, placeholderName(raw), span.Start); set {
			return found{val: val, ok: known}
		}
	}
	if val, ok := s.vars.resolve(raw); ok || raw[0] != '{' {
		return found{val: val, ok: ok, key: placeholderName(raw)}
	}
	ref, ok := parseJinja(raw)
	switch {
	case !ok:
		return found{}
	case ref.dbtKey != "" && s.vars != nil:
		if val, ok := s.vars[ref.dbtKey]; ok {
			return found{val: val, ok: true, key: ref.dbtKey}
		}
	}
	if ref.hasDefault {
		return found{val: ref.def, ok: true, isDefault: true}
	}
	return found{}
}

// bound says what in the template binds the placeholder raw at span, when
// it is a bare Jinja name the template binds (a macro argument); "" else.
func (s *substitution) bound(raw string, span Span) string {
	if s.binds == nil || raw[0] != '{' {
		return ""
	}
	ref, ok := parseJinja(raw)
	if !ok {
		return ""
	}
	return s.binds.bound(ref.local, span)
}

// diagnostic is the one diagnostic of a file whose budget ran out, at the
// first placeholder left unsubstituted; nil when none was.
func (s *substitution) diagnostic(fileSize int) *Diagnostic {
	if len(s.refused) == 0 {
		return nil
	}
	msg := fmt.Sprintf("placeholder values would add more than %d bytes to this file (%d times its size, at least %d): this placeholder",
		max(ExpansionFactor*fileSize, ExpansionFloor), ExpansionFactor, ExpansionFloor)
	if n := len(s.refused) - 1; n > 0 {
		msg += fmt.Sprintf(" and %d after it were", n)
	} else {
		msg += " was"
	}
	return &Diagnostic{Kind: DiagExpansion, Span: s.refused[0], Reference: -1,
		Message: msg + " left unsubstituted, so what holds them is not checked",
		Help:    "shorten the values passed with --var or --vars-file, or use fewer placeholders"}
}
