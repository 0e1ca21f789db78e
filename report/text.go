package report

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/redshift-preflight/redshift-preflight/checks"
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
	p := &textPrinter{w: w, style: newStyle(opt.Color)}
	for _, fr := range res.Files {
		p.secrets = newSpanIndex(fr.Secrets)
		for _, f := range fr.Findings {
			p.finding(fr, f)
		}
	}
	return p.err
}

// spanIndex finds the spans that overlap a window by halving: testing every
// secret of a file for every character of every excerpt was quadratic
// (8,000 keys in one statement, each with a finding).
type spanIndex struct {
	spans  []sqlparse.Span // by Start
	maxEnd []int           // maxEnd[i]: the largest End of spans[:i+1]
}

func newSpanIndex(spans []sqlparse.Span) spanIndex {
	x := spanIndex{spans: slices.Clone(spans)}
	slices.SortFunc(x.spans, func(a, b sqlparse.Span) int { return a.Start - b.Start })
	x.maxEnd = make([]int, len(x.spans))
	for i, s := range x.spans {
		x.maxEnd[i] = s.End
		if i > 0 {
			x.maxEnd[i] = max(s.End, x.maxEnd[i-1])
		}
	}
	return x
}

// overlapping lists the spans that overlap [from, to), in order.
func (x spanIndex) overlapping(from, to int) []sqlparse.Span {
	i := sort.Search(len(x.spans), func(i int) bool { return x.spans[i].Start >= to })
	var out []sqlparse.Span
	for j := i - 1; j >= 0 && x.maxEnd[j] > from; j-- { // spans that do not nest stop the walk at the first before from
		if x.spans[j].End > from {
			out = append(out, x.spans[j])
		}
	}
	slices.Reverse(out)
	return out
}

type textPrinter struct {
	w       io.Writer
	style   style
	err     error
	secrets spanIndex // of the file being printed
}

func (p *textPrinter) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

func (p *textPrinter) finding(fr *checks.FileResult, f checks.Finding) {
	file := f.File
	pos := file.Position(f.Span.Start)
	p.printf("%s: %s: %s %s\n",
		p.style.bold(fmt.Sprintf("%s:%d:%d", file.Name, pos.Line, pos.Column)),
		p.style.severity(f.Severity), f.Message, p.style.dim("["+string(f.Rule)+"]"))
	if !checks.Lookup(f.Rule).HidesSource {
		p.excerpt(file, f.Span, pos)
	}
	gutter := p.style.dim(strings.Repeat(" ", gutterWidth(pos.Line)) + " =")
	for _, note := range f.Notes {
		p.printf("%s note: %s\n", gutter, note)
	}
	if f.Help != "" {
		p.printf("%s help: %s\n", gutter, f.Help)
	}
}

func gutterWidth(line int) int { return max(len(fmt.Sprint(line))+1, 5) }

// excerpt prints the line holding the finding with a caret under its span;
// secrets on the line are masked and the line is windowed if very long.
func (p *textPrinter) excerpt(file *sqlparse.File, span sqlparse.Span, pos sqlparse.Position) {
	// Only the window is decoded and rendered: a one-line file with
	// thousands of findings must not render the whole line for each.
	lineEnd := file.LineStart(pos.Line) + len(file.Line(pos.Line))
	chars := file.Position(lineEnd).Column - 1
	endCol := chars + 1
	if end := file.Position(span.End); end.Line == pos.Line {
		endCol = end.Column
	}
	first, last := window(pos.Column-1, chars)
	from, to := file.Offset(pos.Line, first+1), file.Offset(pos.Line, last+1)
	shown := string(displayLine(file.Src[from:to], from, p.secrets.overlapping(from, to)))
	if first > 0 {
		shown = "…" + shown
	}
	if last < chars {
		shown += "…"
	}
	caretCol := pos.Column - 1 - first
	if first > 0 {
		caretCol++
	}
	width := max(min(endCol, last+1)-pos.Column, 1)
	g := gutterWidth(pos.Line)
	p.printf("%s %s\n", p.style.dim(fmt.Sprintf("%*d |", g, pos.Line)), shown)
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

// displayLine turns a source line into characters safe to print: secrets
// masked (same length, so carets stay aligned), tabs and control characters
// shown as one column each.
func displayLine(line []byte, lineStart int, secrets []sqlparse.Span) []rune {
	out := make([]rune, 0, len(line))
	for i := 0; i < len(line); {
		r, size := utf8.DecodeRune(line[i:])
		switch {
		case inSecret(lineStart+i, secrets):
			r = '*'
		case r == '\t':
			r = ' '
		case r == utf8.RuneError || unicode.IsControl(r):
			r = '�'
		}
		out = append(out, r)
		i += size
	}
	unmaskEdges(out, line, lineStart, secrets)
	return out
}

func inSecret(off int, secrets []sqlparse.Span) bool {
	for _, s := range secrets {
		if s.Contains(off) {
			return true
		}
	}
	return false
}

// unmaskEdges shows the first and last four characters of a long secret, the
// masked form SPEC §3.2 allows (AKIA************MPLE).
func unmaskEdges(out []rune, line []byte, lineStart int, secrets []sqlparse.Span) {
	for _, s := range secrets {
		lo, hi := s.Start-lineStart, s.End-lineStart
		if lo < 0 || hi > len(line) || utf8.RuneCount(line[lo:hi]) < 12 {
			continue
		}
		secret := []rune(string(line[lo:hi]))
		at := utf8.RuneCount(line[:lo])
		copy(out[at:at+4], secret[:4])
		copy(out[at+len(secret)-4:at+len(secret)], secret[len(secret)-4:])
	}
}

// Summary is the closing line on stderr:
// "1 error in 1 file (3 statements, 1 credential reference)".
func Summary(s checks.Summary) string {
	var parts []string
	for _, c := range []struct {
		n    int
		word string
	}{{s.Errors, "error"}, {s.Warnings, "warning"}, {s.Infos, "info"}} {
		if c.n > 0 {
			parts = append(parts, plural(c.n, c.word))
		}
	}
	found := "no problems"
	switch len(parts) {
	case 1:
		found = parts[0]
	case 2:
		found = parts[0] + " and " + parts[1]
	case 3:
		found = parts[0] + ", " + parts[1] + " and " + parts[2]
	}
	return fmt.Sprintf("%s in %s (%s, %s)", found, plural(s.Files, "file"),
		plural(s.Statements, "statement"), plural(s.References, "credential reference"))
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
