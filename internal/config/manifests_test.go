package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadManifest(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, src string
		want      string // the URLs joined by spaces, or the error
	}{
		{"entries", `{"entries":[{"url":"s3://b/k1","mandatory":true},{"url":"S3://b/k2","meta":{"content_length":99}}]}`, "s3://b/k1 S3://b/k2"},
		{"no entries listed", `{"entries":[]}`, ""},
		{"not an object", `[1]`, `manifest F: $: want a JSON object with "entries", got array`},
		{"entries missing", `{"files":[]}`, `manifest F: $.entries: missing: a manifest lists its files in "entries"`},
		{"entries not a list", `{"entries":{"url":"s3://b/k"}}`, "manifest F: $.entries: want an array, got object"},
		{"entry not an object", `{"entries":["s3://b/k"]}`, `manifest F: $.entries[0]: want an object with "url", got string`},
		{"url missing", `{"entries":[{"mandatory":true}]}`, "manifest F: $.entries[0].url: missing"},
		{"url not a string", `{"entries":[{"url":7}]}`, "manifest F: $.entries[0].url: want a string, got number"},
		{"url not s3", `{"entries":[{"url":"s3://b/k"},{"url":"https://x/y"}]}`, `manifest F: $.entries[1].url: want an s3://BUCKET/KEY URL, got "https://x/y"`},
		{"url without key", `{"entries":[{"url":"s3://bucket"}]}`, `manifest F: $.entries[0].url: want an s3://BUCKET/KEY URL, got "s3://bucket"`},
		{"mandatory not a boolean", `{"entries":[{"url":"s3://b/k","mandatory":"yes"}]}`, "manifest F: $.entries[0].mandatory: want true or false, got string"},
		{"not JSON", "{\"entries\": [\n  {\"url\": \"s3://b/k\",}\n]}", "manifest F:2:21: not JSON: invalid character ',' at start of value"},
		{"truncated", `{"entries": [`, "manifest F:1:14: not JSON: unexpected EOF"},
		{"duplicate member", `{"entries":[],"entries":[]}`, "manifest F:1:15: not JSON: duplicate object member name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_")+".json")
			if err := os.WriteFile(path, []byte(tc.src), 0o644); err != nil {
				t.Fatal(err)
			}
			urls, err := ReadManifest(path, noLimit)
			got := strings.Join(urls, " ")
			if err != nil {
				got = strings.ReplaceAll(err.Error(), path, "F")
			}
			if got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
	if _, err := ReadManifest(filepath.Join(dir, "absent.json"), noLimit); err == nil || !strings.Contains(err.Error(), "cannot read manifest") {
		t.Errorf("absent file: %v", err)
	}
}
