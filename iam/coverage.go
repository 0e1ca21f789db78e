package iam

// Coverage is how much of a set of resources a pattern matches: all of
// them, some of them, or none.
type Coverage uint8

const (
	CoversNone Coverage = iota
	CoversSome
	CoversAll
)

func (c Coverage) String() string {
	switch c {
	case CoversNone:
		return "none"
	case CoversSome:
		return "some"
	case CoversAll:
		return "all"
	}
	return "Coverage(?)"
}

// Tri turns coverage into the truth of "the pattern matches the resource"
// when the resource stands for the whole set: certain only for all or
// none, Maybe when some members match and some do not.
func (c Coverage) Tri() Tri {
	switch c {
	case CoversAll:
		return True
	case CoversNone:
		return False
	}
	return Maybe
}

// CoverResourcePrefix decides whether a Resource pattern (without policy
// variables) matches all, some or none of the ARNs that start with prefix,
// under the matching rules of MatchResource [RES].
func CoverResourcePrefix(pattern, prefix string) Coverage {
	p := plainPattern(pattern)
	return p.coverPrefix(prefix, arnMatchOptions(p))
}

// coverPrefix runs the automaton over prefix, then judges the states that
// survive by what any continuation could do to them:
//
//   - no state survives: no string starting with prefix matches (None);
//   - the pattern's final '*' is among them: that star may match any
//     continuation, colons included (a '*' that ends the pattern ends its
//     ARN segment [RES]), so every string starting with prefix matches (All);
//   - otherwise some continuation matches, since every surviving state can
//     be completed (a literal by itself, '*' by nothing, '?' by a letter),
//     and some does not (Some).
//
// The last step never answers All wrongly; it could answer Some where
// several surviving states only together accept every continuation. In
// the ARN dialect none was found: an exhaustive run over every pattern of
// up to six characters from {a, ':', '*', '?'}, five prefixes and every
// continuation of up to seven characters from {a, b, ':'} agreed with it
// (a continuation of colons defeats '?' and every '*' inside a segment).
// FuzzCoverPrefix keeps All and None honest. Time is that of one match
// over prefix.
func (p pattern) coverPrefix(prefix string, o matchOptions) Coverage {
	var buf [8]uint64
	states, alive := p.advance(0, prefix, o, &buf)
	switch {
	case !alive:
		return CoversNone
	case p.endsWithStar() && states.has(len(p.text)-1):
		return CoversAll
	}
	return CoversSome
}

func (p pattern) endsWithStar() bool {
	return len(p.text) > 0 && p.special(len(p.text)-1, '*')
}
