package config

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/redshift-preflight/redshift-preflight/internal/files"
)

// manifests reads the local copies of COPY manifests, by the manifest's
// S3 URL: the config's [manifests] table, then --manifest URL=FILE (a flag
// wins per URL). A file that cannot be read or is not a manifest is an
// error naming the file and, for a bad entry, its JSON path.
func (r *resolver) manifests(limit files.Limit) map[string][]string {
	o := r.option("manifest")
	if o == nil {
		return nil
	}
	configured, given := r.pairs("manifest")
	files := map[string]string{}
	for _, p := range configured {
		files[r.manifestURL(p.name, o, false)] = r.cfg.resolve(p.value)
	}
	for _, p := range given {
		files[r.manifestURL(p.name, o, true)] = p.value
	}
	if len(files) == 0 {
		return nil
	}
	out := map[string][]string{}
	for url, path := range files {
		entries, err := ReadManifest(path, limit)
		r.fail(err)
		out[url] = entries
	}
	return out
}

// manifestURL checks that a manifest is named by its s3://bucket/key URL
// and returns it as ManifestKey spells it.
func (r *resolver) manifestURL(url string, o *Option, flag bool) string {
	key, ok := ManifestKey(url)
	if !ok {
		msg := fmt.Sprintf("want the manifest's s3://BUCKET/KEY URL, got %q", url)
		if flag {
			r.fail(fmt.Errorf("--%s: %s", o.Flag, msg))
		} else {
			r.fail(r.cfg.Errorf(o.Key, "%s", msg))
		}
	}
	return key
}

// ManifestKey is how a manifest's S3 URL is looked up: the scheme in lower
// case, the bucket and key as written (S3 names are case-sensitive). ok is
// false unless url is s3://BUCKET/KEY with both parts non-empty.
func ManifestKey(url string) (string, bool) {
	if len(url) < 5 || !strings.EqualFold(url[:5], "s3://") {
		return "", false
	}
	bucket, key, _ := strings.Cut(url[5:], "/")
	return "s3://" + url[5:], bucket != "" && key != ""
}

// ReadManifest reads a COPY manifest, {"entries": [{"url": "s3://...",
// "mandatory": true}, ...]}, and returns its URLs in order.
//
// Amazon Redshift Database Developer Guide, "COPY from Amazon S3"
// (https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-source-s3.html):
// "The manifest is a text file in JSON format that lists the URL of each
// file that is to be loaded from Amazon S3. The URL includes the bucket
// name and full object path for the file." ... "Each entry in the
// manifest can optionally include a mandatory flag." Other members (such
// as "meta" for ORC and Parquet) are not ours to check. At most
// limit.Bytes are read.
func ReadManifest(path string, limit files.Limit) ([]string, error) {
	src, err := files.ReadFile(path, limit)
	if err != nil {
		return nil, fmt.Errorf("cannot read manifest %s: %v", path, cleanErr(err))
	}
	src = files.TrimBOM(src)
	var doc any
	if err := json.Unmarshal(src, &doc); err != nil {
		return nil, manifestSyntaxError(path, src, err)
	}
	urls, jsonPath, msg := manifestURLs(doc)
	if msg != "" {
		return nil, fmt.Errorf("manifest %s: %s: %s", path, jsonPath, msg)
	}
	return urls, nil
}

// manifestURLs walks the decoded document; on a bad shape it returns the
// JSON path of the culprit and what is wrong with it.
func manifestURLs(doc any) (urls []string, jsonPath, msg string) {
	top, ok := doc.(map[string]any)
	if !ok {
		return nil, "$", "want a JSON object with \"entries\", got " + jsonKind(doc)
	}
	raw, ok := top["entries"]
	if !ok {
		return nil, "$.entries", "missing: a manifest lists its files in \"entries\""
	}
	entries, ok := raw.([]any)
	if !ok {
		return nil, "$.entries", "want an array, got " + jsonKind(raw)
	}
	urls = []string{}
	for i, e := range entries {
		at := fmt.Sprintf("$.entries[%d]", i)
		url, where, msg := manifestEntry(e)
		if msg != "" {
			return nil, at + where, msg
		}
		urls = append(urls, url)
	}
	return urls, "", ""
}

func manifestEntry(e any) (url, where, msg string) {
	entry, ok := e.(map[string]any)
	if !ok {
		return "", "", "want an object with \"url\", got " + jsonKind(e)
	}
	if m, ok := entry["mandatory"]; ok {
		if _, isBool := m.(bool); !isBool {
			return "", ".mandatory", "want true or false, got " + jsonKind(m)
		}
	}
	raw, ok := entry["url"]
	if !ok {
		return "", ".url", "missing"
	}
	s, ok := raw.(string)
	if !ok {
		return "", ".url", "want a string, got " + jsonKind(raw)
	}
	if _, ok := ManifestKey(s); !ok {
		return "", ".url", fmt.Sprintf("want an s3://BUCKET/KEY URL, got %q", s)
	}
	return s, "", ""
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case bool:
		return "boolean"
	}
	return "number"
}

func manifestSyntaxError(path string, src []byte, err error) error {
	offset := len(src)
	var se *jsontext.SyntacticError
	if errors.As(err, &se) {
		offset, err = int(se.ByteOffset), se.Err
	}
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	p := newLines(src).pos(offset)
	return fmt.Errorf("manifest %s:%d:%d: not JSON: %v", path, p.Line, p.Column, err)
}
