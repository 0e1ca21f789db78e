package inventory_test

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/redshift-preflight/redshift-preflight/internal/corpus"
	"github.com/redshift-preflight/redshift-preflight/inventory/load"
)

const benchRoles, benchPolicies = 5000, 500

func writeBenchFile(tb testing.TB, dir string) (string, int64) {
	tb.Helper()
	data := corpus.GenerateIAM(benchRoles, benchPolicies)
	path := filepath.Join(dir, "gaad.json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		tb.Fatal(err)
	}
	return path, int64(len(data))
}

// BenchmarkLoad loads one ~16 MB export of 5,000 roles and 500 managed
// policies with two versions each.
func BenchmarkLoad(b *testing.B) {
	path, size := writeBenchFile(b, b.TempDir())
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		inv, err := load.Load([]string{path}, nil)
		if err != nil {
			b.Fatal(err)
		}
		if inv.Role(corpus.IAMRoleARN(benchRoles-1)) == nil {
			b.Fatal("the last role is missing")
		}
	}
}

// BenchmarkLoadAndDecodeChain is what one check costs: load, then decode
// the documents of a three-role chain.
func BenchmarkLoadAndDecodeChain(b *testing.B) {
	path, size := writeBenchFile(b, b.TempDir())
	b.SetBytes(size)
	b.ReportAllocs()
	chain := []string{
		"arn:aws:iam::123456789012:role/service-role/data-redshift-role-0000",
		"arn:aws:iam::123456789012:role/analytics-redshift-role-0001",
		"arn:aws:iam::123456789012:role/ml-redshift-role-0002",
	}
	for b.Loop() {
		inv, err := load.Load([]string{path}, nil)
		if err != nil {
			b.Fatal(err)
		}
		if err := inv.Decode(chain...); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeAll is the cost Load avoids: decoding every document.
func BenchmarkDecodeAll(b *testing.B) {
	path, size := writeBenchFile(b, b.TempDir())
	b.SetBytes(size)
	for b.Loop() {
		b.StopTimer()
		inv, err := load.Load([]string{path}, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := inv.DecodeAll(); err != nil {
			b.Fatal(err)
		}
	}
}

// TestLoadBig is for measuring peak memory of one load in its own process:
//
//	INVENTORY_BIG=/tmp/gaad.json go test -run TestLoadBig ./inventory/   (writes the file once)
//	go test -c -o /tmp/inv.test ./inventory/ &&
//	INVENTORY_BIG=/tmp/gaad.json /usr/bin/time -v /tmp/inv.test -test.run TestLoadBig
func TestLoadBig(t *testing.T) {
	path := os.Getenv("INVENTORY_BIG")
	if path == "" {
		t.Skip("set INVENTORY_BIG=FILE")
	}
	if _, err := os.Stat(path); err != nil {
		data := corpus.GenerateIAM(benchRoles, benchPolicies)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s (%d bytes); run again to measure", path, len(data))
		return
	}
	start := time.Now()
	inv, err := load.Load([]string{path}, nil)
	if err != nil {
		t.Fatal(err)
	}
	loaded := time.Since(start)
	if err := inv.Decode("arn:aws:iam::123456789012:role/service-role/data-redshift-role-0000",
		"arn:aws:iam::123456789012:role/analytics-redshift-role-0001"); err != nil {
		t.Fatal(err)
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	t.Logf("Load %v, then Decode of a 2-role chain %v; heap in use %d MB, total allocated %d MB",
		loaded, time.Since(start)-loaded, m.HeapInuse>>20, m.TotalAlloc>>20)
	runtime.KeepAlive(inv)
}
