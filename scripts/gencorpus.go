//go:build ignore

// Gencorpus writes a synthetic Redshift migrations folder for benchmarks.
//
//	go run scripts/gencorpus.go -n 2000 -fraction 0.05 -seed 1 -out /tmp/corpus
//
// With -squawk-safe it writes the same files with the two Redshift spellings
// that crash squawk 2.66.0 rewritten into equivalents (see corpus.SquawkSafe).
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/redshift-preflight/redshift-preflight/internal/corpus"
)

func main() {
	n := flag.Int("n", 2000, "number of files")
	fraction := flag.Float64("fraction", 0.05, "fraction of files holding credential statements (0..1)")
	seed := flag.Int64("seed", 1, "random seed; the same seed gives the same files")
	out := flag.String("out", "", "directory to write the files into (created if missing)")
	squawkSafe := flag.Bool("squawk-safe", false, "rewrite \\' and WITH CREDENTIALS, which crash squawk 2.66.0, into equivalents")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: go run scripts/gencorpus.go [-n N] [-fraction F] [-seed S] -out DIR")
		os.Exit(2)
	}
	if *n < 0 || *fraction < 0 || *fraction > 1 {
		fmt.Fprintln(os.Stderr, "gencorpus: -n must be >= 0 and -fraction within 0..1")
		os.Exit(2)
	}
	files := corpus.Generate(*n, *fraction, *seed)
	if *squawkSafe {
		files = corpus.SquawkSafe(files)
	}
	if err := corpus.WriteDir(*out, files); err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
	total := 0
	for _, f := range files {
		total += len(f.Content)
	}
	fmt.Fprintf(os.Stderr, "gencorpus: wrote %d files, %d bytes, to %s\n", len(files), total, *out)
}
