package collect

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/aws/smithy-go/middleware"

	"github.com/redshift-preflight/redshift-preflight/inventory/load"
)

// The buckets the SQL names get their region and policy, read with the
// owner account's credentials when collect read that account; a bucket
// without a policy is no gap, a denied policy is one naming the bucket;
// check's loader reads the files, owners included, and a second run
// writes the same bytes.
func TestCollectBucketFacts(t *testing.T) {
	awsEnv(t)
	f := world()
	f.buckets[accountA] = []string{"team-data", "west-data"}
	f.buckets[accountB] = []string{"partner-data"}
	f.regions["west-data"] = "us-west-2"
	f.regions["old-data"] = "EU"
	f.policies["partner-data"] = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::partner-data/*"}]}`
	f.fail[accountA+" GetBucketPolicy"] = denied("s3:GetBucketPolicy")
	var targets Targets
	for _, u := range []string{"s3://west-data/2024/", "s3://partner-data/x", "S3://team-data", "s3://west-data/y", "s3://old-data/", "https://x/y", "s3://NO/x"} {
		targets.Add("s3", u)
	}
	if want := []string{"old-data", "partner-data", "team-data", "west-data"}; !slices.Equal(targets.Buckets, want) {
		t.Fatalf("targets %v, want %v", targets.Buckets, want)
	}
	dir := t.TempDir()
	run := func() *Result {
		res, err := Run(context.Background(), Options{Out: dir, RoleARNs: []string{roleB}, Targets: targets,
			APIOptions: []func(*middleware.Stack) error{f.stack}})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	res := run()
	first := readDir(t, dir)
	for _, name := range []string{"s3-buckets-111111111111.json", "s3-buckets-222222222222.json", "s3-location-west-data.json",
		"s3-location-team-data.json", "s3-location-partner-data.json", "s3-location-old-data.json", "s3-policy-partner-data.json"} {
		if _, ok := first[name]; !ok {
			t.Errorf("%s not written (files %v)", name, names(first))
		}
	}
	var gaps []string
	for _, g := range res.Gaps {
		gaps = append(gaps, g.String())
	}
	// team-data, west-data (A's, read as A: denied) and old-data (owner
	// unknown, read as the caller A: denied); partner-data read as B.
	want := []string{
		"s3:GetBucketPolicy on old-data (account unknown, us-east-1): AccessDenied: User is not authorized to perform: s3:GetBucketPolicy",
		"s3:GetBucketPolicy on team-data (account 111111111111, us-east-1): AccessDenied: User is not authorized to perform: s3:GetBucketPolicy",
		"s3:GetBucketPolicy on west-data (account 111111111111, us-east-1): AccessDenied: User is not authorized to perform: s3:GetBucketPolicy",
	}
	if !slices.Equal(gaps, want) {
		t.Errorf("gaps\n got %s\nwant %s", strings.Join(gaps, "\n     "), strings.Join(want, "\n     "))
	}
	if !slices.Contains(f.calls, accountB+" GetBucketPolicy") || !slices.Contains(f.calls, accountB+" GetBucketLocation") {
		t.Errorf("partner-data must be read with B's credentials: %v", f.calls)
	}
	if got := string(first["s3-location-team-data.json"]); got != "{\n    \"Bucket\": \"team-data\",\n    \"LocationConstraint\": null\n}\n" {
		t.Errorf("location file:\n%s", got)
	}
	inv, err := load.Load([]string{dir}, []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ bucket, region, owner string }{
		{"west-data", "us-west-2", accountA}, {"team-data", "us-east-1", accountA}, {"partner-data", "us-east-1", accountB}, {"old-data", "eu-west-1", ""},
	} {
		if b, _ := inv.Bucket(tc.bucket); b.Region != tc.region || b.Owner != tc.owner {
			t.Errorf("%s: region %q owner %q, want %q %q", tc.bucket, b.Region, b.Owner, tc.region, tc.owner)
		}
	}
	if inv.BucketPolicy("partner-data") == nil {
		t.Error("partner-data's policy not loaded")
	}
	run()
	second := readDir(t, dir)
	for name, data := range first {
		if string(second[name]) != string(data) {
			t.Errorf("%s differs between two runs", name)
		}
	}
}

// The functions the SQL names get their policy: by name in the caller's
// account, by ARN as the ARN's account when collect read it; a function
// without a policy is no gap, a denied read is one naming the function,
// which check's loader reads.
func TestCollectFunctionPolicies(t *testing.T) {
	awsEnv(t)
	f := world()
	arnB := "arn:aws:lambda:us-east-1:" + accountB + ":function:f_b"
	f.functions["f_udf"] = `{"Version":"2012-10-17","Id":"default","Statement":[{"Sid":"s","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/r0"},"Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:111111111111:function:f_udf"}]}`
	f.functions[arnB] = `{"Version":"2012-10-17","Id":"default","Statement":[{"Sid":"s","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"lambda:InvokeFunction","Resource":"` + arnB + `"}]}`
	f.fail[accountA+" GetPolicy#f_udf"] = denied("lambda:GetPolicy")
	var targets Targets
	for _, fn := range []string{"f_udf", arnB, "f_none", "f_udf", "../x", "f\nx", ""} {
		targets.Add("lambda", fn)
	}
	if want := []string{arnB, "f_none", "f_udf"}; !slices.Equal(targets.Functions, want) {
		t.Fatalf("functions %q, want %q", targets.Functions, want)
	}
	dir := t.TempDir()
	res, err := Run(context.Background(), Options{Out: dir, RoleARNs: []string{roleB}, Targets: targets,
		APIOptions: []func(*middleware.Stack) error{f.stack}})
	if err != nil {
		t.Fatal(err)
	}
	files := readDir(t, dir)
	if got := names(files); slices.ContainsFunc(got, func(n string) bool { return strings.Contains(n, "f_udf") || strings.Contains(n, "f_none") }) ||
		!slices.Contains(got, "lambda-policy-arn_aws_lambda_us-east-1_222222222222_function_f_b.json") {
		t.Errorf("files %v: want B's function policy only", got)
	}
	if !slices.Contains(f.calls, accountB+" GetPolicy#"+arnB) {
		t.Errorf("B's function must be read with B's credentials: %v", f.calls)
	}
	var gaps []string
	for _, g := range res.Gaps {
		gaps = append(gaps, g.String())
	}
	// f_none has no policy: no gap
	want := []string{"lambda:GetPolicy on f_udf (account 111111111111, us-east-1): AccessDenied: User is not authorized to perform: lambda:GetPolicy"}
	if !slices.Equal(gaps, want) {
		t.Errorf("gaps %q, want %q", gaps, want)
	}
	inv, err := load.Load([]string{dir}, []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if inv.FunctionPolicy(arnB) == nil {
		t.Error("B's function policy not loaded")
	}
	if g, ok := inv.ResourceGap("lambda:GetPolicy", "f_udf"); !ok || g.Account != accountA {
		t.Errorf("the loader does not see the gap: %+v %v", g, ok)
	}
}
