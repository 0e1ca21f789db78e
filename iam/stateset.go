package iam

import "math/bits"

// stateSet is a bit set of pattern offsets.
type stateSet []uint64

// newStateSets returns two sets for offsets 0..size-1, carved from buf when
// they fit so that matching short patterns does not allocate.
func newStateSets(size int, buf *[8]uint64) (stateSet, stateSet) {
	words := (size + 63) / 64
	if 2*words <= len(buf) {
		return buf[:words:words], buf[words : 2*words : 2*words]
	}
	return make(stateSet, words), make(stateSet, words)
}

func (s stateSet) has(i int) bool { return s[i>>6]&(1<<(uint(i)&63)) != 0 }
func (s stateSet) add(i int)      { s[i>>6] |= 1 << (uint(i) & 63) }

// next returns the smallest member >= i, or -1.
func (s stateSet) next(i int) int {
	for wi := i >> 6; wi < len(s); wi++ {
		word := s[wi]
		if wi == i>>6 {
			word &= ^uint64(0) << (uint(i) & 63)
		}
		if word != 0 {
			return wi*64 + bits.TrailingZeros64(word)
		}
	}
	return -1
}

func (s stateSet) empty() bool {
	for _, w := range s {
		if w != 0 {
			return false
		}
	}
	return true
}
