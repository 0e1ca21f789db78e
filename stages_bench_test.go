package main

import (
	"bytes"
	"io"
	"path/filepath"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/checks"
	"github.com/redshift-preflight/redshift-preflight/internal/files"
	"github.com/redshift-preflight/redshift-preflight/report"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// BenchmarkStages times each stage of check on the 2,000-file corpora of
// BenchmarkCheckCorpus, so that a regression shows up in the stage that
// has it (issue 13 point 5): read (files.ReadFile of every file), parse
// (sqlparse.Parse: lex, scan and the matching of credential clauses; the
// sqlparse benchmarks split lex and scan), check (checks.CheckFile of
// every parsed file), run (checks.Run from memory: parse, check and what
// the run keeps of each file) and encode (the JSON and text reports of
// that run). Run with -benchmem: bytes and allocations per stage matter
// as much as time.
func BenchmarkStages(b *testing.B) {
	for _, tc := range benchCorpora {
		dir, gen, total := writeCorpus(b, tc.fraction)
		parseAll := func() []*sqlparse.Result {
			out := make([]*sqlparse.Result, len(gen))
			for i, f := range gen {
				out[i] = sqlparse.Parse(sqlparse.NewFile(f.Name, f.Content), sqlparse.Options{})
			}
			return out
		}
		runAll := func() *checks.Results {
			var opts checks.RunOptions
			for _, f := range gen {
				opts.Sources = append(opts.Sources, checks.Source{Name: f.Name, Reader: bytes.NewReader(f.Content)})
			}
			res, err := checks.Run(opts)
			if err != nil {
				b.Fatal(err)
			}
			return res
		}
		stage := func(name string, fn func()) {
			b.Run(tc.name+"/"+name, func(b *testing.B) {
				b.SetBytes(int64(total))
				b.ReportAllocs()
				for b.Loop() {
					fn()
				}
			})
		}
		stage("read", func() {
			for _, f := range gen {
				if _, err := files.ReadFile(filepath.Join(dir, f.Name), files.Limits{}.Of(files.SQL)); err != nil {
					b.Fatal(err)
				}
			}
		})
		stage("parse", func() { parseAll() })
		parsed := parseAll()
		cfg := &checks.Config{}
		stage("check", func() {
			for _, p := range parsed {
				checks.CheckFile(p, cfg)
			}
		})
		stage("run", func() { runAll() })
		res := runAll()
		tool := report.Tool{Name: "redshift-preflight", Version: version}
		stage("encode-json", func() {
			if err := report.JSON(io.Discard, tool, res); err != nil {
				b.Fatal(err)
			}
		})
		stage("encode-text", func() {
			if err := report.Text(io.Discard, res, report.TextOptions{}); err != nil {
				b.Fatal(err)
			}
		})
	}
}
