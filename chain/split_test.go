package chain

import (
	"reflect"
	"testing"
)

const (
	arnA  = "arn:aws:iam::123456789012:role/A"
	arnB  = "arn:aws:iam::210987654321:role/B"
	msgWS = "role chain must not contain whitespace"
)

func ws(start, end int, msg string) Problem { return Problem{KindWhitespace, Span{start, end}, msg} }
func empty(start, end int, msg string) Problem {
	return Problem{KindEmptyElement, Span{start, end}, msg}
}
func el(text string, start int) Element {
	return Element{Text: text, Span: Span{start, start + len(text)}}
}
func opq(text string, start int) Element {
	e := el(text, start)
	e.Opaque = true
	return e
}

func TestSplit(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		opaque []Span
		elems  []Element
		probs  []Problem
	}{
		{name: "single", text: arnA, elems: []Element{el(arnA, 0)}},
		{name: "chain", text: arnA + "," + arnB, elems: []Element{el(arnA, 0), el(arnB, 33)}},
		{
			name:  "space after comma",
			text:  "a, b",
			elems: []Element{el("a", 0), el("b", 3)},
			probs: []Problem{ws(2, 3, msgWS)},
		},
		{
			name:  "spaces around comma are two runs",
			text:  "a , b",
			elems: []Element{el("a", 0), el("b", 4)},
			probs: []Problem{ws(1, 2, msgWS), ws(3, 4, msgWS)},
		},
		{
			name:  "leading and trailing whitespace",
			text:  "  a ",
			elems: []Element{el("a", 2)},
			probs: []Problem{ws(0, 2, msgWS), ws(3, 4, msgWS)},
		},
		{
			name:  "whitespace inside an element stays in its text",
			text:  "arn:x y",
			elems: []Element{el("arn:x y", 0)},
			probs: []Problem{ws(5, 6, msgWS)},
		},
		{
			name:  "tab",
			text:  "a,\tb",
			elems: []Element{el("a", 0), el("b", 3)},
			probs: []Problem{ws(2, 3, msgWS+": found a tab")},
		},
		{
			name:  "newline",
			text:  "a,\nb",
			elems: []Element{el("a", 0), el("b", 3)},
			probs: []Problem{ws(2, 3, msgWS+": found a line break")},
		},
		{
			name:  "CRLF and spaces are one run",
			text:  "a,\r\n  b",
			elems: []Element{el("a", 0), el("b", 6)},
			probs: []Problem{ws(2, 6, msgWS+": found a carriage return, a line break and a space")},
		},
		{
			name:  "no-break space U+00A0 is two bytes",
			text:  "a,\u00a0b",
			elems: []Element{el("a", 0), el("b", 4)},
			probs: []Problem{ws(2, 4, msgWS+": found a no-break space (U+00A0)")},
		},
		{
			name:  "em space",
			text:  "a\u2003",
			elems: []Element{el("a", 0)},
			probs: []Problem{ws(1, 4, msgWS+": found a Unicode space (U+2003)")},
		},
		{
			name:  "zero-width space counts as whitespace",
			text:  "a\u200b,b",
			elems: []Element{el("a", 0), el("b", 5)},
			probs: []Problem{ws(1, 4, msgWS+": found a zero-width space (U+200B)")},
		},
		{
			name:  "byte order mark",
			text:  "\ufeffa",
			elems: []Element{el("a", 3)},
			probs: []Problem{ws(0, 3, msgWS+": found a byte order mark (U+FEFF)")},
		},
		{
			name:  "doubled comma",
			text:  "a,,b",
			elems: []Element{el("a", 0), el("b", 3)},
			probs: []Problem{empty(2, 3, "role chain has an empty element between two commas")},
		},
		{
			name:  "leading comma",
			text:  ",a",
			elems: []Element{el("a", 1)},
			probs: []Problem{empty(0, 1, "role chain starts with a comma")},
		},
		{
			name:  "trailing comma",
			text:  "a,",
			elems: []Element{el("a", 0)},
			probs: []Problem{empty(1, 2, "role chain ends with a comma")},
		},
		{
			name:  "empty value",
			text:  "",
			probs: []Problem{empty(0, 0, "role value is empty")},
		},
		{
			name:  "blank value",
			text:  "  ",
			probs: []Problem{empty(0, 0, "role value is empty"), ws(0, 2, msgWS)},
		},
		{
			name:  "only a comma",
			text:  ",",
			probs: []Problem{empty(0, 1, "role chain starts with a comma")},
		},
		{
			name: "only commas: each comma once",
			text: ",,,",
			probs: []Problem{
				empty(0, 1, "role chain starts with a comma"),
				empty(1, 2, "role chain has an empty element between two commas"),
				empty(2, 3, "role chain has an empty element between two commas"),
			},
		},
		{
			name:  "element of only whitespace",
			text:  "a, ,b",
			elems: []Element{el("a", 0), el("b", 4)},
			probs: []Problem{ws(2, 3, msgWS), empty(3, 4, "role chain has an empty element between two commas")},
		},
		{
			name:  "trailing comma then whitespace: in position order",
			text:  "a, ",
			elems: []Element{el("a", 0)},
			probs: []Problem{empty(1, 2, "role chain ends with a comma"), ws(2, 3, msgWS)},
		},
		{
			name:   "opaque placeholder with commas and spaces is one element",
			text:   "{{ var('a, b') }}," + arnB,
			opaque: []Span{{0, 17}},
			elems:  []Element{opq("{{ var('a, b') }}", 0), el(arnB, 18)},
		},
		{
			name:   "element partly a placeholder",
			text:   "arn:aws:iam::${acct}:role/X",
			opaque: []Span{{13, 20}},
			elems:  []Element{opq("arn:aws:iam::${acct}:role/X", 0)},
		},
		{
			name:   "whitespace next to a placeholder is still reported",
			text:   " ${a} ,b",
			opaque: []Span{{1, 5}},
			elems:  []Element{opq("${a}", 1), el("b", 7)},
			probs:  []Problem{ws(0, 1, msgWS), ws(5, 6, msgWS)},
		},
		{
			name:   "two placeholders",
			text:   "${a},${b}",
			opaque: []Span{{0, 4}, {5, 9}},
			elems:  []Element{opq("${a}", 0), opq("${b}", 5)},
		},
		{
			name:   "out-of-bounds, unsorted and overlapping opaque spans are normalized",
			text:   "x,${a b},y",
			opaque: []Span{{5, 100}, {2, 6}, {-3, -1}, {4, 4}},
			elems:  []Element{el("x", 0), opq("${a b},y", 2)},
		},
		{
			name:   "opaque span inside a multibyte rune",
			text:   "\u00e9,b",
			opaque: []Span{{1, 2}},
			elems:  []Element{opq("\u00e9", 0), el("b", 3)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			elems, probs := Split(tt.text, tt.opaque)
			if !reflect.DeepEqual(elems, tt.elems) {
				t.Errorf("Split(%q) elements\n got %+v\nwant %+v", tt.text, elems, tt.elems)
			}
			if !reflect.DeepEqual(probs, tt.probs) {
				t.Errorf("Split(%q) problems\n got %+v\nwant %+v", tt.text, probs, tt.probs)
			}
		})
	}
}

func TestKindString(t *testing.T) {
	want := map[Kind]string{
		KindWhitespace:     "Whitespace",
		KindEmptyElement:   "EmptyElement",
		KindTooLong:        "TooLong",
		KindDefaultInChain: "DefaultInChain",
		KindDefaultQuoted:  "DefaultQuoted",
		KindInvalidARN:     "InvalidARN",
		0:                  "Kind(0)",
	}
	for k, s := range want {
		if got := k.String(); got != s {
			t.Errorf("Kind(%d).String() = %q, want %q", int(k), got, s)
		}
	}
}
