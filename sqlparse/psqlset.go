package sqlparse

import (
	"sort"
	"strings"
)

// psqlSet is one psql \set or \unset line: from at on, :name reads value.
type psqlSet struct {
	name  string
	value string
	known bool // false: \unset, or a value only psql can compute (`command`)
	at    int  // the offset of the line's backslash
}

// psqlSets reads the \set NAME value and \unset NAME lines of a file, in
// order, from the lexer's meta-command segments (so a \set inside a
// string or comment is not one). A value is psql's: its arguments
// concatenated, 'single-quoted' ones unquoted with psql's escapes,
// "double-quoted" ones kept with their quotes, :NAME read from earlier
// lines; a `backquoted` command makes the value unknown.
func psqlSets(src []byte, segs []segment) []psqlSet {
	var sets []psqlSet
	for _, s := range segs {
		if s.kind != segPsqlMeta {
			continue
		}
		if set, ok := parsePsqlSet(string(src[s.span.Start:s.span.End]), sets); ok {
			set.at = s.span.Start
			sets = append(sets, set)
		}
	}
	return sets
}

// parsePsqlSet reads one meta-command line; earlier are the sets before it.
func parsePsqlSet(line string, earlier []psqlSet) (psqlSet, bool) {
	args := psqlArgs(strings.TrimRight(line, "\r"))
	if len(args) < 2 || (args[0].text != `\set` && args[0].text != `\unset`) || args[1].quoted {
		return psqlSet{}, false
	}
	set := psqlSet{name: args[1].text, known: args[0].text == `\set`}
	for _, a := range args[2:] {
		switch {
		case !set.known:
		case a.command:
			set.known = false
		case a.variable != "":
			v, _ := lastSet(earlier, a.variable)
			set.value, set.known = set.value+v.value, v.known
		default:
			set.value += a.text
		}
	}
	if !set.known {
		set.value = ""
	}
	return set, true
}

// psqlArg is one argument of a meta-command.
type psqlArg struct {
	text     string
	quoted   bool   // written in quotes
	command  bool   // `command`
	variable string // an unquoted :NAME
}

// psqlArgs splits a meta-command line into its arguments.
func psqlArgs(line string) []psqlArg {
	var args []psqlArg
	for i := 0; i < len(line); {
		if line[i] == ' ' || line[i] == '\t' {
			i++
			continue
		}
		a, next := psqlNextArg(line, i)
		args = append(args, a)
		i = next
	}
	return args
}

func psqlNextArg(line string, i int) (psqlArg, int) {
	switch line[i] {
	case '\'':
		text, next := psqlQuoted(line, i+1)
		return psqlArg{text: text, quoted: true}, next
	case '"':
		end := strings.IndexByte(line[i+1:], '"')
		if end < 0 {
			return psqlArg{text: line[i:], quoted: true}, len(line)
		}
		return psqlArg{text: line[i : i+end+2], quoted: true}, i + end + 2
	case '`':
		end := strings.IndexByte(line[i+1:], '`')
		if end < 0 {
			return psqlArg{command: true}, len(line)
		}
		return psqlArg{command: true}, i + end + 2
	}
	end := i
	for end < len(line) && !strings.ContainsRune(" \t'\"`", rune(line[end])) {
		end++
	}
	a := psqlArg{text: line[i:end]}
	if name, ok := strings.CutPrefix(a.text, ":"); ok && name != "" && i > 0 {
		a.variable = name
	}
	return a, end
}

// psqlQuoted reads a 'single-quoted' argument from after its quote: ”
// is a quote, and backslash escapes as psql reads them.
func psqlQuoted(line string, i int) (string, int) {
	var b strings.Builder
	for i < len(line) {
		c := line[i]
		switch {
		case c == '\'' && i+1 < len(line) && line[i+1] == '\'':
			b.WriteByte('\'')
			i += 2
		case c == '\'':
			return b.String(), i + 1
		case c == '\\' && i+1 < len(line):
			b.WriteByte(unescape(line[i+1])) // psql's escapes are Redshift's
			i += 2
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String(), i
}

// lastSet is the last of sets that names name; psql variables are
// case-sensitive.
func lastSet(sets []psqlSet, name string) (psqlSet, bool) {
	for i := len(sets) - 1; i >= 0; i-- {
		if sets[i].name == name {
			return sets[i], true
		}
	}
	return psqlSet{}, false
}

// psqlSetBefore finds the \set lines in effect at offset: whether one
// names name, and its value.
func psqlSetBefore(sets []psqlSet, name string, offset int) (value string, known, set bool) {
	n := sort.Search(len(sets), func(i int) bool { return sets[i].at >= offset })
	s, ok := lastSet(sets[:n], name)
	return s.value, s.known, ok
}
