package iam

import (
	"math/bits"
	"unicode"
	"unicode/utf8"
)

// pattern is an IAM wildcard pattern: '*' matches any run of characters and
// '?' exactly one. A byte flagged in literal is plain text even when it is
// '*', '?' or ':', because it came from a policy variable or from a ${*},
// ${?} or ${$} escape [VARS].
type pattern struct {
	text    string
	literal []bool // nil, or one flag per byte of text
}

func plainPattern(s string) pattern { return pattern{text: s} }

// special reports whether byte i is the unescaped metacharacter c.
func (p pattern) special(i int, c byte) bool {
	return p.text[i] == c && (p.literal == nil || !p.literal[i])
}

func (p pattern) slice(i, j int) pattern {
	out := pattern{text: p.text[i:j]}
	if p.literal != nil {
		out.literal = p.literal[i:j]
	}
	return out
}

// splitN cuts p at unescaped occurrences of sep, into at most n parts.
func (p pattern) splitN(sep byte, n int) []pattern {
	var parts []pattern
	start := 0
	for i := 0; i < len(p.text) && len(parts) < n-1; i++ {
		if p.special(i, sep) {
			parts = append(parts, p.slice(start, i))
			start = i + 1
		}
	}
	return append(parts, p.slice(start, len(p.text)))
}

// matchOptions select the dialect of a match.
type matchOptions struct {
	// foldBefore: pattern characters at byte offsets below it compare
	// case-insensitively, the rest exactly.
	foldBefore int
	// arnSegments keeps '*' and '?' inside colon-separated ARN segments,
	// except that a '*' ending its segment may run past colons [RES].
	arnSegments bool
	// steps, when a test sets it, counts the automaton's transitions (one
	// per live state per text character), the work tests hold to linear.
	steps *int
}

// match runs the pattern as a non-deterministic automaton over text: the
// state set holds every pattern offset reachable so far, advanced once per
// text character. That costs O(len(text) × len(pattern)) whatever the
// pattern, so "*a*a*a…b" cannot blow up as a backtracking matcher would.
// The literal prefix before the first wildcard, where the automaton would
// be deterministic anyway, is compared directly.
func (p pattern) match(text string, o matchOptions) bool {
	if p.literal == nil && (p.text == "*" || p.text == text) {
		return true
	}
	start, j, ok := p.matchLiteralPrefix(text, o)
	switch {
	case !ok:
		return false
	case start == len(p.text):
		return j == len(text)
	}
	return p.runAutomaton(start, text[j:], o)
}

// matchLiteralPrefix compares the pattern up to its first wildcard with
// the start of text and returns where each left off.
func (p pattern) matchLiteralPrefix(text string, o matchOptions) (s, j int, ok bool) {
	for s < len(p.text) && !p.special(s, '*') && !p.special(s, '?') {
		if j == len(text) {
			return s, j, false
		}
		c, w := utf8.DecodeRuneInString(text[j:])
		pw := p.literalWidth(s, c, text[j:j+w], s < o.foldBefore)
		if pw == 0 {
			return s, j, false
		}
		s, j = s+pw, j+w
	}
	return s, j, true
}

func (p pattern) runAutomaton(start int, text string, o matchOptions) bool {
	var buf [8]uint64
	states, alive := p.advance(start, text, o, &buf)
	return alive && states.has(len(p.text))
}

// advance runs the automaton from state start over text and returns the
// states reached; alive is false once no state survives.
func (p pattern) advance(start int, text string, o matchOptions, buf *[8]uint64) (states stateSet, alive bool) {
	cur, next := newStateSets(len(p.text)+1, buf)
	p.enter(cur, start)
	for j := 0; j < len(text); {
		c, w := utf8.DecodeRuneInString(text[j:])
		clear(next)
		if !p.step(cur, next, c, text[j:j+w], o) {
			return nil, false
		}
		cur, next = next, cur
		j += w
	}
	return cur, true
}

// step advances every state in cur over one text character into next and
// reports whether any state survived.
func (p pattern) step(cur, next stateSet, c rune, char string, o matchOptions) bool {
	n := len(p.text)
	alive := false
	if o.steps != nil {
		*o.steps += cur.countBelow(n)
	}
	for s := cur.next(0); s >= 0 && s < n; s = cur.next(s + 1) {
		target := -1
		switch {
		case p.special(s, '*'):
			if !o.arnSegments || c != ':' || p.endsSegment(s) {
				target = s
			}
		case p.special(s, '?'):
			if !o.arnSegments || c != ':' {
				target = s + 1
			}
		default:
			if w := p.literalWidth(s, c, char, s < o.foldBefore); w > 0 {
				target = s + w
			}
		}
		if target >= 0 {
			p.enter(next, target)
			alive = true
		}
	}
	return alive
}

// countBelow is the number of states below n in s: the transitions step
// takes from it, counted only when a test asks (matchOptions.steps).
func (s stateSet) countBelow(n int) int {
	c := 0
	for wi, w := range s {
		if lo := wi * 64; lo+64 > n {
			if lo >= n {
				break
			}
			w &= 1<<uint(n-lo) - 1
		}
		c += bits.OnesCount64(w)
	}
	return c
}

// enter adds state s and, because a '*' may match the empty string, every
// state reachable from it across a run of stars.
func (p pattern) enter(set stateSet, s int) {
	set.add(s)
	for s < len(p.text) && p.special(s, '*') {
		s++
		set.add(s)
	}
}

// endsSegment reports whether the '*' at s is the last character of its ARN
// segment, the one case where it may match past a colon [RES].
func (p pattern) endsSegment(s int) bool {
	return s+1 == len(p.text) || p.special(s+1, ':')
}

// literalWidth returns the byte width of the pattern character at s if it
// matches the text character, else 0. Bytes that are not valid UTF-8 only
// match themselves.
func (p pattern) literalWidth(s int, c rune, char string, fold bool) int {
	if b := rune(p.text[s]); b < utf8.RuneSelf && c < utf8.RuneSelf {
		if b == c || fold && asciiLower(b) == asciiLower(c) {
			return 1
		}
		return 0
	}
	pc, w := utf8.DecodeRuneInString(p.text[s:])
	if p.text[s:s+w] == char {
		return w
	}
	if fold && pc != utf8.RuneError && c != utf8.RuneError && equalFoldRune(pc, c) {
		return w
	}
	return 0
}

func equalFoldRune(a, b rune) bool {
	if a == b {
		return true
	}
	if a < utf8.RuneSelf && b < utf8.RuneSelf {
		return asciiLower(a) == asciiLower(b)
	}
	for r := unicode.SimpleFold(a); r != a; r = unicode.SimpleFold(r) {
		if r == b {
			return true
		}
	}
	return false
}

func asciiLower(r rune) rune {
	if 'A' <= r && r <= 'Z' {
		return r + 'a' - 'A'
	}
	return r
}
