package iam

import (
	"strings"
	"testing"
)

func TestCoverResourcePrefix(t *testing.T) {
	const data = "arn:aws:s3:::bucket/data/"
	for _, tc := range []struct {
		pattern, prefix string
		want            Coverage
	}{
		{"*", data, CoversAll},
		{"arn:aws:s3:::bucket/*", data, CoversAll},
		{"arn:aws:s3:::bucket/data/*", data, CoversAll},
		{"arn:aws:s3:::*", data, CoversAll},
		{"arn:aws:s3:::bucket/data/**", data, CoversAll},
		// '?' is exactly one character: data/ itself is not matched.
		{"arn:aws:s3:::bucket/data/?", data, CoversSome},
		{"arn:aws:s3:::bucket/data/?*", data, CoversSome},
		{"arn:aws:s3:::bucket/data/?*", data + "x", CoversAll},
		{"arn:aws:s3:::bucket/dat?/*", data, CoversAll},
		// A '*' inside a segment stops at colons; one ending the pattern does not.
		{"arn:aws:s3:::bucket/*.csv", data, CoversSome},
		{"arn:aws:s3:::bucket/*/x", data, CoversSome},
		{"arn:aws:s3:::*/*", "arn:aws:s3:::", CoversSome}, // a bucket ARN has no '/'
		{"arn:aws:s3:::*/*", "arn:aws:s3:::b/", CoversAll},
		{"arn:aws:s3:::bucket/data/secret/*", data, CoversSome},
		{"arn:aws:s3:::bucket/data/", data, CoversSome},
		{"arn:aws:s3:::bucket/data", data, CoversNone},
		{"arn:aws:s3:::bucket/other/*", data, CoversNone},
		{"arn:aws:s3:::other-bucket/*", data, CoversNone},
		{"arn:aws:s3:::bucket/DATA/*", data, CoversNone}, // the resource part is case-sensitive
		// ... the first five segments are not.
		{"ARN:AWS:S3:::bucket/data/*", data, CoversAll},
		{"arn:aws:s3:::bucket/data/*", "arn:AWS:S3:::bucket/data/", CoversAll},
		// The empty prefix stands for every ARN.
		{"*", "", CoversAll},
		{"arn:*", "", CoversSome},
		{"", "", CoversSome},
		{"", "x", CoversNone},
		{"arn:aws:s3:::*", "arn:aws:s3:::", CoversAll},
		{"arn:aws:s3:::bucket/*", "arn:aws:s3:::", CoversSome},
		{"arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket2/", CoversNone},
	} {
		if got := CoverResourcePrefix(tc.pattern, tc.prefix); got != tc.want {
			t.Errorf("CoverResourcePrefix(%q, %q) = %v, want %v", tc.pattern, tc.prefix, got, tc.want)
		}
	}
}

// Bytes that came from a policy variable or ${*} are text, never wildcards.
func TestCoverPrefixLiteralBytes(t *testing.T) {
	var b patternBuilder
	b.raw("arn:aws:s3:::bucket/data/")
	b.literal("*")
	p := b.pattern()
	o := arnMatchOptions(p)
	if got := p.coverPrefix("arn:aws:s3:::bucket/data/", o); got != CoversSome {
		t.Errorf("data/${*} over data/ = %v, want some", got)
	}
	if got := p.coverPrefix("arn:aws:s3:::bucket/data/*", o); got != CoversSome {
		t.Errorf("data/${*} over data/* = %v, want some (only the key data/* itself)", got)
	}
	if got := p.coverPrefix("arn:aws:s3:::bucket/data/x", o); got != CoversNone {
		t.Errorf("data/${*} over data/x = %v, want none", got)
	}
	b = patternBuilder{}
	b.raw("arn:aws:s3:::bucket/")
	b.literal("home")
	b.raw("/*")
	p = b.pattern()
	if got := p.coverPrefix("arn:aws:s3:::bucket/home/", arnMatchOptions(p)); got != CoversAll {
		t.Errorf("bucket/${var}/* over home/ = %v, want all", got)
	}
}

// Deciding coverage costs one match over the prefix: ten times the prefix
// is about ten times the work.
func TestCoverPrefixIsLinear(t *testing.T) {
	pattern := "arn:aws:s3:::bucket/" + pathological(20) + "*"
	var steps [2]int
	for k, n := range []int{1_000, 10_000} {
		c, s := prefixSteps(pattern, "arn:aws:s3:::bucket/"+strings.Repeat("a", n)+"b")
		if c != CoversAll {
			t.Fatalf("coverage %v, want all", c)
		}
		steps[k] = s
	}
	checkGrowth(t, "10× the prefix", steps[0], steps[1])
}

// On every small ARN pattern the decision is exact, against brute force
// over every short continuation: all when each one matches, none when
// none does, some otherwise.
func TestCoverPrefixExactOnSmallPatterns(t *testing.T) {
	patterns := strings.Split(words("a:*?", 4), " ")
	continuations := strings.Split(words("ab:", 5), " ")
	for _, pat := range patterns {
		p := plainPattern(pat)
		o := arnMatchOptions(p)
		for _, prefix := range []string{"", "a", ":", "a:", "aa"} {
			matched := 0
			for _, c := range continuations {
				if p.match(prefix+c, o) {
					matched++
				}
			}
			want := CoversSome
			switch matched {
			case 0:
				want = CoversNone
			case len(continuations):
				want = CoversAll
			}
			if got := p.coverPrefix(prefix, o); got != want {
				t.Errorf("coverPrefix(%q, %q) = %v; brute force over %d continuations says %v", pat, prefix, got, len(continuations), want)
			}
		}
	}
}

// words lists every string of up to n characters from alphabet, "" first,
// separated by spaces.
func words(alphabet string, n int) string {
	out := []string{""}
	level := []string{""}
	for range n {
		var next []string
		for _, w := range level {
			for _, c := range alphabet {
				next = append(next, w+string(c))
			}
		}
		out, level = append(out, next...), next
	}
	return strings.Join(out, " ")
}
