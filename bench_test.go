package main

import (
	"io"
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/internal/corpus"
)

// BenchmarkCheckCorpus runs the whole check command (walk, read, parse,
// rules, report) over a generated migrations folder of 2,000 files, in which
// all or 5% of the files hold credential statements. It reports MB/s and
// files/s; scripts/bench-vs-squawk.sh times the real binary against squawk.
func BenchmarkCheckCorpus(b *testing.B) {
	for _, tc := range benchCorpora {
		b.Run(tc.name, func(b *testing.B) {
			dir, files, total := writeCorpus(b, tc.fraction)
			b.SetBytes(int64(total))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				code := run([]string{"redshift-preflight", "check", "--format", "json", dir}, strings.NewReader(""), io.Discard, io.Discard)
				if code == exitUsage {
					b.Fatal("usage error")
				}
			}
			b.ReportMetric(float64(len(files))*float64(b.N)/b.Elapsed().Seconds(), "files/s")
		})
	}
}

// benchCorpora are the generated migrations folders the benchmarks run on:
// 2,000 files, all or 5% of them holding credential statements.
var benchCorpora = []struct {
	name     string
	fraction float64
}{{"all-credentials", 1.0}, {"5pct-credentials", 0.05}}

// writeCorpus generates a corpus into a temporary directory and returns
// the directory, the files and their total size.
func writeCorpus(b *testing.B, fraction float64) (string, []corpus.File, int) {
	files := corpus.Generate(2000, fraction, 1)
	dir := b.TempDir()
	if err := corpus.WriteDir(dir, files); err != nil {
		b.Fatal(err)
	}
	total := 0
	for _, f := range files {
		total += len(f.Content)
	}
	return dir, files, total
}
