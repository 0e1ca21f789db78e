//go:build unix

package files

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// A large file is mapped, a small one read; both give the file's bytes,
// and released pages still read as the file (they come back from the
// page cache).
func TestMapFile(t *testing.T) {
	dir := t.TempDir()
	big := bytes.Repeat([]byte("0123456789abcdef"), 3<<16) // 3 MiB
	small := []byte(`{"RoleDetailList":[]}`)
	for name, data := range map[string][]byte{"big.json": big, "small.json": small} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	defer func(step int) { releaseStep = step }(releaseStep)
	releaseStep = os.Getpagesize()

	got, release, err := MapFile(filepath.Join(dir, "big.json"), Limit{Bytes: 4 << 20})
	if err != nil || release == nil {
		t.Fatalf("big file: err %v, mapped %v; want a mapping", err, release != nil)
	}
	for upto := 0; upto <= len(got)+os.Getpagesize(); upto += 100_001 {
		release(upto)
	}
	release(len(got))
	if !bytes.Equal(got, big) {
		t.Error("the mapping, after its pages were released, does not read as the file")
	}

	got, release, err = MapFile(filepath.Join(dir, "small.json"), Limit{Bytes: 4 << 20})
	if err != nil || release != nil || !bytes.Equal(got, small) {
		t.Errorf("small file: %q, mapped %v, err %v; want it read", got, release != nil, err)
	}
}

// MapFile refuses what ReadFile refuses, with the same errors, before a
// mapping is made.
func TestMapFileRefuses(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.json")
	if err := os.WriteFile(big, make([]byte, 2<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	var tooLarge *TooLargeError
	if _, _, err := MapFile(big, Limit{Bytes: 1 << 20}); !errors.As(err, &tooLarge) {
		t.Errorf("over the limit: %v, want a TooLargeError", err)
	}
	for path, want := range nonRegular(t) {
		within(t, func() {
			_, _, err := MapFile(path, Limit{Bytes: 1 << 30})
			_, readErr := ReadFile(path, Limit{Bytes: 1 << 30})
			if err == nil || readErr == nil || err.Error() != readErr.Error() {
				t.Errorf("%s (%s): MapFile %v, ReadFile %v; want the same refusal", path, want, err, readErr)
			}
		})
	}
	if _, _, err := MapFile(filepath.Join(dir, "missing.json"), Limit{Bytes: 1}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}
