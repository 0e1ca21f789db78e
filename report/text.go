package report

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/checks"
	"github.com/redshift-preflight/redshift-preflight/redact"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// TextOptions style the compiler-like output.
type TextOptions struct {
	Color bool
}

// excerptWidth is how many characters of a source line an excerpt shows;
// longer lines (a 20 MB one-line file) are cut around the finding.
const excerptWidth = 120

// Text writes one block per finding, compiler style (SPEC §8):
//
//	file:line:col: severity: message [rule]
//	    4 | source line
//	      |      ^~~~
//	      = help: how to fix it
func Text(w io.Writer, res *checks.Results, opt TextOptions) error {
	p := newTextPrinter(w, opt)
	for _, fr := range res.Files {
		for _, f := range fr.Findings {
			p.finding(fr, f)
			if p.out.Len() >= textChunk {
				p.flushLines()
			}
		}
	}
	return p.flush()
}

// textChunk is how much text the printer gathers before writing it, so
// that a report of 100,000 findings is not held whole in memory.
var textChunk = 64 << 10

// textPrinter writes the text formats (check, explain, connect). Nothing
// it prints can carry a secret or a control character: printf passes every
// argument through redact.Text unless the printer composed it itself from
// escaped pieces (shown), and flush guards the whole output against lines
// a CI runner would read as workflow commands. A new text printer built
// on it cannot forget either.
type textPrinter struct {
	w       io.Writer
	out     strings.Builder
	err     error // the first write error; nothing is written after it
	style   style
	excerpt lineCache
}

// shown is text the printer composed itself from escaped pieces: a
// styled string, an excerpt line.
type shown string

func newTextPrinter(w io.Writer, opt TextOptions) *textPrinter {
	return &textPrinter{w: w, style: newStyle(opt.Color)}
}

func (p *textPrinter) printf(format string, args ...any) {
	for i, a := range args {
		args[i] = printable(a)
	}
	fmt.Fprintf(&p.out, format, args...)
}

// printable is what printf prints of an argument: integers as they are
// (for %d), shown text as it is, anything else as its text made safe.
func printable(a any) any {
	switch v := a.(type) {
	case shown:
		return string(v)
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return v
	}
	return redact.Text(fmt.Sprint(a))
}

// flush writes what is left and returns the first write error.
func (p *textPrinter) flush() error {
	p.write(p.out.String())
	p.out.Reset()
	return p.err
}

// flushLines writes the whole lines gathered so far and keeps the rest:
// the guard against workflow commands reads line by line, so guarding the
// output in pieces cut after a line feed writes the same bytes as guarding
// it whole.
func (p *textPrinter) flushLines() {
	text := p.out.String()
	cut := strings.LastIndexByte(text, '\n') + 1
	p.write(text[:cut])
	p.out.Reset()
	p.out.WriteString(text[cut:])
}

func (p *textPrinter) write(text string) {
	if p.err == nil && text != "" {
		p.err = writeGuarded(p.w, text)
	}
}

func (p *textPrinter) finding(fr *checks.FileResult, f checks.Finding) {
	file := f.File
	pos := file.Position(f.Span.Start)
	p.printf("%s: %s: %s %s\n",
		p.style.bold(fmt.Sprintf("%s:%d:%d", file.Name, pos.Line, pos.Column)),
		p.style.severity(f.Severity), f.Message, p.style.dim("["+string(f.Rule)+"]"))
	if !checks.Lookup(f.Rule).HidesSource {
		p.excerptOf(file, secretsOf(fr, file), f.Span, pos)
	}
	gutter := p.style.dim(strings.Repeat(" ", gutterWidth(pos.Line)) + " =")
	for _, note := range f.Notes {
		p.printf("%s note: %s\n", gutter, note)
	}
	if f.Help != "" {
		p.printf("%s help: %s\n", gutter, f.Help)
	}
}

// secretsOf is where the parser found literal secrets in file: the
// result's own, when the finding is about the file the result read.
func secretsOf(fr *checks.FileResult, file *sqlparse.File) []sqlparse.Span {
	if file != fr.File {
		return nil
	}
	return fr.Secrets
}

func gutterWidth(line int) int { return max(len(fmt.Sprint(line))+1, 5) }

// excerptOf prints the line holding the finding with a caret under its
// span, both computed on the line as shown (secrets masked, controls
// escaped); a very long line is windowed around the finding.
func (p *textPrinter) excerptOf(file *sqlparse.File, secrets []sqlparse.Span, span sqlparse.Span, pos sqlparse.Position) {
	text, cols := p.excerpt.get(file, secrets, pos.Line)
	endCol := len(cols) // one past the line's last character, 1-based
	if end := file.Position(span.End); end.Line == pos.Line {
		endCol = end.Column
	}
	start := cols[min(pos.Column, len(cols))-1]
	end := cols[min(max(endCol, pos.Column), len(cols))-1]
	first, last := window(start, len(text))
	line := string(text[first:last])
	if first > 0 {
		line = "…" + line
	}
	if last < len(text) {
		line += "…"
	}
	caretCol := start - first
	if first > 0 {
		caretCol++
	}
	width := max(min(end, last)-start, 1)
	g := gutterWidth(pos.Line)
	p.printf("%s %s\n", p.style.dim(fmt.Sprintf("%*d |", g, pos.Line)), shown(line))
	p.printf("%s %s%s\n", p.style.dim(strings.Repeat(" ", g)+" |"), strings.Repeat(" ", caretCol),
		p.style.caret("^"+strings.Repeat("~", width-1)))
}

// window picks which characters of a long line to show.
func window(startCol, n int) (first, last int) {
	if n <= excerptWidth {
		return 0, n
	}
	first = max(startCol-excerptWidth/3, 0)
	return first, min(first+excerptWidth, n)
}

// lineCache holds the last source line shown, as redact.Line shows it:
// findings come sorted, so the many findings of one line (thousands, in a
// one-line file) pay for one pass over it.
type lineCache struct {
	file *sqlparse.File
	line int
	text []rune
	cols []int
}

func (c *lineCache) get(file *sqlparse.File, secrets []sqlparse.Span, line int) ([]rune, []int) {
	if c.file != file || c.line != line {
		shownLine, cols := showLine(file, secrets, line)
		*c = lineCache{file: file, line: line, text: []rune(shownLine), cols: cols}
	}
	return c.text, c.cols
}

// showLine is the 1-based line of file as reports show it: the parser's
// secrets on it and every secret-shaped value masked, controls escaped.
func showLine(file *sqlparse.File, secrets []sqlparse.Span, line int) (string, []int) {
	return redact.Line(string(file.Line(line)), lineRanges(file, line, secrets))
}

// lineRanges are the spans of the secrets on a line, relative to its
// start (redact clips them to the line). Secrets are sorted and disjoint
// (sqlparse.Result.Secrets), so the ones on the line are found by halving:
// a file with a secret on every line costs one search per line shown,
// not every secret of the file per line.
func lineRanges(file *sqlparse.File, line int, secrets []sqlparse.Span) []redact.Range {
	start := file.LineStart(line)
	end := file.LineStart(line + 1)
	first := sort.Search(len(secrets), func(i int) bool { return secrets[i].End > start })
	var known []redact.Range
	for _, s := range secrets[first:] {
		if s.Start >= end {
			break
		}
		known = append(known, redact.Range{Start: s.Start - start, End: s.End - start})
	}
	return known
}

// Summary is the closing line on stderr:
// "1 error in 1 file (3 statements, 1 credential reference: 1 fail)", the
// references counted by outcome and what could not be checked by cause:
// "... 3 not checked — 2 unresolved placeholders, 1 without IAM data)".
func Summary(s checks.Summary) string {
	parts := counted(plural, count{s.Errors, "error"}, count{s.Warnings, "warning"}, count{s.Infos, "info"})
	found := "no problems"
	switch len(parts) {
	case 1:
		found = parts[0]
	case 2:
		found = parts[0] + " and " + parts[1]
	case 3:
		found = parts[0] + ", " + parts[1] + " and " + parts[2]
	}
	return fmt.Sprintf("%s in %s (%s, %s%s%s)", found, plural(s.Files, "file"),
		plural(s.Statements, "statement"), plural(s.References, "credential reference"),
		outcomes(s), dynamicSQL(s.DynamicSQL))
}

// causeWords say why references were not checked: one, many.
var causeWords = map[checks.Cause][2]string{
	checks.CausePlaceholder: {"unresolved placeholder", "unresolved placeholders"},
	checks.CauseNoData:      {"without IAM data", "without IAM data"},
}

// outcomes is ": 2 ok, 1 fail, 1 unknown, 3 not checked — 2 unresolved
// placeholders, 1 without IAM data", leaving out what counts 0; "" when
// there are no references.
func outcomes(s checks.Summary) string {
	parts := counted(number, count{s.OK, "ok"}, count{s.Fail, "fail"}, count{s.Unknown, "unknown"},
		count{s.NotCheckedRefs(), "not checked"})
	if len(parts) == 0 {
		return ""
	}
	var causes []string
	for _, c := range checks.Causes {
		if n := s.NotChecked[c]; n > 0 {
			causes = append(causes, number(n, causeWords[c][min(n-1, 1)]))
		}
	}
	out := ": " + strings.Join(parts, ", ")
	if len(causes) > 0 {
		out += " — " + strings.Join(causes, ", ")
	}
	return out
}

// dynamicSQL is "; 1 dynamic SQL statement not checked", or "" for none.
func dynamicSQL(n int) string {
	if n == 0 {
		return ""
	}
	return "; " + plural(n, "dynamic SQL statement") + " not checked"
}

// count is a number of something, for counted.
type count struct {
	n    int
	word string
}

// counted phrases the counts that are not 0, in order, with say.
func counted(say func(int, string) string, cs ...count) []string {
	var out []string
	for _, c := range cs {
		if c.n > 0 {
			out = append(out, say(c.n, c.word))
		}
	}
	return out
}

// number is "3 ok": a count of a word that has no plural.
func number(n int, word string) string { return fmt.Sprintf("%d %s", n, word) }

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
