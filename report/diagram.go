package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/checks"
	"github.com/redshift-preflight/redshift-preflight/redact"
)

// A diagram draws an explained chain: the Redshift service, then each role
// (name and account) as a node, each hop as an edge labelled with its
// verdict and reason. Failing edges are red, unknown ones dashed and orange.
// A chain whose syntax is broken is not walked; its problems are drawn as
// note nodes instead.

type diagramNode struct {
	id, label string
}

type diagramEdge struct {
	from, to int // node indexes
	label    string
	verdict  checks.Verdict
}

type diagram struct {
	nodes []diagramNode
	edges []diagramEdge
	notes []string
}

func newDiagram(ex *checks.Explanation) diagram {
	d := diagram{nodes: []diagramNode{{id: "redshift", label: "Redshift"}}}
	for i, h := range ex.Reference.Hops {
		d.nodes = append(d.nodes, diagramNode{id: fmt.Sprintf("role%d", i+1), label: roleLabel(h)})
		label := string(h.Verdict)
		if h.Reason != "" {
			label += ": " + string(h.Reason)
		}
		d.edges = append(d.edges, diagramEdge{from: i, to: i + 1, label: label, verdict: h.Verdict})
	}
	for _, s := range ex.Problems {
		d.notes = append(d.notes, redact.Text(fmt.Sprintf("%s (column %d): %s", s.Rule, s.Column, s.Message)))
	}
	return d
}

// roleLabel is a role's name (with its path) and account on two lines,
// each made safe (redact.Text) before the line break is added.
func roleLabel(h checks.Hop) string {
	switch {
	case h.To == nil:
		return "default role\n(unknown)"
	case h.Role == "":
		return redact.Text(*h.To)
	}
	return redact.Text(h.Role) + "\n" + redact.Text(h.Account)
}

// Mermaid writes the explanation as a Mermaid flowchart (GitHub renders
// ```mermaid blocks).
func Mermaid(w io.Writer, ex *checks.Explanation) error {
	d := newDiagram(ex)
	b := &strings.Builder{}
	fmt.Fprintln(b, "flowchart LR")
	for _, n := range d.nodes {
		fmt.Fprintf(b, "    %s[\"%s\"]\n", n.id, mermaidText(n.label))
	}
	for _, e := range d.edges {
		arrow := "-->"
		if e.verdict == checks.VerdictUnknown {
			arrow = "-.->"
		}
		fmt.Fprintf(b, "    %s %s|\"%s\"| %s\n", d.nodes[e.from].id, arrow, mermaidText(e.label), d.nodes[e.to].id)
	}
	for i, n := range d.notes {
		fmt.Fprintf(b, "    note%d[/\"%s\"/]\n", i+1, mermaidText(n))
	}
	for i, e := range d.edges {
		switch e.verdict {
		case checks.VerdictFail:
			fmt.Fprintf(b, "    linkStyle %d stroke:red,color:red\n", i)
		case checks.VerdictUnknown:
			fmt.Fprintf(b, "    linkStyle %d stroke:orange,color:orange,stroke-dasharray:5 5\n", i)
		}
	}
	for i := range d.notes {
		fmt.Fprintf(b, "    style note%d fill:#fee,stroke:red,color:red\n", i+1)
	}
	return writeGuarded(w, b.String())
}

// writeGuarded writes a whole text output past redact.GuardLines.
func writeGuarded(w io.Writer, text string) error {
	_, err := io.WriteString(w, redact.GuardLines(text))
	return err
}

// mermaidText escapes a label for a quoted Mermaid string: '#' and the
// characters that end or confuse it become entity codes, line breaks <br/>.
func mermaidText(s string) string {
	var sb strings.Builder
	for _, r := range s {
		switch r {
		case '#':
			sb.WriteString("#35;")
		case '"':
			sb.WriteString("#quot;")
		case '<':
			sb.WriteString("#lt;")
		case '>':
			sb.WriteString("#gt;")
		case '&':
			sb.WriteString("#amp;")
		case '|':
			sb.WriteString("#124;")
		case '\n':
			sb.WriteString("<br/>")
		default:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// DOT writes the explanation as a Graphviz digraph.
func DOT(w io.Writer, ex *checks.Explanation) error {
	d := newDiagram(ex)
	b := &strings.Builder{}
	fmt.Fprintln(b, "digraph chain {")
	fmt.Fprintln(b, "    rankdir=LR;")
	fmt.Fprintln(b, "    node [shape=box, style=rounded, fontname=\"Helvetica\"];")
	fmt.Fprintln(b, "    edge [fontname=\"Helvetica\"];")
	for i, n := range d.nodes {
		attrs := ""
		if i == 0 {
			attrs = ", shape=ellipse"
		}
		fmt.Fprintf(b, "    %s [label=%s%s];\n", n.id, dotString(n.label), attrs)
	}
	for _, e := range d.edges {
		attrs := ""
		switch e.verdict {
		case checks.VerdictFail:
			attrs = ", color=red, fontcolor=red"
		case checks.VerdictUnknown:
			attrs = ", color=orange, fontcolor=orange, style=dashed"
		}
		fmt.Fprintf(b, "    %s -> %s [label=%s%s];\n", d.nodes[e.from].id, d.nodes[e.to].id, dotString(e.label), attrs)
	}
	for i, n := range d.notes {
		fmt.Fprintf(b, "    note%d [label=%s, shape=note, style=\"\", color=red, fontcolor=red];\n", i+1, dotString(n))
	}
	fmt.Fprintln(b, "}")
	return writeGuarded(w, b.String())
}

// dotString quotes a label for DOT: backslashes and quotes escaped (so no
// escString sequence such as \N or \l is formed by accident), line breaks
// as \n.
func dotString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", "")
	return `"` + r.Replace(s) + `"`
}
