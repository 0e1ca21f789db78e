package checks

import (
	"bytes"
	"runtime"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/internal/corpus"
)

// retainedByRun checks the generated files and returns the heap the results
// hold once the run is over (after a collection), the files' bytes, and
// the findings and references reported.
func retainedByRun(t *testing.T, files []corpus.File) (retained, read, reported int) {
	t.Helper()
	opts := RunOptions{}
	for _, f := range files {
		opts.Sources = append(opts.Sources, Source{Name: f.Name, Reader: bytes.NewReader(f.Content)})
		read += len(f.Content)
	}
	before := liveHeap()
	res, err := Run(opts)
	if err != nil {
		t.Fatal(err)
	}
	after := liveHeap()
	for _, fr := range res.Files {
		reported += len(fr.Findings) + len(fr.References)
	}
	runtime.KeepAlive(res)
	runtime.KeepAlive(files) // the test's copy of the files is not the run's to free
	return int(after) - int(before), read, reported
}

func liveHeap() uint64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestRetainedMemoryPerFile: what a run holds until the report is written
// grows with what the report shows, not with the files read. From n to 4n
// generated files, the heap retained by the results grows by at most 256
// bytes per file plus 1 KB per finding or reference (the sources and
// their line tables, about 6 KB per file here, were all held before), and
// where few files have anything to report, by less than 1/8 of the bytes
// read.
func TestRetainedMemoryPerFile(t *testing.T) {
	if testing.Short() {
		t.Skip("checks 4,500 generated files three times")
	}
	const n = 500
	for _, fraction := range []float64{0, 0.05, 1} {
		all := corpus.Generate(4*n, fraction, 1)
		retainedByRun(t, all[:n]) // the first run fills the caches the package keeps
		keptS, readS, shownS := retainedByRun(t, all[:n])
		keptL, readL, shownL := retainedByRun(t, all)
		grew, read, shown, files := keptL-keptS, readL-readS, shownL-shownS, 3*n
		t.Logf("fraction %.2f: %d more files (%d bytes, %d findings and references) retain %d bytes more: %d per file, %.1f%% of the bytes read",
			fraction, files, read, shown, grew, grew/files, 100*float64(grew)/float64(read))
		if grew > 256*files+1024*shown {
			t.Errorf("fraction %.2f: %d bytes retained for %d files and %d findings and references", fraction, grew, files, shown)
		}
		if fraction < 0.1 && grew*8 > read {
			t.Errorf("fraction %.2f: the results of %d more files hold %d bytes, more than 1/8 of the %d bytes read", fraction, files, grew, read)
		}
	}
}
