package iam

import (
	"encoding/json"
	"errors"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzDecodePolicy(f *testing.F) {
	for _, seed := range []string{
		trustJSON, redshiftTrust, allowAssumeAny,
		`{"Statement":{"Effect":"Deny","NotAction":"s3:*","NotResource":["a"],"NotPrincipal":{"AWS":["1"]}}}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b/${aws:username}/*","Condition":{"ForAllValues:StringLike":{"k":["a*",1,true]},"Null":{"x":"true"}}}]}`,
		`"{\"Statement\":[]}"`, `%7B%22Statement%22%3A%5B%5D%7D`, `{"Statement":[1]}`, `{`, `null`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := DecodePolicy(data)
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("error %T is not a *DecodeError: %v", err, err)
			}
			return
		}
		checkDecodedPolicy(t, p)
		checkOtherEncodings(t, data, p)
		// Evaluating any decodable document must not panic.
		req := Request{Caller: sessionOf(t, roleA), Action: "sts:AssumeRole", Resource: roleB, Context: ctxWith("k", "a")}
		EvaluateIdentity(req, NamedPolicy{Label: "p", Document: p})
		EvaluateResource(req, NamedPolicy{Label: "p", Document: p})
		prefix := Request{Caller: req.Caller, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/", ResourcePrefix: true, Context: req.Context}
		EvaluateIdentity(prefix, NamedPolicy{Label: "p", Document: p})
	})
}

func checkDecodedPolicy(t *testing.T, p *Policy) {
	if p.Version != "" && p.Version != Version2012 && p.Version != Version2008 {
		t.Fatalf("accepted version %q", p.Version)
	}
	for i, st := range p.Statements {
		if st.Effect != Allow && st.Effect != Deny {
			t.Fatalf("statement %d: effect %v", i, st.Effect)
		}
		if (st.Action == nil) == (st.NotAction == nil) {
			t.Fatalf("statement %d: Action %v NotAction %v", i, st.Action, st.NotAction)
		}
		if st.Resource != nil && st.NotResource != nil || st.Principal != nil && st.NotPrincipal != nil {
			t.Fatalf("statement %d: exclusive elements both set", i)
		}
	}
}

// The same document as a JSON string and URL-encoded must decode alike.
func checkOtherEncodings(t *testing.T, data []byte, p *Policy) {
	text := strings.TrimSpace(string(data))
	if !strings.HasPrefix(text, "{") || !utf8.ValidString(text) {
		return
	}
	quoted, _ := json.Marshal(text)
	for _, form := range [][]byte{quoted, []byte(url.PathEscape(text))} {
		q, err := DecodePolicy(form)
		if err != nil || !reflect.DeepEqual(p, q) {
			t.Fatalf("%s decodes to %+v, %v; the object to %+v", form, q, err, p)
		}
	}
}

func FuzzMatch(f *testing.F) {
	for _, seed := range [][2]string{
		{"*", ""}, {"s3:Get*", "S3:getobject"}, {"a?c", "abc"}, {pathological(8), strings.Repeat("a", 50)},
		{"arn:aws:iam::*:role/service-role/*", "arn:aws:iam::123456789012:role/service-role/X"},
		{"arn:aws:s3:::b/*.csv", "arn:aws:s3:::b/x:y.csv"}, {"arn:aws:ec2:*", "arn:aws:ec2:us-east-1:1:instance/i"},
		{"ß*", "SS"}, {"K", "\u212a"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, pattern, text string) {
		if len(pattern) > 64 || len(text) > 256 {
			return
		}
		p := plainPattern(pattern)
		plain := p.match(text, matchOptions{})
		action := MatchAction(pattern, text)
		resource := MatchResource(pattern, text)
		if !p.match(pattern, matchOptions{}) || !MatchAction(pattern, pattern) || !MatchResource(pattern, pattern) {
			t.Fatalf("%q does not match itself", pattern)
		}
		if plain && !action {
			t.Fatalf("case-sensitive match without case-insensitive match: %q %q", pattern, text)
		}
		if !strings.ContainsAny(pattern, "*?") && plain != (pattern == text) {
			t.Fatalf("literal %q vs %q: %v", pattern, text, plain)
		}
		// The automaton's work bound: one transition per pattern byte per
		// text character, whatever the pattern.
		for _, arn := range []bool{false, true} {
			if _, steps := matchSteps(pattern, text, arn); steps > len(text)*len(pattern) {
				t.Fatalf("arn=%v: %d steps for %q on %q (%d bytes × %d bytes)", arn, steps, pattern, text, len(pattern), len(text))
			}
		}
		if !utf8.ValidString(pattern) || !utf8.ValidString(text) {
			return
		}
		// The automaton must agree with RE2 (itself linear-time) on what the
		// patterns mean.
		checkAgainstRegexp(t, "plain", plain, globRegexp(p, matchOptions{}), text)
		checkAgainstRegexp(t, "action", action, globRegexp(p, matchOptions{foldBefore: len(pattern)}), text)
		checkAgainstRegexp(t, "resource", resource, globRegexp(p, arnMatchOptions(p)), text)
	})
}

func checkAgainstRegexp(t *testing.T, mode string, got bool, re *regexp.Regexp, text string) {
	if want := re.MatchString(text); got != want {
		t.Fatalf("%s: match = %v, regexp %s says %v for %q", mode, got, re, want, text)
	}
}

// globRegexp translates a pattern into an equivalent regular expression,
// an independent statement of the matching rules for the fuzz oracle.
func globRegexp(p pattern, o matchOptions) *regexp.Regexp {
	var b strings.Builder
	b.WriteString(`^`)
	for i, r := range p.text {
		switch {
		case p.special(i, '*') && o.arnSegments && !p.endsSegment(i):
			b.WriteString(`[^:]*`)
		case p.special(i, '*'):
			b.WriteString(`(?s:.*)`)
		case p.special(i, '?') && o.arnSegments:
			b.WriteString(`[^:]`)
		case p.special(i, '?'):
			b.WriteString(`(?s:.)`)
		case i < o.foldBefore:
			b.WriteString(`(?i:` + regexp.QuoteMeta(string(r)) + `)`)
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString(`$`)
	return regexp.MustCompile(b.String())
}

// FuzzConditionValues checks the numeric and date comparisons: a value that
// is no number (or date) makes every comparison undecided; otherwise
// exactly one of less, equal and greater holds, and they agree with the
// comparisons the other way round.
func FuzzConditionValues(f *testing.F) {
	for _, seed := range [][2]string{
		{"10", "1e1"}, {"-1.5", "abc"}, {"1/2", "0.5"}, {"2024-06-01T12:00:00Z", "1717243200"},
		{"2024-06", "2024"}, {"2024-06-01T14:00:00+02:00", "2024-06-01T12:00Z"}, {"2024-06-01T12:00:00.5Z", "1717243200.5"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if len(a) > 64 || len(b) > 64 {
			return
		}
		for _, family := range []string{"numeric", "date"} {
			test := func(op, x, y string) Tri { return operators[family+op].match(x, plainPattern(y)) }
			lt, eq, gt := test("lessthan", a, b), test("equals", a, b), test("greaterthan", a, b)
			if lt != test("greaterthan", b, a) || gt != test("lessthan", b, a) || eq != test("equals", b, a) {
				t.Fatalf("%s: %q vs %q is not antisymmetric", family, a, b)
			}
			if lt == Maybe || eq == Maybe || gt == Maybe {
				if lt != Maybe || eq != Maybe || gt != Maybe {
					t.Fatalf("%s: %q vs %q partly undecided: %v %v %v", family, a, b, lt, eq, gt)
				}
				continue
			}
			if n := countTrue(lt, eq, gt); n != 1 {
				t.Fatalf("%s: %q vs %q: %d of less, equal, greater hold", family, a, b, n)
			}
			// A negated operator's match is the positive test; testValue negates it.
			if test("lessthanequals", a, b) != lt.Or(eq) || test("notequals", a, b) != eq {
				t.Fatalf("%s: %q vs %q: derived operators disagree", family, a, b)
			}
		}
	})
}

// FuzzCoverPrefix checks the coverage decision against brute force over
// sample continuations: when it says all, every sample under the prefix
// matches; when it says none, none does.
func FuzzCoverPrefix(f *testing.F) {
	for _, seed := range [][2]string{
		{"arn:aws:s3:::b/d/*", "arn:aws:s3:::b/d/"}, {"arn:aws:s3:::b/d/?", "arn:aws:s3:::b/d/"},
		{"arn:aws:s3:::*/*", "arn:aws:s3:::"}, {"*", ""}, {"a*:?*", "a"}, {"arn:AWS:s3:::b/*x*", "arn:aws:S3:::b/"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, pattern, prefix string) {
		if len(pattern) > 64 || len(prefix) > 128 {
			return
		}
		got := CoverResourcePrefix(pattern, prefix)
		for _, s := range coverageSamples(pattern) {
			m := MatchResource(pattern, prefix+s)
			if got == CoversAll && !m || got == CoversNone && m {
				t.Fatalf("%q covers %v of %q, but MatchResource(%q) = %v", pattern, got, prefix, prefix+s, m)
			}
		}
	})
}

func countTrue(ts ...Tri) int {
	n := 0
	for _, t := range ts {
		if t == True {
			n++
		}
	}
	return n
}

// coverageSamples are continuations to try: empty, colons, slashes, an
// unusual letter, and the pattern's own heads and tails.
func coverageSamples(pattern string) []string {
	out := []string{"", "a", ":", "/", "::", "a:b", "\u01c2", "x/y:z", strings.Repeat("a", 70)}
	for i := range pattern {
		out = append(out, pattern[i:], pattern[:i])
	}
	return out
}
