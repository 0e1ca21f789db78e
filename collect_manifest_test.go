package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/internal/config"
)

// collect's targets include the buckets a COPY reads without naming them
// in FROM: those of the objects the local manifests (--manifest) list,
// with or without PATH, and the bucket of a JSONPaths file; a JSONPATHS
// of 'auto' names no bucket.
func TestCollectTargetsManifestsAndJSONPaths(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "V1__load.sql"), []byte(`COPY t FROM 's3://team-data/load.manifest' IAM_ROLE default MANIFEST;
COPY t FROM 's3://team-data/2024/' IAM_ROLE default FORMAT AS JSON 's3://paths-bucket/p.json';
COPY t FROM 's3://team-data/2025/' IAM_ROLE default FORMAT AS JSON 'auto';
`), 0o644)
	manifests := map[string][]string{
		"s3://team-data/load.manifest":    {"s3://west-data/a.csv", "s3://partner-data/b.csv"},
		"s3://other-data/unused.manifest": {"s3://listed-only/c.csv"},
	}
	tests := []struct {
		name  string
		paths []string
		want  []string
	}{
		{"with PATH", []string{dir}, []string{"listed-only", "other-data", "partner-data", "paths-bucket", "team-data", "west-data"}},
		{"manifests only", nil, []string{"listed-only", "other-data", "partner-data", "team-data", "west-data"}},
	}
	for _, tc := range tests {
		got, err := collectTargets(&config.Settings{Manifests: manifests}, tc.paths)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got.Buckets, tc.want) {
			t.Errorf("%s: buckets %v, want %v", tc.name, got.Buckets, tc.want)
		}
	}
}
