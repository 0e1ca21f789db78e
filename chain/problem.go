package chain

import (
	"slices"
	"strconv"
)

// DefaultMaxChain is the longest chain Redshift documents ("you can chain up to
// 10 roles"); Check uses it when given a maximum <= 0.
const DefaultMaxChain = 10

// Span is a half-open byte range [Start, End) relative to the text given to
// Split/ParseRoleARN. An empty span (Start == End) marks the point where
// something is missing.
type Span struct{ Start, End int }

// Kind identifies a problem; the caller maps it to a rule id.
type Kind int

const (
	KindWhitespace     Kind = iota + 1 // whitespace inside the value outside opaque ranges (rule chain-whitespace); one problem per maximal run of whitespace, span = the run
	KindEmptyElement                   // leading/trailing/doubled comma, or an empty value (rule chain-empty-element); span = the offending comma (for an empty value: Span{0,0})
	KindTooLong                        // more than max elements (rule chain-too-long); span from the first element past the limit to the end of the last element
	KindDefaultInChain                 // an element equal (case-insensitively) to "default" in a chain of 2+ elements (rule default-in-chain); span = that element
	KindDefaultQuoted                  // the whole value is 'default' (any case) (rule default-quoted); span = the element
	KindInvalidARN                     // element is not a valid role ARN (rule invalid-role-arn); span = the offending part of the element
)

// String names the kind for test failures and debugging; reports name
// the rule that package checks maps it to.
func (k Kind) String() string {
	switch k {
	case KindWhitespace:
		return "Whitespace"
	case KindEmptyElement:
		return "EmptyElement"
	case KindTooLong:
		return "TooLong"
	case KindDefaultInChain:
		return "DefaultInChain"
	case KindDefaultQuoted:
		return "DefaultQuoted"
	case KindInvalidARN:
		return "InvalidARN"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Problem is one positioned diagnostic.
type Problem struct {
	Kind    Kind
	Span    Span
	Message string // one line, lowercase start, no trailing period, says what is wrong
}

// shift moves problems found in an element to the coordinates of the whole value.
func shift(probs []Problem, by int) {
	for i := range probs {
		probs[i].Span.Start += by
		probs[i].Span.End += by
	}
}

// sortProblems orders problems by position; at one position a missing-thing
// (empty) span comes before a wider one. The sort is stable so problems at the
// same span keep the order in which they were found.
func sortProblems(probs []Problem) {
	slices.SortStableFunc(probs, func(a, b Problem) int {
		if a.Span.Start != b.Span.Start {
			return a.Span.Start - b.Span.Start
		}
		return a.Span.End - b.Span.End
	})
}
