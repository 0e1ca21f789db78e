package iam

import "strings"

// expansion is a policy string after policy-variable substitution [VARS].
type expansion struct {
	pattern pattern
	// state: True when every variable resolved; False when a variable's key
	// is absent with no default, so the string matches nothing; Maybe when a
	// variable's key is unknowable (or multivalued, which AWS does not
	// substitute and documents only as "might" invalidate the statement).
	state       Tri
	unknownKeys []string
}

// expandVariables substitutes ${key}, ${key, 'default'} and the escapes
// ${*}, ${?}, ${$} in s from byte offset from on. Substituted text is marked
// literal, so a '*' from ${*} does not act as a wildcard. Callers pass
// enabled=false for documents not written in Version 2012-10-17, where
// "${...}" is plain text [VER].
func expandVariables(s string, from int, enabled bool, ctx *Context) expansion {
	if !enabled || !strings.Contains(s[from:], "${") {
		return expansion{pattern: plainPattern(s), state: True}
	}
	b := patternBuilder{}
	b.raw(s[:from])
	out := expansion{state: True}
	rest := s[from:]
	for {
		open := strings.Index(rest, "${")
		if open < 0 {
			break
		}
		end := strings.IndexByte(rest[open:], '}')
		if end < 0 {
			break // an unterminated ${ is plain text
		}
		b.raw(rest[:open])
		body := rest[open+2 : open+end]
		if text, state, key, ok := resolveVariable(body, ctx); ok {
			b.literal(text)
			out.state = out.state.And(state)
			if state == Maybe {
				out.unknownKeys = append(out.unknownKeys, key)
			}
		} else {
			b.raw(rest[open : open+end+1])
		}
		rest = rest[open+end+1:]
	}
	b.raw(rest)
	out.pattern = b.pattern()
	return out
}

// resolveVariable resolves the text between "${" and "}". ok is false when
// the body is not a variable at all (then it stays literal text).
func resolveVariable(body string, ctx *Context) (text string, state Tri, key string, ok bool) {
	switch body {
	case "*", "?", "$":
		return body, True, "", true
	}
	key, def, hasDefault, ok := parseVariable(body)
	if !ok {
		return "", False, "", false
	}
	values, ks := ctx.Lookup(key)
	switch {
	case ks == KeyPresent && len(values) == 1:
		return values[0], True, key, true
	case ks == KeyPresent:
		return "", Maybe, key, true
	case ks == KeyAbsent && hasDefault:
		return def, True, key, true
	case ks == KeyAbsent:
		return "", False, key, true
	}
	return "", Maybe, key, true
}

// parseVariable reads "key" or "key, 'default value'".
func parseVariable(body string) (key, def string, hasDefault, ok bool) {
	key, rest, hasComma := strings.Cut(body, ",")
	key = strings.TrimSpace(key)
	if key == "" || strings.ContainsAny(key, " \t'") {
		return "", "", false, false
	}
	if !hasComma {
		return key, "", false, true
	}
	rest = strings.TrimSpace(rest)
	if len(rest) < 2 || rest[0] != '\'' || rest[len(rest)-1] != '\'' {
		return "", "", false, false
	}
	return key, rest[1 : len(rest)-1], true, true
}

// patternBuilder assembles a pattern from raw policy text (where '*' and
// '?' are wildcards) and substituted text (always literal).
type patternBuilder struct {
	text  strings.Builder
	flags []bool
}

func (b *patternBuilder) raw(s string) { b.write(s, false) }

func (b *patternBuilder) literal(s string) { b.write(s, true) }

func (b *patternBuilder) write(s string, literal bool) {
	b.text.WriteString(s)
	for range len(s) {
		b.flags = append(b.flags, literal)
	}
}

func (b *patternBuilder) pattern() pattern {
	return pattern{text: b.text.String(), literal: b.flags}
}
