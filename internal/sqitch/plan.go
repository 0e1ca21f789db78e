// Package sqitch reads a sqitch project — sqitch.conf, sqitch.plan and its
// deploy, revert and verify scripts — so that check sees the deploy
// scripts in the order sqitch deploy runs them (the plan's), which decides
// what GRANT ASSUMEROLE ran before each statement.
package sqitch

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Plan is a read sqitch.plan.
type Plan struct {
	File    string // as messages show it
	Project string // the %project pragma; "" when absent
	Changes []Change
}

// Change is one change line of a plan.
type Change struct {
	Name string
	Line int
	// ReworkTags are the tags between this change and the next line that
	// plans a change of the same name (sqitch rework); nil for the last
	// instance of a name. Sqitch names the scripts of a reworked instance
	// name@TAG after the first of these tags whose script exists.
	ReworkTags []string
}

// Lines of a plan (sqitch's plan syntax 1.0.0: see sqitch-add, sqitch-tag
// and sqitchchanges): a pragma "%name=value"; a change "name [deps]
// timestamp planner <email> # note", optionally marked '+'; a tag "@name
// timestamp planner <email> # note", which tags the change before it;
// blank lines and "# comments".
// Regular expressions are compiled on first use (sync.OnceValue): package
// initialisation runs at every start of the program, pre-commit's included.
var (
	pragmaLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^%\s*([^\s=]+)\s*(?:=\s*(.*?))?\s*$`) })
	entryLine  = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^([+-]?)\s*(@?)(\S+)(?:\s+\[([^\]]*)\])?\s+(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)\s+(.*?)\s*<([^>]*)>(?:\s+#.*|\s*)$`)
	})
)

// ReadPlan reads a plan; a line sqitch would reject is an error naming the
// file and line.
func ReadPlan(file, src string) (*Plan, error) {
	p := &Plan{File: file}
	last := map[string]int{}        // change name → index of its latest instance
	tags := map[string]int{}        // tag name → line
	tagsAfter := map[int][]string{} // change index → the tags that name it
	lines := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")
	for i, raw := range lines {
		line := i + 1
		text := strings.TrimSpace(raw)
		fail := func(format string, args ...any) error {
			return fmt.Errorf("%s:%d: %s", file, line, fmt.Sprintf(format, args...))
		}
		switch {
		case text == "" || text[0] == '#':
			continue
		case text[0] == '%':
			m := pragmaLine().FindStringSubmatch(text)
			if m == nil {
				return nil, fail("malformed pragma %q", text)
			}
			if m[1] == "project" {
				p.Project = m[2]
			}
			continue
		}
		m := entryLine().FindStringSubmatch(text)
		if m == nil {
			return nil, fail("not a change, a tag, a %%pragma or a # comment: %q (a change is \"name [dependencies] 2024-01-31T12:00:00Z Planner <email> # note\")", clip(text))
		}
		op, isTag, name := m[1], m[2] == "@", m[3]
		if err := checkName(name, isTag); err != nil {
			return nil, fail("%s", err)
		}
		if isTag {
			if op != "" {
				return nil, fail("a tag cannot be marked %s", op)
			}
			if len(p.Changes) == 0 {
				return nil, fail("tag @%s comes before any change: a tag names the change before it", name)
			}
			if at, dup := tags[name]; dup {
				return nil, fail("tag @%s is already declared on line %d", name, at)
			}
			tags[name] = line
			tagsAfter[len(p.Changes)-1] = append(tagsAfter[len(p.Changes)-1], name)
			continue
		}
		if op == "-" {
			return nil, fail("change %s is marked - (reverted in the plan): the run order cannot be told", name)
		}
		if prev, seen := last[name]; seen {
			var between []string
			for k := prev; k < len(p.Changes); k++ {
				between = append(between, tagsAfter[k]...)
			}
			if len(between) == 0 {
				return nil, fail("change %s is already planned on line %d, with no tag since: a reworked change needs a tag between (sqitch rework)", name, p.Changes[prev].Line)
			}
			p.Changes[prev].ReworkTags = between
		}
		last[name] = len(p.Changes)
		p.Changes = append(p.Changes, Change{Name: name, Line: line})
	}
	return p, nil
}

// checkName applies sqitchchanges' rules for change and tag names: no
// blanks, none of ':', '@', '#' or '\', no punctuation first or last ('_'
// is not punctuation), no ending in '~', '^', '/', '=' or '%' followed
// by digits; a tag also has no '/'.
func checkName(name string, tag bool) error {
	what := "change"
	if tag {
		what = "tag"
	}
	first, _ := utf8.DecodeRuneInString(name)
	lastR, _ := utf8.DecodeLastRuneInString(name)
	switch {
	case strings.ContainsAny(name, `:@#\`):
		return fmt.Errorf("%s name %q must not contain ':', '@', '#' or '\\'", what, name)
	case tag && strings.Contains(name, "/"):
		return fmt.Errorf("tag name %q must not contain '/'", name)
	case punct(first) || punct(lastR):
		return fmt.Errorf("%s name %q must not begin or end with punctuation", what, name)
	case trailingOperator().MatchString(name):
		return fmt.Errorf("%s name %q must not end in ~, ^, /, = or %% followed by digits", what, name)
	}
	return nil
}

var trailingOperator = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[~^/=%]\d+$`) })

func punct(r rune) bool {
	return r != '_' && (unicode.IsPunct(r) || unicode.IsSymbol(r))
}

// clip shortens a line for a message.
func clip(s string) string {
	if len(s) <= 80 {
		return s
	}
	cut := 77
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}
