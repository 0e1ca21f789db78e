// Package suggest finds, for a mistyped name, the known name it most
// likely stands for: the one "did you mean" helper of the commands, flags,
// rule ids and config keys.
package suggest

import (
	"fmt"
	"strings"
)

// Closest is the candidate nearest to s, ignoring case, when it is near
// enough to be a typo of it: at most a third of s's characters (at least
// one) inserted, deleted, replaced or swapped with a neighbour. Ties go to
// the earlier candidate; ok is false when none is near enough or s is
// itself a candidate.
func Closest(s string, candidates []string) (best string, ok bool) {
	limit := max(1, len([]rune(s))/3)
	bestDist := limit + 1
	for _, c := range candidates {
		if c == s {
			return "", false
		}
		if d := Distance(strings.ToLower(s), strings.ToLower(c)); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best, bestDist <= limit
}

// Hint is "; did you mean X?" for the candidate nearest to s, X formatted
// with format (e.g. "%q", "--%s"), or "" when none is near enough: the
// end of an "unknown ..." message's first clause.
func Hint(s string, candidates []string, format string) string {
	if c, ok := Closest(s, candidates); ok {
		return "; did you mean " + fmt.Sprintf(format, c) + "?"
	}
	return ""
}

// Distance is the optimal string alignment distance between a and b, in
// characters: insertions, deletions, substitutions and transpositions of
// two neighbours. Long inputs cost len(a)·len(b); callers pass names.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1) // row i-2
	prev := make([]int, len(rb)+1)  // row i-1
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
