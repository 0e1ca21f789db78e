package sqlparse

// workKind is one thing the tests that hold parsing to linear in the input
// count (robust_test.go, fuzz_test.go). Each layer adds the units it
// examines, searches and backward scans included, so that a rescan shows as
// growth faster than the input; the C scanner's own work is out of sight,
// so what Go hands to it is counted instead.
type workKind int

const (
	workLexed      workKind = iota // bytes the lexical layer examined
	workSegments                   // segments looked at to find, mask and tie a statement's segments
	workScans                      // calls of pg_query's scanner
	workScanned                    // bytes handed to it
	workTokens                     // tokens walked by the clause and grant parsers (each walk counts all it may visit)
	workDecoded                    // bytes examined to decode clause values
	workPositioned                 // bytes examined to turn offsets into lines and columns
	workKinds
)

type workCounts [workKinds]int

// counting is nil, and every count a nil check, except while a test counts
// (CountWorkForTest in export_test.go).
var counting *workCounts

func (w *workCounts) add(k workKind, n int) {
	if w != nil {
		w[k] += n
	}
}
