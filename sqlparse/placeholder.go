package sqlparse

import (
	"regexp"
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
	Text     [2]int // the bytes of Value.Text it produced (the raw text when unresolved)
}

var jinjaVar = regexp.MustCompile(`^\{\{-?\s*(?:(?:var|env_var)\(\s*['"]([^'"]+)['"]\s*(?:,[^)]*)?\)|([A-Za-z_][A-Za-z0-9_.]*))\s*-?\}\}$`)

// placeholderName extracts the variable a placeholder reads: ${name}, {{ name }},
// {{ var('name') }}, {{ env_var('NAME') }}, :name, :'name', :"name".
func placeholderName(raw string) string {
	switch {
	case strings.HasPrefix(raw, "${"):
		return strings.TrimSpace(raw[2 : len(raw)-1])
	case strings.HasPrefix(raw, "{{"):
		if m := jinjaVar.FindStringSubmatch(raw); m != nil {
			return m[1] + m[2]
		}
		return ""
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
