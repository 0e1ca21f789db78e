package checks

import (
	"fmt"
	"sort"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/internal/suggest"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// Ignore directives (SPEC §11), in -- or /* */ comments:
//
//	-- preflight-ignore RULE[, RULE] [-- reason]   the next statement, or the
//	                                               line it trails
//	-- preflight-ignore-file [RULE, ...]           the whole file (no list: all rules)
//
// A colon may follow the directive word (-- preflight-ignore: RULE), as
// in eslint-style and noqa-style comments.
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
	line  int             // a directive trailing code: the line it covers (0 otherwise)
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
	ix := indexDirectives(dirs)
	kept := (*p.findings)[:0]
	for _, f := range *p.findings {
		if !ix.silence(f) {
			kept = append(kept, f)
		}
	}
	*p.findings = kept
	p.unused = p.unusedDirectives(dirs)
}

// directiveIndex answers, for a finding, which directive silences it: the
// first in file order that covers the finding and names its rule or every
// rule. Trying every directive per finding was quadratic (8,000 directives
// and as many findings on one line); the index looks in three places only:
// the file directives, those before the statement holding the finding, and
// those trailing code on its line after it.
type directiveIndex struct {
	dirs   []*directive
	file   ruleLists
	stmts  []scopeGroup      // directives before a statement, by statement, in file order
	byLine map[int]ruleLists // trailing directives, by the line they cover
}

// ruleLists are the positions in directiveIndex.dirs (increasing) of the
// directives naming each rule; "" lists those that name none (every rule).
type ruleLists map[RuleID][]int

type scopeGroup struct {
	scope sqlparse.Span
	rules ruleLists
}

func (l ruleLists) add(d *directive, i int) {
	if len(d.rules) == 0 {
		l[""] = append(l[""], i)
	}
	for _, r := range d.rules {
		if ids := l[r.id]; len(ids) == 0 || ids[len(ids)-1] != i {
			l[r.id] = append(ids, i)
		}
	}
}

func indexDirectives(dirs []*directive) *directiveIndex {
	ix := &directiveIndex{dirs: dirs, file: ruleLists{}, byLine: map[int]ruleLists{}}
	for i, d := range dirs {
		switch {
		case d.file:
			ix.file.add(d, i)
		case d.scope.Len() == 0: // covers nothing
		case d.line > 0:
			if ix.byLine[d.line] == nil {
				ix.byLine[d.line] = ruleLists{}
			}
			ix.byLine[d.line].add(d, i)
		default:
			if n := len(ix.stmts); n == 0 || ix.stmts[n-1].scope != d.scope {
				ix.stmts = append(ix.stmts, scopeGroup{d.scope, ruleLists{}})
			}
			ix.stmts[len(ix.stmts)-1].rules.add(d, i)
		}
	}
	return ix
}

// silence marks the directive that silences f as used and reports whether
// there is one.
func (ix *directiveIndex) silence(f Finding) bool {
	dir, rule := ix.find(f)
	switch {
	case dir < 0:
		return false
	case rule < 0:
		ix.dirs[dir].used = true
	default:
		ix.dirs[dir].rules[rule].used = true
	}
	return true
}

// find returns the position of the directive that silences f (-1 for
// none) and of the entry of its list that names f's rule (-1 when the
// directive names no rule: it silences every rule).
func (ix *directiveIndex) find(f Finding) (dir, rule int) {
	at := f.Span.Start
	best := len(ix.dirs)
	first := func(l ruleLists, after int) {
		for _, id := range []RuleID{"", f.Rule} {
			ids := l[id]
			// the first directive whose scope ends after the finding (a
			// statement directive's scope holds it whenever it is listed)
			k := sort.Search(len(ids), func(k int) bool { return ix.dirs[ids[k]].scope.End > after })
			if k < len(ids) {
				best = min(best, ids[k])
			}
		}
	}
	first(ix.file, -1)
	if g := sort.Search(len(ix.stmts), func(g int) bool { return ix.stmts[g].scope.End > at }); g < len(ix.stmts) && ix.stmts[g].scope.Contains(at) {
		first(ix.stmts[g].rules, -1)
	}
	if len(ix.byLine) > 0 {
		line := f.File.Position(at).Line
		if l := ix.byLine[line]; l != nil && at >= f.File.LineStart(line) { // not in a byte order mark
			first(l, at)
		}
	}
	if best == len(ix.dirs) {
		return -1, -1
	}
	for k, r := range ix.dirs[best].rules {
		if r.id == f.Rule {
			return best, k
		}
	}
	return best, -1
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
				out = append(out, unusedIgnore{r.span, fmt.Sprintf("ignore directive names unknown rule %q%s", r.id, suggest.Hint(string(r.id), RuleIDs(), "%q"))})
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
			d.scope, d.line = directiveScope(c, res)
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
	colon := 0
	if strings.HasPrefix(body, ":") {
		colon = 1
		body = body[1:]
	}
	if reason := strings.Index(body, "--"); reason >= 0 {
		body = body[:reason]
	}
	base := c.Span.Start + 2 + at + len(word) + colon // the comment opens with a two-byte delimiter
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

// directiveScope: a directive trailing code covers its line (returned
// too); otherwise the next statement.
func directiveScope(c sqlparse.Comment, res *sqlparse.Result) (sqlparse.Span, int) {
	f := res.File
	if c.Trailing {
		line := f.Position(c.Span.Start).Line
		return sqlparse.Span{Start: f.LineStart(line), End: c.Span.Start}, line
	}
	stmts := res.Statements // in file order: the first after the comment is found by halving
	if i := sort.Search(len(stmts), func(i int) bool { return stmts[i].Span.Start >= c.Span.End }); i < len(stmts) {
		return stmts[i].Span, 0
	}
	return sqlparse.Span{}, 0
}
