package sqlparse

import (
	"sort"
	"strings"
)

// Jinja (dbt) expressions. A {{ }} placeholder is read only when it is one
// of the forms whose value can be known offline:
//
//	{{ name }} or {{ a.b }}            a value by name (--var a.b=…; dbt's target.name)
//	{{ var('x') }}, var('x', 'default')   a dbt variable, with a literal default
//	{{ env_var('X') }}, env_var('X', 'd') an environment variable, with a literal default
//
// Anything else (filters, calls of other functions, operators) renders to
// a value that cannot be known without dbt, and stays unresolved with no name.
//
// dbt's var page says of the second argument: "If this argument is
// provided, then it will be the default value for the variable if one is
// not explicitly defined." So a literal default is the value when nothing
// (project, --var) supplies the name. env_var() reads the process
// environment as dbt does; its values are looked up under EnvVarKey(name),
// which no var() name, Flyway or psql placeholder can spell, so an
// environment variable never answers var('x') and a dbt variable never
// answers env_var('X').

// DbtVarKey is the Vars key under which a dbt project's own variables
// (dbt_project.yml vars, --dbt-vars) are given: only {{ var('name') }}
// reads them, after name itself (--var wins), and never a bare
// {{ name }}, which in dbt is no variable of the project.
func DbtVarKey(name string) string { return dbtVarPrefix + name }

const dbtVarPrefix = "var:"

// EnvVarKey is the Vars key whose value {{ env_var(name) }} reads: the
// project reader fills it from the environment, and --var env_var:NAME=…
// sets it by hand.
func EnvVarKey(name string) string { return envVarPrefix + name }

const envVarPrefix = "env_var:"

// jinjaRef is what a {{ }} placeholder reads.
type jinjaRef struct {
	key        string // the Vars key: the name, or EnvVarKey(name); "" when not readable
	dbtKey     string // for var(): DbtVarKey(name), read when key has no value
	local      string // a bare name (no var() or env_var()), which a macro or {% set %} may bind
	def        string // the literal default of var() or env_var()
	hasDefault bool
}

// parseJinja reads a {{ ... }} placeholder; ok is false (and ref empty)
// when it is none of the readable forms.
func parseJinja(raw string) (jinjaRef, bool) {
	ref, ok := readJinja(raw)
	if !ok {
		return jinjaRef{}, false
	}
	return ref, true
}

func readJinja(raw string) (ref jinjaRef, ok bool) {
	body, found := strings.CutPrefix(raw, "{{")
	if !found {
		return ref, false
	}
	body, found = strings.CutSuffix(body, "}}")
	if !found {
		return ref, false
	}
	// Whitespace control: {{- and -}}, {{+ and +}}.
	body = strings.TrimPrefix(strings.TrimPrefix(body, "-"), "+")
	body = strings.TrimSuffix(strings.TrimSuffix(body, "-"), "+")
	s := jinjaScanner{src: strings.TrimSpace(body)}
	name := s.dotted()
	if name == "" {
		return ref, false
	}
	if s.done() {
		return jinjaRef{key: name, local: name}, true
	}
	if name != "var" && name != "env_var" || !s.punct('(') {
		return ref, false
	}
	arg, isString := s.literal()
	if !isString || arg == "" {
		return ref, false
	}
	ref.key = arg
	if name == "env_var" {
		ref.key = EnvVarKey(arg)
	} else {
		ref.dbtKey = DbtVarKey(arg)
	}
	if s.punct(')') {
		return ref, s.done()
	}
	if !s.punct(',') {
		return jinjaRef{}, false
	}
	if s.punct(')') { // a trailing comma
		return ref, s.done()
	}
	if save := s.pos; s.ident() != "default" || !s.punct('=') {
		s.pos = save
	}
	def, isLit := s.literal()
	if !isLit {
		// A default that is an expression: the name is still known, its
		// default is not.
		return ref, s.skipToClose()
	}
	ref.def, ref.hasDefault = def, true
	s.punct(',')
	if !s.punct(')') {
		return jinjaRef{}, false
	}
	return ref, s.done()
}

// jinjaScanner reads the few tokens of a readable Jinja expression.
type jinjaScanner struct {
	src string
	pos int
}

func (s *jinjaScanner) space() {
	for s.pos < len(s.src) && isSpace(s.src[s.pos]) {
		s.pos++
	}
}

func (s *jinjaScanner) done() bool {
	s.space()
	return s.pos == len(s.src)
}

// punct consumes c after white space.
func (s *jinjaScanner) punct(c byte) bool {
	s.space()
	if s.pos < len(s.src) && s.src[s.pos] == c {
		s.pos++
		return true
	}
	return false
}

// ident reads [A-Za-z_][A-Za-z0-9_]*.
func (s *jinjaScanner) ident() string {
	s.space()
	start := s.pos
	for s.pos < len(s.src) {
		c := s.src[s.pos]
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || s.pos > start && c >= '0' && c <= '9' {
			s.pos++
			continue
		}
		break
	}
	return s.src[start:s.pos]
}

// dotted reads ident(.ident)*, as {{ target.name }} is written.
func (s *jinjaScanner) dotted() string {
	name := s.ident()
	for name != "" && s.pos < len(s.src) && s.src[s.pos] == '.' {
		s.pos++
		next := s.ident()
		if next == "" {
			return ""
		}
		name += "." + next
	}
	return name
}

// literal reads a string literal ('...' or "..." with Jinja's backslash
// escapes) or an integer, which renders as written; isLit is false for
// anything else, and nothing is consumed then.
func (s *jinjaScanner) literal() (text string, isLit bool) {
	s.space()
	if s.pos >= len(s.src) {
		return "", false
	}
	switch q := s.src[s.pos]; {
	case q == '\'' || q == '"':
		var b strings.Builder
		for j := s.pos + 1; j < len(s.src); j++ {
			c := s.src[j]
			switch {
			case c == '\\' && j+1 < len(s.src):
				j++
				b.WriteString(JinjaEscape(s.src[j]))
			case c == q:
				s.pos = j + 1
				return b.String(), true
			default:
				b.WriteByte(c)
			}
		}
		return "", false
	case q == '-' || q >= '0' && q <= '9':
		j := s.pos
		if q == '-' {
			j++
		}
		start := j
		for j < len(s.src) && s.src[j] >= '0' && s.src[j] <= '9' {
			j++
		}
		if j == start || j < len(s.src) && (isIdentByte(s.src[j]) || s.src[j] == '.') {
			return "", false
		}
		text, s.pos = s.src[s.pos:j], j
		return text, true
	}
	return "", false
}

// skipToClose accepts the rest of an argument list that cannot be read:
// it must end with ')' and nothing after it.
func (s *jinjaScanner) skipToClose() bool {
	end := strings.LastIndexByte(s.src, ')')
	if end < s.pos {
		return false
	}
	s.pos = end + 1
	return s.done()
}

// JinjaEscape is what Jinja's string literals (Python's) make of a
// backslash and c; an unknown escape keeps its backslash, as Python does.
func JinjaEscape(c byte) string {
	switch c {
	case 'n':
		return "\n"
	case 't':
		return "\t"
	case 'r':
		return "\r"
	case '\\', '\'', '"':
		return string(c)
	}
	return "\\" + string(c)
}

// Names a template binds itself. dbt macros are called with arguments
// ({% macro unload_to(role) %} ... {{ role }} ... {% endmacro %}), and
// {% set x = ... %} and {% for x in ... %} bind names in the template: no
// project value or --var reaches them, so saying "pass --var role=..."
// would be wrong. Such a placeholder is opaque (Placeholder.Bound says
// what binds it) and never resolved.

// macroScope is the body of one {% macro %} and its parameters.
type macroScope struct {
	span   Span
	name   string
	params map[string]bool
}

// templateBindings are the names the file's template binds.
type templateBindings struct {
	macros []macroScope    // in file order, not nested
	locals map[string]bool // {% set %} and {% for %} names, anywhere in the file
}

// bindings reads the {% %} statements of a file.
func bindings(src []byte, segs []segment) *templateBindings {
	var b templateBindings
	open := -1 // index into b.macros of the macro whose body is being read
	for _, seg := range segs {
		if seg.kind != segTemplateStmt {
			continue
		}
		s := jinjaScanner{src: strings.TrimSpace(strings.Trim(strings.TrimSuffix(strings.TrimPrefix(string(src[seg.span.Start:seg.span.End]), "{%"), "%}"), "-+"))}
		switch s.ident() {
		case "macro":
			m := macroScope{span: Span{seg.span.End, len(src)}, name: s.ident(), params: map[string]bool{}}
			if s.punct('(') {
				for {
					p := s.ident()
					if p == "" {
						break
					}
					m.params[p] = true
					if s.punct('=') { // a default: skip to the next parameter
						s.skipArg()
					}
					if !s.punct(',') {
						break
					}
				}
			}
			b.macros = append(b.macros, m)
			open = len(b.macros) - 1
		case "endmacro":
			if open >= 0 {
				b.macros[open].span.End = seg.span.Start
				open = -1
			}
		case "set", "for":
			for {
				name := s.ident()
				if name == "" {
					break
				}
				if b.locals == nil {
					b.locals = map[string]bool{}
				}
				b.locals[name] = true
				if !s.punct(',') {
					break
				}
			}
		}
	}
	if len(b.macros) == 0 && len(b.locals) == 0 {
		return nil
	}
	return &b
}

// skipArg skips a parameter's default value, up to the next top-level ','
// or ')'.
func (s *jinjaScanner) skipArg() {
	depth := 0
	for ; s.pos < len(s.src); s.pos++ {
		switch c := s.src[s.pos]; c {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			if depth == 0 {
				return
			}
			depth--
		case ',':
			if depth == 0 {
				return
			}
		case '\'', '"':
			if _, ok := s.literal(); ok {
				s.pos--
			}
		}
	}
}

// bound says what binds the bare name a placeholder at span reads ("" when
// nothing in the template does): a macro parameter, or a {% set %} or
// {% for %} name.
func (b *templateBindings) bound(name string, span Span) string {
	if b == nil || name == "" {
		return ""
	}
	root, _, _ := strings.Cut(name, ".")
	// Macros are in file order and do not overlap: the one that may hold
	// span is the last to start before it.
	k := sort.Search(len(b.macros), func(k int) bool { return b.macros[k].span.Start > span.Start }) - 1
	if k >= 0 {
		if m := b.macros[k]; span.End <= m.span.End && m.params[root] {
			return "an argument of macro " + m.name
		}
	}
	if b.locals[root] {
		return "set in the template ({% set %} or {% for %})"
	}
	return ""
}
