package collect

import (
	"bytes"
	"context"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/aws/smithy-go/middleware"
)

// TestCollectMissingBucket: a bucket S3 answers NoSuchBucket for is a
// fact, s3-nobucket-BUCKET.json, not a gap; no further call is made on it;
// the bytes are the same on a second run; the loader reads the fact. When
// the location call is denied and the next call answers NoSuchBucket, the
// fact is written too. A bucket an account listed that then answers
// NoSuchBucket (deleted in between) stays a gap: the directory never says
// both that it exists and that it does not.
func TestCollectMissingBucket(t *testing.T) {
	awsEnv(t)
	f := world()
	f.buckets[accountA] = []string{"team-data", "deleted-data"}
	f.missing = map[string]bool{"staging-bucket": true, "paths-gone": true, "deleted-data": true}
	var targets Targets
	for _, u := range []string{"s3://staging-bucket/2024/", "s3://team-data/x", "s3://deleted-data/y"} {
		targets.Add("s3", u)
	}
	dir := t.TempDir()
	run := func() *Result {
		res, err := Run(context.Background(), Options{Out: dir, Targets: targets, APIOptions: []func(*middleware.Stack) error{f.stack}})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	res := run()
	first := readDir(t, dir)
	if got, want := string(first["s3-nobucket-staging-bucket.json"]), "{\n    \"Bucket\": \"staging-bucket\",\n    \"NoSuchBucket\": true\n}\n"; got != want {
		t.Errorf("s3-nobucket-staging-bucket.json:\n%s\nwant\n%s", got, want)
	}
	for _, name := range []string{"s3-location-staging-bucket.json", "s3-nopolicy-staging-bucket.json", "s3-nobucket-deleted-data.json"} {
		if _, ok := first[name]; ok {
			t.Errorf("%s written", name)
		}
	}
	var gaps []string
	for _, g := range res.Gaps {
		gaps = append(gaps, g.Call+" "+g.Resource+" "+g.Code)
	}
	want := []string{"s3:GetBucketLocation deleted-data NoSuchBucket", "s3:GetBucketOwnershipControls deleted-data NoSuchBucket",
		"s3:GetBucketPolicy deleted-data NoSuchBucket", "s3:GetEncryptionConfiguration deleted-data NoSuchBucket"}
	if !slices.Equal(gaps, want) {
		t.Errorf("gaps %v, want %v", gaps, want)
	}
	if n := countCalls(f.calls, "GetBucketLocation"); n != 3 {
		t.Errorf("%d GetBucketLocation calls, want 3: %v", n, f.calls)
	}
	for _, op := range []string{"GetBucketPolicy", "GetBucketOwnershipControls", "GetBucketEncryption"} {
		if n := countCalls(f.calls, op); n != 2 { // team-data, and deleted-data whose answer stayed a gap
			t.Errorf("%d %s calls, want 2 (none on staging-bucket): %v", n, op, f.calls)
		}
	}
	run()
	second := readDir(t, dir)
	if !maps.EqualFunc(first, second, bytes.Equal) {
		t.Errorf("a second run wrote other files or bytes: %v, then %v", names(first), names(second))
	}
	inv := loadDir(t, dir)
	if b, _ := inv.Bucket("staging-bucket"); !b.Access.NoBucket || !strings.HasSuffix(b.Access.NoBucketSource.File, "s3-nobucket-staging-bucket.json") {
		t.Errorf("staging-bucket: %+v", b.Access)
	}

	// GetBucketLocation denied: GetBucketPolicy's NoSuchBucket decides.
	f2 := world()
	f2.missing = map[string]bool{"paths-gone": true}
	f2.fail[accountA+" GetBucketLocation"] = denied("s3:GetBucketLocation")
	var t2 Targets
	t2.Add("s3", "s3://paths-gone/p.json")
	dir2 := t.TempDir()
	res2, err := Run(context.Background(), Options{Out: dir2, Targets: t2, APIOptions: []func(*middleware.Stack) error{f2.stack}})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := readDir(t, dir2)["s3-nobucket-paths-gone.json"]; !ok {
		t.Error("s3-nobucket-paths-gone.json not written after a denied GetBucketLocation")
	}
	if len(res2.Gaps) != 1 || res2.Gaps[0].Call != "s3:GetBucketLocation" {
		t.Errorf("gaps %v, want the denied GetBucketLocation only", res2.Gaps)
	}
}

func countCalls(calls []string, op string) int {
	n := 0
	for _, c := range calls {
		if strings.HasSuffix(c, " "+op) {
			n++
		}
	}
	return n
}
