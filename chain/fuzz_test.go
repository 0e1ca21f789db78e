package chain

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func FuzzSplit(f *testing.F) {
	seeds := []struct {
		text       string
		start, end int
	}{
		{arnA + "," + arnB, 0, 0},
		{"a, b", 0, 0},
		{"a,,b", 0, 0},
		{",a,", 0, 0},
		{"", 0, 0},
		{" \t\n\u00a0\u200b", 0, 0},
		{"{{ var('a,b') }}," + arnB, 0, 16},
		{"arn:aws:iam::${acct}:role/X", 13, 20},
		{"\u00e9,b", 1, 2},
		{"SESSION", 0, 0},
		{"default," + arnA, 0, 0},
		{roles(12), 3, 40},
	}
	for _, s := range seeds {
		f.Add(s.text, s.start, s.end)
	}
	f.Fuzz(func(t *testing.T, text string, start, end int) {
		opaque := []Span{{start, end}}
		elems, probs := Split(text, opaque)
		checkSpans(t, text, probs)
		prev := 0
		for _, e := range elems {
			checkSpan(t, text, e.Span)
			if e.Text != text[e.Span.Start:e.Span.End] {
				t.Fatalf("element text %q != text[%v] = %q", e.Text, e.Span, text[e.Span.Start:e.Span.End])
			}
			if e.Text == "" {
				t.Fatalf("empty element %+v", e)
			}
			if e.Span.Start < prev {
				t.Fatalf("elements out of order or overlapping at %+v", e)
			}
			prev = e.Span.End
			if !e.Opaque && (startsWithSpace(e.Text) || endsWithSpace(e.Text)) {
				t.Fatalf("element %q is not trimmed", e.Text)
			}
		}
		for i := 1; i < len(probs); i++ {
			if probs[i].Span.Start < probs[i-1].Span.Start {
				t.Fatalf("problems out of order: %+v", probs)
			}
		}
		// Without opaque ranges or problems the elements are the whole value.
		if len(probs) == 0 && (start >= end || start >= len(text) || end <= 0) {
			if got := joinElements(elems); got != text {
				t.Fatalf("clean value %q splits into elements that join to %q", text, got)
			}
		}
		for _, max := range []int{0, 1, 3} {
			checkSpans(t, text, Check(elems, max, max == 1))
		}
	})
}

func FuzzParseRoleARN(f *testing.F) {
	for _, s := range []string{
		arnA,
		"arn:aws:iam::123456789012:role/service-role/RedshiftSpectrumRole",
		"arn:aws-us-gov:iam::123456789012:role/a+b=c,d.e@f-g_h",
		"arn:aws:iam::0123456789012:role/A",
		"arn:aws:iam::123456789012:user/johndoe",
		"arn:aws:sts::123456789012:assumed-role/A/s",
		"arn:aws:iam:us-east-1:123456789012:role/A",
		"arn:aws:iam::role/RoleA",
		"ARN:AWS:IAM::123456789012:ROLE/x",
		"arn:aws:iam::123456789012:role/p:a'th#,/R",
		"arn:aws:iam::123456789012:role//R",
		"s3://bucket/prefix",
		"MyRole",
		"aws_iam_role=" + arnA,
		"arn:aws:iam::123456789012:role/R\u00e9\xff",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		arn, probs := ParseRoleARN(s)
		checkSpans(t, s, probs)
		for _, p := range probs {
			if p.Kind != KindInvalidARN {
				t.Fatalf("kind %v from ParseRoleARN", p.Kind)
			}
		}
		if len(probs) > 0 {
			return
		}
		if got := arn.String(); got != s {
			t.Fatalf("valid ARN %q formats as %q", s, got)
		}
		again, probs := ParseRoleARN(arn.String())
		if len(probs) != 0 || again != arn {
			t.Fatalf("round trip of %q: %+v %+v", s, again, probs)
		}
		if !strings.HasPrefix(arn.Path, "/") || !strings.HasSuffix(arn.Path, "/") {
			t.Fatalf("path %q of %q", arn.Path, s)
		}
	})
}

// checkSpans asserts what every problem promises: a span inside the text and
// a one-line message in the house style.
func checkSpans(t *testing.T, text string, probs []Problem) {
	t.Helper()
	for _, p := range probs {
		checkSpan(t, text, p.Span)
		if p.Kind < KindWhitespace || p.Kind > KindInvalidARN {
			t.Fatalf("bad kind in %+v", p)
		}
		m := p.Message
		r, _ := utf8.DecodeRuneInString(m)
		switch {
		case m == "":
			t.Fatalf("empty message in %+v", p)
		case strings.ContainsAny(m, "\n\r"):
			t.Fatalf("multi-line message %q", m)
		case strings.HasSuffix(m, "."):
			t.Fatalf("message ends with a period: %q", m)
		case unicode.IsUpper(r):
			t.Fatalf("message starts upper case: %q", m)
		}
	}
}

func checkSpan(t *testing.T, text string, sp Span) {
	t.Helper()
	if sp.Start < 0 || sp.Start > sp.End || sp.End > len(text) {
		t.Fatalf("span %v out of bounds for %d bytes", sp, len(text))
	}
}

func startsWithSpace(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return isSpace(r)
}

func endsWithSpace(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return isSpace(r)
}

func joinElements(elems []Element) string {
	texts := make([]string, len(elems))
	for i, e := range elems {
		texts[i] = e.Text
	}
	return strings.Join(texts, ",")
}
