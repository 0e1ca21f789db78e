package iam

import (
	"strings"
	"testing"
	"time"
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

func TestMatchIsLinearOnPathologicalPatterns(t *testing.T) {
	pattern := pathological(40)
	text := strings.Repeat("a", 100_000)
	start := time.Now()
	if MatchAction(pattern, text) || MatchResource(pattern, text) {
		t.Fatal("pattern ending in b matched a text of a's")
	}
	if !MatchAction(pattern, text+"b") {
		t.Fatal("pattern did not match its own shape")
	}
	// A backtracking matcher needs ~C(100000, 40) steps here; the automaton
	// needs ~100000 × 83. A second is generous even under -race.
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("pathological match took %v", d)
	}
}

// Eight times the text must take about eight times as long, not
// exponentially longer; the bound is loose so a busy machine cannot fail it.
func TestMatchWorkGrowsLinearly(t *testing.T) {
	pattern := plainPattern(pathological(20))
	measure := func(n int) time.Duration {
		text := strings.Repeat("a", n)
		start := time.Now()
		for range 5 {
			pattern.match(text, matchOptions{})
		}
		return time.Since(start)
	}
	measure(1000) // warm up
	small, large := measure(20_000), measure(160_000)
	if ratio := float64(large) / float64(small); ratio > 30 {
		t.Errorf("8× the text took %.1f× the time; want about 8×", ratio)
	}
}
