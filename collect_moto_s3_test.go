package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/internal/collect"
	"github.com/redshift-preflight/redshift-preflight/internal/config"
)

// The S3 facts against moto_server (see collect_moto_test.go for the
// harness): scripts/moto-world-s3.py seeds buckets in two regions and two
// accounts with policies; collect, given the SQL, reads their regions,
// owners and policies, and check reaches the verdicts it reaches from the
// AWS CLI's own exports of the same world (list-buckets with "Account"
// added, get-bucket-location with "Bucket" added, get-bucket-policy,
// lambda get-policy, get-bucket-ownership-controls with "Bucket" added,
// {"Bucket", "NoSuchBucketPolicy": true} where the CLI's get-bucket-policy
// fails with NoSuchBucketPolicy, and {"Bucket", "NoSuchBucket": true} where
// its get-bucket-location fails with NoSuchBucket).

// motoS3SQL: one reference per outcome of the S3 world.
const motoS3SQL = `COPY t FROM 's3://west-data/2024/' IAM_ROLE 'arn:aws:iam::123456789012:role/LoaderRole';
COPY t FROM 's3://west-data/2024/' IAM_ROLE 'arn:aws:iam::123456789012:role/LoaderRole' REGION 'us-west-2';
COPY t FROM 's3://partner-data/2024/' IAM_ROLE 'arn:aws:iam::123456789012:role/LoaderRole';
COPY t FROM 's3://team-data/2024/' IAM_ROLE 'arn:aws:iam::123456789012:role/NoS3Role';
UNLOAD ('select 1') TO 's3://team-data/out/' IAM_ROLE 'arn:aws:iam::123456789012:role/LoaderRole';
UNLOAD ('select 1') TO 's3://west-data/out/' IAM_ROLE 'arn:aws:iam::123456789012:role/LoaderRole' REGION 'eu-west-1';
CREATE EXTERNAL FUNCTION f_udf(int) RETURNS int STABLE LAMBDA 'f_udf' IAM_ROLE 'arn:aws:iam::123456789012:role/LoaderRole';
COPY t FROM 's3://partner-open/2024/' IAM_ROLE 'arn:aws:iam::123456789012:role/LoaderRole';
COPY t FROM 's3://partner-legacy/2024/' IAM_ROLE 'arn:aws:iam::123456789012:role/LoaderRole';
COPY t FROM 's3://staging-bucket/2024/' IAM_ROLE 'arn:aws:iam::123456789012:role/LoaderRole';
`

// wantMotoS3: each reference's verdict (its chain and the statement's own
// rules), the rule that decided it, and its operation's verdict and rule.
var wantMotoS3 = []string{
	"fail bucket-region-mismatch operation=ok", // west-data is in us-west-2, the cluster in us-east-1
	"ok  operation=ok",
	"ok  operation=fail permission-missing", // B's bucket policy does not name A's role: cross-account needs both
	"ok  operation=ok",                      // same account: the bucket policy alone allows
	"ok  operation=ok",                      // same account: the identity policy alone allows
	"fail bucket-region-mismatch operation=ok",
	"ok  operation=fail permission-missing", // f_udf's policy allows only the Redshift service principal
	"ok  operation=fail permission-missing", // B's bucket, no policy, ACLs disabled: nothing allows A's role
	"ok  operation=unknown policy-unknown",  // B's bucket, no policy, ACLs enabled: an ACL may grant A
	// no account has staging-bucket: S3 (moto) answers NoSuchBucket, a fact, not a gap
	"fail bucket-not-found operation=fail bucket-not-found",
}

// s3Verdicts checks motoS3SQL against a data directory.
func s3Verdicts(t *testing.T, dir, data string) []string {
	t.Helper()
	return checkVerdicts(t, dir, "--iam", data, "--cluster", data)
}

// checkVerdicts checks m.sql in dir with args (which finds problems: exit
// 1) and gives each reference's verdict, reason and operation as a line.
func checkVerdicts(t *testing.T, dir string, args ...string) []string {
	t.Helper()
	var rep struct {
		References []struct {
			Verdict, Reason string
			Operation       *struct{ Verdict, Reason string }
		}
	}
	checkJSONArgs(t, dir, &rep, args...)
	var out []string
	for _, r := range rep.References {
		op := "none"
		if r.Operation != nil {
			op = strings.TrimSpace(r.Operation.Verdict + " " + r.Operation.Reason)
		}
		out = append(out, fmt.Sprintf("%s %s operation=%s", r.Verdict, r.Reason, op))
	}
	return out
}

// checkJSON checks m.sql in dir against the data directory data (which
// finds problems: exit 1) and decodes the JSON report into rep.
func checkJSON(t *testing.T, dir, data string, rep any) {
	t.Helper()
	checkJSONArgs(t, dir, rep, "--iam", data, "--cluster", data)
}

// checkJSONArgs is checkJSON with the data given as flags.
func checkJSONArgs(t *testing.T, dir string, rep any, args ...string) {
	t.Helper()
	args = append(append([]string{"check", "--no-config", "--format", "json"}, args...), "m.sql")
	code, stdout, stderr := runIn(t, dir, args...)
	if code != 1 {
		t.Fatalf("%v: exit %d\n%s", args, code, stderr)
	}
	if err := json.Unmarshal([]byte(stdout), rep); err != nil {
		t.Fatal(err)
	}
}

// assumedEnv is the environment of the aws CLI as role arn (moto gives the
// session the role's account).
func assumedEnv(t *testing.T, endpoint, arn string) []string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "creds.json")
	awsCLI(t, endpoint, file, nil, "sts", "assume-role", "--role-arn", arn, "--role-session-name", "cli")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(file)
	var c struct {
		Credentials struct{ AccessKeyId, SecretAccessKey, SessionToken string }
	}
	if err := json.Unmarshal(data, &c); err != nil {
		t.Fatal(err)
	}
	return []string{"AWS_ACCESS_KEY_ID=" + c.Credentials.AccessKeyId, "AWS_SECRET_ACCESS_KEY=" + c.Credentials.SecretAccessKey,
		"AWS_SESSION_TOKEN=" + c.Credentials.SessionToken}
}

// addMember adds "key": "value" to the JSON object in file, as the README
// tells users to (the CLI output does not name the account or bucket).
func addMember(t *testing.T, file, key, value string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.TrimSuffix(bytes.TrimSpace(data), []byte("}"))
	data = fmt.Appendf(data, ",\n    %q: %q\n}\n", key, value)
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// cliS3Exports makes the AWS CLI's exports of the S3 world into dir.
func cliS3Exports(t *testing.T, endpoint, dir, readB string) {
	t.Helper()
	in := func(name string) string { return filepath.Join(dir, name) }
	b := assumedEnv(t, endpoint, readB)
	awsCLI(t, endpoint, in("iam-a.json"), nil, "iam", "get-account-authorization-details")
	awsCLI(t, endpoint, in("clusters.json"), nil, "redshift", "describe-clusters")
	awsCLI(t, endpoint, in("buckets-a.json"), nil, "s3api", "list-buckets")
	addMember(t, in("buckets-a.json"), "Account", "123456789012")
	awsCLI(t, endpoint, in("buckets-b.json"), b, "s3api", "list-buckets")
	addMember(t, in("buckets-b.json"), "Account", "222222222222")
	for _, bucket := range []string{"west-data", "team-data", "partner-data"} {
		env := []string(nil)
		if bucket == "partner-data" {
			env = b
		}
		awsCLI(t, endpoint, in("location-"+bucket+".json"), env, "s3api", "get-bucket-location", "--bucket", bucket)
		addMember(t, in("location-"+bucket+".json"), "Bucket", bucket)
		if bucket != "west-data" { // west-data has no policy: the CLI fails with NoSuchBucketPolicy
			awsCLI(t, endpoint, in("policy-"+bucket+".json"), env, "s3api", "get-bucket-policy", "--bucket", bucket)
		}
	}
	awsCLI(t, endpoint, in("function-policy.json"), nil, "lambda", "get-policy", "--function-name", "f_udf")
	noSuchBucket(t, endpoint, in("nobucket-staging-bucket.json"), "staging-bucket")
	for _, bucket := range []string{"partner-open", "partner-legacy"} {
		noBucketPolicy(t, endpoint, in("nopolicy-"+bucket+".json"), b, bucket)
		awsCLI(t, endpoint, in("ownership-"+bucket+".json"), b, "s3api", "get-bucket-ownership-controls", "--bucket", bucket)
		addMember(t, in("ownership-"+bucket+".json"), "Bucket", bucket)
	}
}

// noBucketPolicy writes the NoSuchBucketPolicy fact of a bucket after
// seeing the AWS CLI's get-bucket-policy fail with it.
func noBucketPolicy(t *testing.T, endpoint, file string, env []string, bucket string) {
	t.Helper()
	cliFact(t, endpoint, file, env, "NoSuchBucketPolicy", bucket, "get-bucket-policy")
}

// noSuchBucket writes the NoSuchBucket fact of a bucket after seeing the
// AWS CLI's get-bucket-location fail with it, as the README tells users to.
func noSuchBucket(t *testing.T, endpoint, file, bucket string) {
	t.Helper()
	cliFact(t, endpoint, file, nil, "NoSuchBucket", bucket, "get-bucket-location")
}

// cliFact writes {"Bucket": bucket, code: true} after seeing aws s3api
// call --bucket bucket fail with the error code code (and not another
// code that contains it).
func cliFact(t *testing.T, endpoint, file string, env []string, code, bucket, call string) {
	t.Helper()
	cmd := exec.Command("aws", "s3api", call, "--bucket", bucket, "--endpoint-url", endpoint, "--output", "json")
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "("+code+")") {
		t.Fatalf("aws s3api %s --bucket %s: want %s, got %v\n%s", call, bucket, code, err, out)
	}
	data := fmt.Sprintf("{\"Bucket\": %q, %q: true}\n", bucket, code)
	if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func seedMotoS3(t *testing.T, endpoint string) (readB string) {
	t.Helper()
	out, err := exec.Command("python3", "scripts/moto-world-s3.py", endpoint).Output()
	if err != nil {
		t.Fatalf("scripts/moto-world-s3.py: %v\n%s", err, stderrOf(err))
	}
	var w struct {
		ReadB string `json:"read_b"`
	}
	if err := json.Unmarshal(out, &w); err != nil || w.ReadB == "" {
		t.Fatalf("scripts/moto-world-s3.py printed %q: %v", out, err)
	}
	return w.ReadB
}

// collect PATH then check gives the verdicts the AWS CLI's exports give:
// a region mismatch, a cross-account bucket policy that does not allow, a
// same-account bucket policy that allows alone, a bucket that does not
// exist.
func TestCollectS3AgainstMoto(t *testing.T) {
	endpoint := motoEndpoint(t)
	needTools(t)
	motoEnv(t, endpoint)
	readB := seedMotoS3(t, endpoint)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "m.sql"), []byte(motoS3SQL), 0o644)
	code, _, stderr := runIn(t, dir, "collect", "--out", "aws", "--region", "us-east-1", "--role-arn", readB, "m.sql")
	if code != 0 {
		t.Fatalf("collect: exit %d\n%s", code, stderr)
	}
	for _, want := range []string{"collected: s3-buckets-123456789012.json: S3 buckets of account 123456789012: 2 buckets",
		"collected: s3-buckets-222222222222.json: S3 buckets of account 222222222222: 3 buckets",
		"collected: s3-nopolicy-partner-open.json: bucket partner-open has no bucket policy",
		"collected: s3-ownership-partner-open.json: object ownership of bucket partner-open: BucketOwnerEnforced",
		"collected: s3-location-west-data.json: region of bucket west-data: us-west-2",
		"collected: s3-policy-partner-data.json: bucket policy of partner-data",
		"collected: s3-policy-team-data.json: bucket policy of team-data",
		"collected: lambda-policy-f_udf.json: function policy of f_udf",
		"collected: s3-nobucket-staging-bucket.json: bucket staging-bucket does not exist (S3 answered NoSuchBucket)"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("collect's summary lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "not collected: s3") || strings.Contains(stderr, "not collected (denied): s3") || strings.Contains(stderr, "lambda:") {
		t.Errorf("an S3 call failed:\n%s", stderr)
	}
	os.Mkdir(filepath.Join(dir, "cli"), 0o755)
	cliS3Exports(t, endpoint, filepath.Join(dir, "cli"), readB)

	sameVerdicts(t, wantMotoS3, s3Verdicts(t, dir, "aws"), s3Verdicts(t, dir, "cli"))
	collectAgainSame(t, dir, "--out", "aws", "--region", "us-east-1", "--role-arn", readB, "m.sql")
}

// sameVerdicts: the verdicts from collect's directory are those wanted and
// those from the AWS CLI's exports of the same world.
func sameVerdicts(t *testing.T, want, collected, exported []string) {
	t.Helper()
	if !slices.Equal(collected, want) {
		t.Errorf("verdicts from collect:\n got %q\nwant %q", collected, want)
	}
	if !slices.Equal(collected, exported) {
		t.Errorf("collect and the AWS CLI's exports disagree:\ncollect %q\naws cli %q", collected, exported)
	}
}

// collectAgainSame runs collect again with args (whose --out is dir/aws)
// and wants the same files with the same bytes.
func collectAgainSame(t *testing.T, dir string, args ...string) {
	t.Helper()
	first := readFiles(t, filepath.Join(dir, "aws"))
	if code, _, stderr := runIn(t, dir, append([]string{"collect"}, args...)...); code != 0 {
		t.Fatalf("second collect: exit %d\n%s", code, stderr)
	}
	second := readFiles(t, filepath.Join(dir, "aws"))
	if !slices.Equal(sortedKeys(first), sortedKeys(second)) {
		t.Errorf("second run wrote other files: %v, then %v", sortedKeys(first), sortedKeys(second))
	}
	for name, data := range first {
		if !bytes.Equal(data, second[name]) {
			t.Errorf("%s differs between two runs over the same world", name)
			if len(data)+len(second[name]) < 16<<10 { // gaps.json, a bucket's fact: say how
				t.Logf("first run:\n%s\nsecond run:\n%s", data, second[name])
			}
		}
	}
}

// collect's PATH arguments: the SQL is read as check reads it, and its
// buckets, Lambda functions and KMS keys become collect's targets.
func TestCollectTargets(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "V1__load.sql"), []byte(`COPY t FROM 's3://west-data/2024/' IAM_ROLE default;
UNLOAD ('select 1') TO 's3://team-data/out/' IAM_ROLE default KMS_KEY_ID 'alias/etl' ENCRYPTED;
CREATE EXTERNAL FUNCTION f(int) RETURNS int STABLE LAMBDA 'f_udf' IAM_ROLE default;
COPY t FROM 's3://West-Data/x' IAM_ROLE default;
`), 0o644)
	got, err := collectTargets(&config.Settings{}, []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	want := collect.Targets{Buckets: []string{"team-data", "west-data"}, Functions: []string{"f_udf"}, KMSKeys: []string{"alias/etl"}}
	if !slices.Equal(got.Buckets, want.Buckets) || !slices.Equal(got.Functions, want.Functions) || !slices.Equal(got.KMSKeys, want.KMSKeys) {
		t.Errorf("targets %+v, want %+v", got, want)
	}
	if _, err := collectTargets(&config.Settings{}, []string{filepath.Join(dir, "missing.sql")}); err == nil {
		t.Error("a PATH that does not exist must be a usage error")
	}
}
