package inventory

import (
	"strings"
)

// maxRoleDistance bounds the edit distance of a "did you mean" suggestion:
// a typo or two, not another role.
const maxRoleDistance = 3

// NearestRole returns the role of the data that the role ARN most likely
// meant, for a "did you mean" hint when the exact lookup fails, or nil:
// among the roles of the same partition and account, one whose path and
// name equal it but for case, else one with the same name under another
// path, else the closest path and name within maxRoleDistance edits
// (ignoring case, and under half the name's length). Only names of similar
// length are compared, so that a large export costs one pass over its
// roles. Ties go to the smaller ARN.
func (inv *Inventory) NearestRole(partition, account, path, name string) *Role {
	want := strings.ToLower(strings.TrimPrefix(path, "/") + name)
	bound := min(maxRoleDistance, (len(name)-1)/2)
	var best *Role
	bestScore := bound + 2
	for _, r := range inv.roles {
		if r.Account != account || !strings.HasPrefix(r.ARN, "arn:"+partition+":") {
			continue
		}
		score, ok := roleScore(r, want, name, bound)
		if ok && (score < bestScore || score == bestScore && r.ARN < best.ARN) {
			best, bestScore = r, score
		}
	}
	if best != nil {
		best.ensure()
	}
	return best
}

// roleScore ranks a candidate: 0 for the same path and name but for case,
// 1 for the same name under another path, 1 + the edit distance otherwise.
func roleScore(r *Role, want, name string, bound int) (int, bool) {
	have := strings.ToLower(strings.TrimPrefix(r.Path, "/") + r.Name)
	switch {
	case have == want:
		return 0, true
	case strings.EqualFold(r.Name, name):
		return 1, true
	case abs(len(have)-len(want)) > bound:
		return 0, false
	}
	d, ok := boundedDistance(have, want, bound)
	return 1 + d, ok
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// boundedDistance is the Levenshtein distance of a and b (bytes) when it is
// at most bound; ok is false otherwise. It fills only the band of cells
// within bound of the diagonal, so it costs O(len(a) * bound).
func boundedDistance(a, b string, bound int) (int, bool) {
	if abs(len(a)-len(b)) > bound {
		return 0, false
	}
	inf := bound + 1
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = min(j, inf)
	}
	for i := 1; i <= len(a); i++ {
		lo, hi := max(1, i-bound), min(len(b), i+bound)
		cur[0] = min(i, inf)
		if lo > 1 {
			cur[lo-1] = inf
		}
		rowMin := cur[0]
		for j := lo; j <= hi; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j-1]+cost, prev[j]+1, cur[j-1]+1, inf)
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if hi < len(b) {
			cur[hi+1] = inf
		}
		if rowMin > bound {
			return 0, false
		}
		prev, cur = cur, prev
	}
	return prev[len(b)], prev[len(b)] <= bound
}
