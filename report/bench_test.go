package report

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/checks"
)

// manyResults checks 100 files of 300 statements each (a role chain with
// white space, literal keys, no authorization): 40,000 findings and
// 20,000 references, the load of issue 13's measurements.
var manyResults = sync.OnceValue(func() *checks.Results {
	var files []fixtureFile
	for i := range 100 {
		var b strings.Builder
		for range 100 {
			b.WriteString("COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/A, arn:aws:iam::123456789012:role/B';\n")
			b.WriteString("COPY t FROM 's3://b/p' ACCESS_KEY_ID '" + fixtureAccessKey + "' SECRET_ACCESS_KEY '" + fixtureSecretKey + "';\n")
			b.WriteString("COPY t FROM 's3://b/p' FORMAT CSV;\n")
		}
		files = append(files, fixtureFile{fmt.Sprintf("migrations/V%d__load.sql", i), b.String()})
	}
	opts := checks.RunOptions{Rules: checks.RuleOptions{MaxChain: 10}}
	for _, f := range files {
		opts.Sources = append(opts.Sources, checks.Source{Name: f.name, Reader: strings.NewReader(f.src)})
	}
	res, err := checks.Run(opts)
	if err != nil {
		panic(err)
	}
	return res
})

func benchmarkPrinter(b *testing.B, print func(io.Writer, *checks.Results) error) {
	res := manyResults()
	n := 0
	for _, fr := range res.Files {
		n += len(fr.Findings)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := print(io.Discard, res); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n), "findings")
}

func BenchmarkJSON(b *testing.B) {
	benchmarkPrinter(b, func(w io.Writer, res *checks.Results) error { return JSON(w, testTool, res) })
}

func BenchmarkSARIF(b *testing.B) {
	benchmarkPrinter(b, func(w io.Writer, res *checks.Results) error { return SARIF(w, testTool, res) })
}

func BenchmarkText(b *testing.B) {
	benchmarkPrinter(b, func(w io.Writer, res *checks.Results) error { return Text(w, res, TextOptions{}) })
}
