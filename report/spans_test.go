package report

import (
	"math/rand"
	"slices"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// TestSpanIndexOverlapping compares the index with testing every span, on
// random spans that may nest, touch or repeat.
func TestSpanIndexOverlapping(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for range 200 {
		var spans []sqlparse.Span
		for range rng.Intn(12) {
			start := rng.Intn(60)
			spans = append(spans, sqlparse.Span{Start: start, End: start + 1 + rng.Intn(20)})
		}
		x := newSpanIndex(spans)
		for from := 0; from < 80; from++ {
			for to := from; to < 80; to++ {
				var want []sqlparse.Span
				for _, s := range x.spans {
					if s.Start < to && s.End > from {
						want = append(want, s)
					}
				}
				if got := x.overlapping(from, to); !slices.Equal(got, want) {
					t.Fatalf("%v [%d, %d): %v, want %v", spans, from, to, got, want)
				}
			}
		}
	}
}
