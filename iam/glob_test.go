package iam

import (
	"fmt"
	"strings"
	"testing"
)

func TestMatchAction(t *testing.T) {
	cases := []struct {
		pattern, action string
		want            bool
	}{
		{"sts:AssumeRole", "sts:AssumeRole", true},
		{"STS:assumerole", "sts:AssumeRole", true}, // actions are case-insensitive [ACT]
		{"iam:ListAccessKeys", "IAM:listaccesskeys", true},
		{"*", "anything:AtAll", true},
		{"sts:*", "sts:AssumeRole", true},
		{"sts:Assume*", "sts:AssumeRoleWithSAML", true},
		{"iam:*AccessKey*", "iam:ListAccessKeys", true},
		{"iam:*AccessKey*", "iam:ListUsers", false},
		{"s3:Get?bject", "s3:GetObject", true},
		{"s3:Get?bject", "s3:GetObbject", false},
		{"s3:*", "s3control:Foo", false},
		{"sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", false},
		{"sts:AssumeRole*", "sts:AssumeRole", true}, // '*' may match nothing
		{"", "", true},
		{"", "x", false},
	}
	for _, c := range cases {
		if got := MatchAction(c.pattern, c.action); got != c.want {
			t.Errorf("MatchAction(%q, %q) = %v, want %v", c.pattern, c.action, got, c.want)
		}
	}
}

func TestMatchResource(t *testing.T) {
	cases := []struct {
		pattern, arn string
		want         bool
	}{
		{"*", "arn:aws:iam::123456789012:role/RoleA", true},
		{"arn:aws:iam::123456789012:role/RoleA", "arn:aws:iam::123456789012:role/RoleA", true},
		// Resource names are case-sensitive [RES]: role names differ by case.
		{"arn:aws:iam::123456789012:role/rolea", "arn:aws:iam::123456789012:role/RoleA", false},
		// ... but partition, service, region and account do not.
		{"arn:AWS:IAM::123456789012:role/RoleA", "arn:aws:iam::123456789012:role/RoleA", true},
		// Path resources.
		{"arn:aws:iam::123456789012:role/service-role/*", "arn:aws:iam::123456789012:role/service-role/RedshiftSpectrumRole", true},
		{"arn:aws:iam::123456789012:role/service-role/*", "arn:aws:iam::123456789012:role/RedshiftSpectrumRole", false},
		{"arn:aws:iam::123456789012:role/*", "arn:aws:iam::123456789012:role/service-role/X", true}, // '*' spans '/'
		{"arn:aws:iam::*:role/RoleA", "arn:aws:iam::210987654321:role/RoleA", true},
		{"arn:aws:iam::1234567890??:role/RoleA", "arn:aws:iam::123456789012:role/RoleA", true},
		{"arn:aws:iam::123456789012:role/Role?", "arn:aws:iam::123456789012:role/RoleAB", false},
		// A '*' that ends its segment may run past colons [RES]...
		{"arn:aws:iam::*", "arn:aws:iam::123456789012:role/RoleA", true},
		{"arn:aws:lambda:us-east-1:123456789012:function:redshift-udf-*", "arn:aws:lambda:us-east-1:123456789012:function:redshift-udf-f:prod", true},
		{"arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a:b/c", true},
		// ... one inside a segment does not.
		{"arn:aws:s3:::bucket/*.csv", "arn:aws:s3:::bucket/x:y.csv", false},
		{"arn:aws:iam::12345*2:role/RoleA", "arn:aws:iam::12345:6789012:role/RoleA", false},
		{"arn:aws:s3:::bucket/?b", "arn:aws:s3:::bucket/:b", false}, // '?' is not a colon
		{"arn:aws:redshift:us-east-1:123456789012:dbuser:analytics-cluster/*", dbUserARN, true},
		{"arn:aws:redshift:us-east-1:123456789012:dbuser:*/etl_user", dbUserARN, true},
		{"arn:aws:s3:::example-ingest-bucket", "arn:aws:s3:::example-ingest-bucket/key", false},
	}
	for _, c := range cases {
		if got := MatchResource(c.pattern, c.arn); got != c.want {
			t.Errorf("MatchResource(%q, %q) = %v, want %v", c.pattern, c.arn, got, c.want)
		}
	}
}

func TestStringLikePattern(t *testing.T) {
	cases := []struct {
		pattern, s string
		want       bool
	}{
		{"*", "", true},
		{"a*", "a:b/c", true}, // StringLike '*' crosses everything
		{"*/etl_*", dbUserARN, true},
		{"A*", "a", false}, // case-sensitive
		{"a?c", "abc", true},
		{"a?c", "ac", false},
		{"ü?", "üß", true}, // '?' is one character, not one byte
		{"*ße", "straße", true},
	}
	for _, c := range cases {
		if got := plainPattern(c.pattern).match(c.s, matchOptions{}); got != c.want {
			t.Errorf("match(%q, %q) = %v, want %v", c.pattern, c.s, got, c.want)
		}
	}
}

func TestLiteralFlagsDisableWildcards(t *testing.T) {
	var b patternBuilder
	b.raw("a")
	b.literal("*")
	b.raw("*")
	p := b.pattern()
	if !p.match("a*xyz", matchOptions{}) || p.match("abc", matchOptions{}) {
		t.Errorf("a${*}* must need a literal '*' after 'a'")
	}
}

// pathological builds "*a*a*a…*b" with n stars, the classic input that
// makes backtracking matchers take exponential time on "aaaa…".
func pathological(n int) string {
	return strings.Repeat("*a", n) + "*b"
}

// matchSteps runs the automaton the way MatchAction (arn false) or
// MatchResource (arn true) does and counts its transitions.
func matchSteps(pattern, text string, arn bool) (matched bool, steps int) {
	p := plainPattern(pattern)
	o := matchOptions{foldBefore: len(pattern)}
	if arn {
		o = arnMatchOptions(p)
	}
	o.steps = &steps
	return p.match(text, o), steps
}

// prefixSteps is matchSteps for CoverResourcePrefix.
func prefixSteps(pattern, prefix string) (c Coverage, steps int) {
	p := plainPattern(pattern)
	o := arnMatchOptions(p)
	o.steps = &steps
	return p.coverPrefix(prefix, o), steps
}

// checkGrowth fails when ten times the input took more than twelve times the
// work, or when no work was counted at all (the counter is not wired up).
func checkGrowth(t *testing.T, what string, small, large int) {
	t.Helper()
	if small <= 0 || large <= 0 {
		t.Fatalf("%s: %d and %d steps counted; the automaton's step counter is not wired up", what, small, large)
	}
	ratio := float64(large) / float64(small)
	t.Logf("%s: %d → %d steps (%.2f×)", what, small, large, ratio)
	if ratio > 12 {
		t.Errorf("%s: 10× the input took %.1f× the steps (%d → %d); want about 10×", what, ratio, small, large)
	}
}

// A backtracking matcher needs ~C(100000, 40) steps on the pathological
// pattern; the automaton at most one per pattern byte per text character,
// and ten times the text is ten times the steps. Steps are counted, not
// timed, so a busy machine cannot fail this test; growth is checked first,
// on small texts, so that a worse matcher fails fast instead of timing out.
func TestMatchIsLinearOnPathologicalPatterns(t *testing.T) {
	pattern := pathological(40)
	for _, arn := range []bool{false, true} {
		for _, suffix := range []string{"", "b"} {
			var steps [2]int
			for k, n := range []int{1_000, 10_000} {
				text := strings.Repeat("a", n) + suffix
				matched, s := matchSteps(pattern, text, arn)
				if want := suffix == "b"; matched != want {
					t.Fatalf("arn=%v: match(%q, a×%d+%q) = %v, want %v", arn, pattern, n, suffix, matched, want)
				}
				steps[k] = s
			}
			checkGrowth(t, fmt.Sprintf("arn=%v, a×n+%q", arn, suffix), steps[0], steps[1])
		}
	}
	if t.Failed() {
		t.FailNow()
	}

	text := strings.Repeat("a", 100_000)
	if MatchAction(pattern, text) || MatchResource(pattern, text) {
		t.Fatal("pattern ending in b matched a text of a's")
	}
	if !MatchAction(pattern, text+"b") {
		t.Fatal("pattern did not match its own shape")
	}
	for _, arn := range []bool{false, true} {
		if _, s := matchSteps(pattern, text+"b", arn); s > len(text+"b")*len(pattern) {
			t.Errorf("arn=%v: %d steps over %d characters, more than one per pattern byte per character", arn, s, len(text)+1)
		}
	}
}

// Ten times the text, or ten times the pattern, must be about ten times the
// work, whatever the pattern's shape and dialect.
func TestMatchWorkGrowsLinearly(t *testing.T) {
	const n = 1_000
	textGrowth := []struct {
		name            string
		pattern         string
		text            func(n int) string
		arn, prefixOnly bool
	}{
		{"stars", pathological(20), func(n int) string { return strings.Repeat("a", n) }, false, false},
		{"question marks", strings.Repeat("*?", 20) + "b", func(n int) string { return strings.Repeat("a", n) }, false, false},
		{"case folding", strings.Repeat("*k", 20) + "*b", func(n int) string { return strings.Repeat("\u212a", n) }, false, false}, // Kelvin sign
		{"ARN resource part", "arn:aws:s3:::" + pathological(20), func(n int) string { return "arn:aws:s3:::" + strings.Repeat("a", n) }, true, false},
		{"ARN segments", "arn:aws:*:*:" + strings.Repeat("*a", 20) + ":*b", func(n int) string { return "arn:aws:s3:us-east-1:" + strings.Repeat("a:", n/2) }, true, false},
		{"resource prefix", "arn:aws:s3:::bucket/" + pathological(20) + "/x", func(n int) string { return "arn:aws:s3:::bucket/" + strings.Repeat("a", n) }, true, true},
	}
	for _, tc := range textGrowth {
		t.Run(tc.name, func(t *testing.T) {
			var steps [2]int
			for k, size := range []int{n, 10 * n} {
				text := tc.text(size)
				switch {
				case tc.prefixOnly:
					c, s := prefixSteps(tc.pattern, text)
					if c != CoverResourcePrefix(tc.pattern, text) {
						t.Fatalf("counted prefix coverage disagrees with CoverResourcePrefix")
					}
					steps[k] = s
				default:
					matched, s := matchSteps(tc.pattern, text, tc.arn)
					want := MatchAction(tc.pattern, text)
					if tc.arn {
						want = MatchResource(tc.pattern, text)
					}
					if matched != want {
						t.Fatalf("counted match disagrees with the exported matcher")
					}
					steps[k] = s
				}
			}
			checkGrowth(t, "10× the text", steps[0], steps[1])
		})
	}

	// The other dimension of O(len(text) × len(pattern)).
	t.Run("pattern", func(t *testing.T) {
		text := strings.Repeat("a", 5*n)
		_, small := matchSteps(pathological(10), text, false)
		_, large := matchSteps(pathological(100), text, false)
		checkGrowth(t, "10× the stars", small, large)
	})
}
