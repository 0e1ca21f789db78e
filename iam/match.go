package iam

// MatchAction reports whether an Action or NotAction pattern matches an
// action name: case-insensitive, '*' any run, '?' one character [ACT].
func MatchAction(pattern, action string) bool {
	return plainPattern(pattern).match(action, matchOptions{foldBefore: len(pattern)})
}

// MatchResource reports whether a Resource pattern (without policy
// variables) matches a resource ARN [RES]: '*' and '?' work within the
// colon-separated segments, a '*' that ends its segment can match beyond the
// colon, partition, service, region and account compare case-insensitively
// and the resource part case-sensitively.
func MatchResource(pattern, arn string) bool {
	p := plainPattern(pattern)
	return p.match(arn, arnMatchOptions(p))
}

func arnMatchOptions(p pattern) matchOptions {
	return matchOptions{foldBefore: resourcePartStart(p) - 1, arnSegments: true}
}

// resourcePartStart is the byte offset just after the fifth unescaped
// colon, where an ARN's resource part begins; for a pattern with fewer
// colons, just after the last one (so only its final segment is exact).
func resourcePartStart(p pattern) int {
	start, colons := 0, 0
	for i := 0; i < len(p.text) && colons < 5; i++ {
		if p.special(i, ':') {
			start, colons = i+1, colons+1
		}
	}
	return start
}

// CoversAction reports whether the statement's Action (or NotAction) element
// lets it apply to action, whatever its resources and conditions.
func (s *Statement) CoversAction(action string) bool {
	if s.NotAction != nil {
		for _, a := range s.NotAction {
			if MatchAction(a, action) {
				return false
			}
		}
		return true
	}
	for _, a := range s.Action {
		if MatchAction(a, action) {
			return true
		}
	}
	return false
}
