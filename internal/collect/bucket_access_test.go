package collect

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/aws/smithy-go/middleware"
)

// TestCollectBucketAccess: a bucket without a policy gets
// s3-nopolicy-BUCKET.json, and every bucket its ownership controls
// (s3-ownership-BUCKET.json; none configured: no file, no gap), read as
// the owner; a denied GetBucketOwnershipControls is a gap naming the
// bucket; the loader reads both facts.
func TestCollectBucketAccess(t *testing.T) {
	awsEnv(t)
	f := world()
	f.buckets[accountA] = []string{"legacy-data", "team-data"}
	f.buckets[accountB] = []string{"partner-data"}
	f.policies["team-data"] = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::team-data/*"}]}`
	f.ownership = map[string]string{"partner-data": "BucketOwnerEnforced", "team-data": "BucketOwnerPreferred"}
	f.fail[accountA+" GetBucketOwnershipControls"] = denied("s3:GetBucketOwnershipControls")
	f.limit[accountA+" GetBucketOwnershipControls"] = 1
	var targets Targets
	for _, u := range []string{"s3://partner-data/x", "s3://team-data/y", "s3://legacy-data/z"} {
		targets.Add("s3", u)
	}
	dir := t.TempDir()
	res, err := Run(context.Background(), Options{Out: dir, RoleARNs: []string{roleB}, Targets: targets,
		APIOptions: []func(*middleware.Stack) error{f.stack}})
	if err != nil {
		t.Fatal(err)
	}
	files := readDir(t, dir)
	for _, name := range []string{"s3-nopolicy-partner-data.json", "s3-nopolicy-legacy-data.json", "s3-ownership-partner-data.json"} {
		if _, ok := files[name]; !ok {
			t.Errorf("%s not written (files %v)", name, names(files))
		}
	}
	if _, ok := files["s3-nopolicy-team-data.json"]; ok {
		t.Error("team-data has a policy")
	}
	var gaps []string
	for _, g := range res.Gaps {
		if g.Call == "s3:GetBucketOwnershipControls" {
			gaps = append(gaps, g.Resource)
		}
	}
	if len(gaps) != 1 || (gaps[0] != "team-data" && gaps[0] != "legacy-data") {
		t.Errorf("ownership gaps on %v, want one bucket of account A", gaps)
	}
	var calls []string
	for _, c := range f.calls {
		if strings.HasSuffix(c, "GetBucketOwnershipControls") && strings.HasPrefix(c, accountB) {
			calls = append(calls, c)
		}
	}
	if !slices.Equal(calls, []string{accountB + " GetBucketOwnershipControls"}) {
		t.Errorf("partner-data's controls not read as its owner: %v", calls)
	}
	inv := loadDir(t, dir)
	if b, _ := inv.Bucket("partner-data"); !b.Access.NoPolicy || b.Access.ObjectOwnership != "BucketOwnerEnforced" || b.Owner != accountB {
		t.Errorf("partner-data: %+v", b)
	}
}
