package sqlparse

import (
	"testing"

	"github.com/redshift-preflight/redshift-preflight/internal/corpus"
)

// Stage benchmarks (issue 13 point 5): the lexical layer and pg_query's
// scanner, each alone, over the generated corpus that scripts/gencorpus.go
// writes, so a regression in either shows up in its own number
// (go test -run '^$' -bench 'Lex|Scan' -benchmem ./sqlparse).

// stageCorpora: every file with credential statements, and 5 % of them.
var stageCorpora = []struct {
	name     string
	fraction float64
}{{"credentials=100%", 1}, {"credentials=5%", 0.05}}

const stageFiles = 200

func BenchmarkLex(b *testing.B) {
	for _, c := range stageCorpora {
		b.Run(c.name, func(b *testing.B) {
			files := corpus.Generate(stageFiles, c.fraction, 1)
			total := 0
			for _, f := range files {
				total += len(f.Content)
			}
			b.SetBytes(int64(total))
			b.ReportAllocs()
			for b.Loop() {
				for _, f := range files {
					lexDelimited(f.Content, Delimiters{})
				}
			}
		})
	}
}

// scanJob is one statement Parse hands to the scanner.
type scanJob struct {
	src  []byte
	span Span
	segs []segment
}

// scanJobs picks the statements Parse would scan: those whose leading
// words may start a credential statement (routine bodies left out).
func scanJobs(files []corpus.File) (jobs []scanJob, bytes int) {
	for _, f := range files {
		lx := lexDelimited(f.Content, Delimiters{})
		for _, st := range lx.statements {
			segs := segmentsIn(lx.segs, st.span)
			var lead leadingWords
			lead.read(f.Content, st.span, segs)
			if st.broken || st.span.Len() == 0 || !lead.mayHoldCredentials(f.Content) {
				continue
			}
			jobs = append(jobs, scanJob{f.Content, st.span, segs})
			bytes += st.span.Len()
		}
	}
	return jobs, bytes
}

func BenchmarkScan(b *testing.B) {
	for _, c := range stageCorpora {
		b.Run(c.name, func(b *testing.B) {
			jobs, n := scanJobs(corpus.Generate(stageFiles, c.fraction, 1))
			if len(jobs) == 0 {
				b.Fatal("no statement to scan")
			}
			b.SetBytes(int64(n))
			b.ReportAllocs()
			var toks []token // one slice for all statements, as Parse shares one per file
			for b.Loop() {
				for _, j := range jobs {
					var d *Diagnostic
					if toks, d = scanStatementInto(toks[:0], j.src, j.span, j.segs); d != nil {
						b.Fatalf("scan error %+v", d)
					}
				}
			}
		})
	}
}
