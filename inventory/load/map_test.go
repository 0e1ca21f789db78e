package load_test

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/internal/corpus"
	"github.com/redshift-preflight/redshift-preflight/inventory/load"
)

// A large export is mapped (files.MapFile) and the pages behind the
// reader given back; the inventory must be the one that reading the same
// bytes into memory gives, documents included, and the export must not be
// in the heap.
func TestMappedExportLoadsAsRead(t *testing.T) {
	data := corpus.GenerateIAM(3000, 300) // ~11 MB: mapped, and released in steps
	path := filepath.Join(t.TempDir(), "gaad.json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	mapped, err := load.Load([]string{path}, nil)
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	if grown := int64(after.HeapAlloc) - int64(before.HeapAlloc); grown > int64(len(data))/2 {
		t.Errorf("the heap grew by %d bytes for a %d-byte export: is it copied instead of mapped?", grown, len(data))
	}
	read, err := load.Files([]string{path}, os.ReadFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := mapped.DecodeAll(); err != nil {
		t.Fatal(err)
	}
	if err := read.DecodeAll(); err != nil {
		t.Fatal(err)
	}
	mr, rr := mapped.Roles(), read.Roles()
	if len(mr) != 3000 || len(mr) != len(rr) {
		t.Fatalf("mapped: %d roles, read: %d, want 3000", len(mr), len(rr))
	}
	for i := range mr {
		if mr[i].ARN != rr[i].ARN || !reflect.DeepEqual(mr[i].Trust.Document, rr[i].Trust.Document) ||
			!reflect.DeepEqual(mapped.IdentityPolicies(mr[i]), read.IdentityPolicies(rr[i])) {
			t.Fatalf("role %d differs: mapped %s, read %s", i, mr[i].ARN, rr[i].ARN)
		}
	}
	runtime.KeepAlive(mapped)
}
