package checks

import (
	"fmt"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// Ignore directives (SPEC §11), in -- or /* */ comments:
//
//	-- preflight-ignore RULE[, RULE] [-- reason]   the next statement, or the
//	                                               line it trails
//	-- preflight-ignore-file [RULE, ...]           the whole file (no list: all rules)
const (
	directiveIgnore     = "preflight-ignore"
	directiveIgnoreFile = "preflight-ignore-file"
)

// directive is one ignore comment.
type directive struct {
	span  sqlparse.Span   // the comment
	file  bool            // preflight-ignore-file
	rules []directiveRule // empty: every rule
	scope sqlparse.Span   // what a statement directive covers; empty when it covers nothing
	used  bool            // an every-rule directive silenced something
}

type directiveRule struct {
	id   RuleID
	span sqlparse.Span
	used bool
}

// unusedIgnore is a directive (or one rule of it) that silenced nothing.
type unusedIgnore struct {
	span    sqlparse.Span
	message string
}

func runUnusedIgnore(p *Pass) {
	for _, u := range p.unused {
		p.Report(-1, u.span, u.message, "remove the directive, or fix the rule name")
	}
}

// applyIgnores drops the findings that directives silence and remembers the
// directives that silenced nothing, for the unused-ignore rule.
func (p *Pass) applyIgnores() {
	dirs := parseDirectives(p.Parsed)
	if len(dirs) == 0 {
		return
	}
	kept := (*p.findings)[:0]
	for _, f := range *p.findings {
		if !silenced(dirs, f) {
			kept = append(kept, f)
		}
	}
	*p.findings = kept
	p.unused = p.unusedDirectives(dirs)
}

func silenced(dirs []*directive, f Finding) bool {
	for _, d := range dirs {
		if !d.file && (d.scope.Len() == 0 || !d.scope.Contains(f.Span.Start)) {
			continue
		}
		if len(d.rules) == 0 {
			d.used = true
			return true
		}
		for i := range d.rules {
			if d.rules[i].id == f.Rule {
				d.rules[i].used = true
				return true
			}
		}
	}
	return false
}

func (p *Pass) unusedDirectives(dirs []*directive) []unusedIgnore {
	var out []unusedIgnore
	for _, d := range dirs {
		if len(d.rules) == 0 && !d.used {
			out = append(out, unusedIgnore{d.span, "ignore directive silenced nothing"})
		}
		for _, r := range d.rules {
			rule := Lookup(r.id)
			switch {
			case rule == nil:
				out = append(out, unusedIgnore{r.span, fmt.Sprintf("ignore directive names unknown rule %q", r.id)})
			case !r.used && p.Config.Rules.enabled(rule):
				out = append(out, unusedIgnore{r.span, fmt.Sprintf("ignore directive for %s silenced nothing", r.id)})
			}
		}
	}
	return out
}

// parseDirectives reads the ignore comments of a file and decides what each covers.
func parseDirectives(res *sqlparse.Result) []*directive {
	var dirs []*directive
	for _, c := range res.Comments {
		d := parseDirective(c)
		if d == nil {
			continue
		}
		if !d.file {
			d.scope = directiveScope(c, res)
		}
		dirs = append(dirs, d)
	}
	return dirs
}

// parseDirective recognises "preflight-ignore[-file] [RULE[, RULE]] [-- reason]".
func parseDirective(c sqlparse.Comment) *directive {
	text := c.Text
	at := len(text) - len(strings.TrimLeft(text, " \t*")) // where the directive word starts
	word := text[at:]
	if end := strings.IndexFunc(word, func(r rune) bool { return r != '-' && (r < 'a' || r > 'z') }); end >= 0 {
		word = word[:end]
	}
	d := &directive{span: c.Span}
	switch word {
	case directiveIgnoreFile:
		d.file = true
	case directiveIgnore:
	default:
		return nil
	}
	body := text[at+len(word):]
	if reason := strings.Index(body, "--"); reason >= 0 {
		body = body[:reason]
	}
	base := c.Span.Start + 2 + at + len(word) // the comment opens with a two-byte delimiter
	for i := 0; i < len(body); {
		for i < len(body) && isListSeparator(body[i]) {
			i++
		}
		start := i
		for i < len(body) && !isListSeparator(body[i]) {
			i++
		}
		if i > start {
			d.rules = append(d.rules, directiveRule{id: RuleID(body[start:i]), span: sqlparse.Span{Start: base + start, End: base + i}})
		}
	}
	return d
}

func isListSeparator(c byte) bool {
	return c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '*'
}

// directiveScope: a directive trailing code covers its line; otherwise the
// next statement.
func directiveScope(c sqlparse.Comment, res *sqlparse.Result) sqlparse.Span {
	f := res.File
	if c.Trailing {
		line := f.Position(c.Span.Start).Line
		return sqlparse.Span{Start: f.LineStart(line), End: c.Span.Start}
	}
	for _, st := range res.Statements {
		if st.Span.Start >= c.Span.End {
			return st.Span
		}
	}
	return sqlparse.Span{}
}
