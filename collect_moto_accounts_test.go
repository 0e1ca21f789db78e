package main

import (
	"encoding/json"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Clusters and manifest-listed buckets across accounts, against
// moto_server (see collect_moto_test.go for the harness):
// scripts/moto-world-accounts.py seeds the cluster etl in account A and
// etl-b in account B (created with B's credentials), and buckets in both
// accounts and two regions. collect, given the SQL and the local
// manifests, reads both accounts' clusters and the facts of the buckets
// that only the manifests and a JSONPaths file name; check, run on etl-b,
// reaches the verdicts it reaches from the AWS CLI's own exports of the
// same world.

// motoAccountsSQL runs on etl-b, B's cluster.
const motoAccountsSQL = `COPY t FROM 's3://b-data/west.manifest' IAM_ROLE 'arn:aws:iam::222222222222:role/BLoader' MANIFEST;
COPY t FROM 's3://b-data/2024/' IAM_ROLE 'arn:aws:iam::222222222222:role/BLoader';
COPY t FROM 's3://b-data/team.manifest' IAM_ROLE 'arn:aws:iam::222222222222:role/BLoader' MANIFEST;
COPY t FROM 's3://b-data/2024/' IAM_ROLE 'arn:aws:iam::123456789012:role/LoaderA';
COPY t FROM 's3://b-data/2024/' IAM_ROLE 'arn:aws:iam::222222222222:role/BLoader' FORMAT AS JSON 's3://paths-west/p.json';
`

// motoManifests: the local copies of the two manifests, by their URLs.
var motoManifests = map[string]string{
	"s3://b-data/west.manifest": `{"entries": [{"url": "s3://b-west/a.csv", "mandatory": true}]}`,
	"s3://b-data/team.manifest": `{"entries": [{"url": "s3://team-data/x.csv", "mandatory": true}]}`,
}

// wantMotoAccounts: each reference's verdict, its deciding rule, and its
// operation's verdict and rule.
var wantMotoAccounts = []string{
	"fail bucket-region-mismatch operation=ok", // b-west, listed by the manifest only, is in us-west-2
	"ok  operation=ok",
	"ok  operation=fail permission-missing",    // team-data, listed only, is A's and its policy names only A
	"fail not-associated operation=none",       // LoaderA is A's role, not associated with B's etl-b
	"fail bucket-region-mismatch operation=ok", // the JSONPaths file's bucket is in us-west-2
}

// manifestFlags writes the local manifests into dir and gives their
// --manifest flags, for collect and check alike.
func manifestFlags(t *testing.T, dir string) []string {
	t.Helper()
	var flags []string
	for _, url := range slices.Sorted(maps.Keys(motoManifests)) {
		name := strings.TrimPrefix(url, "s3://b-data/")
		if err := os.WriteFile(filepath.Join(dir, name), []byte(motoManifests[url]), 0o644); err != nil {
			t.Fatal(err)
		}
		flags = append(flags, "--manifest", url+"="+name)
	}
	return flags
}

// accountsVerdicts checks motoAccountsSQL on etl-b against a data directory.
func accountsVerdicts(t *testing.T, dir, data string, manifests []string) []string {
	t.Helper()
	return checkVerdicts(t, dir, append([]string{"--iam", data, "--cluster", data, "--cluster-id", "etl-b"}, manifests...)...)
}

// cliAccountsExports makes the AWS CLI's exports of the world into dir:
// each account's authorization details, clusters and bucket list (B's as
// B's PreflightRead role), and each bucket's region and policy as its owner.
func cliAccountsExports(t *testing.T, endpoint, dir, readB string) {
	t.Helper()
	in := func(name string) string { return filepath.Join(dir, name) }
	b := assumedEnv(t, endpoint, readB)
	for _, acct := range []struct {
		name, id string
		env      []string
	}{{"a", "123456789012", nil}, {"b", "222222222222", b}} {
		awsCLI(t, endpoint, in("iam-"+acct.name+".json"), acct.env, "iam", "get-account-authorization-details")
		awsCLI(t, endpoint, in("clusters-"+acct.name+".json"), acct.env, "redshift", "describe-clusters")
		awsCLI(t, endpoint, in("buckets-"+acct.name+".json"), acct.env, "s3api", "list-buckets")
		addMember(t, in("buckets-"+acct.name+".json"), "Account", acct.id)
	}
	for _, bucket := range []string{"b-data", "b-west", "paths-west", "team-data"} {
		env := b
		if bucket == "team-data" {
			env = nil
		}
		awsCLI(t, endpoint, in("location-"+bucket+".json"), env, "s3api", "get-bucket-location", "--bucket", bucket)
		addMember(t, in("location-"+bucket+".json"), "Bucket", bucket)
	}
	// only team-data has a policy: the CLI fails on the others with NoSuchBucketPolicy
	awsCLI(t, endpoint, in("policy-team-data.json"), nil, "s3api", "get-bucket-policy", "--bucket", "team-data")
}

// seedWorld runs a scripts/moto-world*.py seed script against endpoint
// and decodes the JSON it prints into w.
func seedWorld(t *testing.T, endpoint, script string, w any) {
	t.Helper()
	out, err := exec.Command("python3", script, endpoint).Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s", script, err, stderrOf(err))
	}
	if err := json.Unmarshal(out, w); err != nil {
		t.Fatalf("%s printed %q: %v", script, out, err)
	}
}

// collect reads B's cluster as well as A's, and the facts of the buckets
// only the manifests and the JSONPaths file name; check on etl-b then
// equals check on the AWS CLI's exports. Without --manifest, collect does
// not read the listed buckets, and the region mismatch and the refusal
// they cause go unseen: the flag is what finds them.
func TestCollectAccountsAgainstMoto(t *testing.T) {
	endpoint := motoEndpoint(t)
	needTools(t)
	motoEnv(t, endpoint)
	var w struct {
		ReadB string `json:"read_b"`
	}
	seedWorld(t, endpoint, "scripts/moto-world-accounts.py", &w)
	readB := w.ReadB
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "m.sql"), []byte(motoAccountsSQL), 0o644)
	manifests := manifestFlags(t, dir)
	args := append([]string{"collect", "--out", "aws", "--region", "us-east-1", "--role-arn", readB}, manifests...)
	code, _, stderr := runIn(t, dir, append(args, "m.sql")...)
	if code != 0 {
		t.Fatalf("collect: exit %d\n%s", code, stderr)
	}
	for _, want := range []string{
		"collected: redshift-clusters-123456789012-us-east-1.json: Redshift clusters of account 123456789012 in us-east-1: 1 cluster",
		"collected: redshift-clusters-222222222222-us-east-1.json: Redshift clusters of account 222222222222 in us-east-1: 1 cluster",
		"collected: s3-location-b-west.json: region of bucket b-west: us-west-2",
		"collected: s3-location-paths-west.json: region of bucket paths-west: us-west-2",
		"collected: s3-policy-team-data.json: bucket policy of team-data"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("collect's summary lacks %q:\n%s", want, stderr)
		}
	}
	os.Mkdir(filepath.Join(dir, "cli"), 0o755)
	cliAccountsExports(t, endpoint, filepath.Join(dir, "cli"), readB)

	sameVerdicts(t, wantMotoAccounts, accountsVerdicts(t, dir, "aws", manifests), accountsVerdicts(t, dir, "cli", manifests))
	collectAgainSame(t, dir, append(args[1:], "m.sql")...)

	// the same run without --manifest: the listed buckets are not collected
	if code, _, stderr := runIn(t, dir, "collect", "--out", "bare", "--region", "us-east-1", "--role-arn", readB, "m.sql"); code != 0 {
		t.Fatalf("collect without --manifest: exit %d\n%s", code, stderr)
	}
	bare := accountsVerdicts(t, dir, "bare", manifests)
	t.Logf("verdicts without --manifest to collect: %q", bare)
	if bare[0] == wantMotoAccounts[0] || bare[2] == wantMotoAccounts[2] {
		t.Errorf("without --manifest collect still found the listed buckets' facts: %q", bare)
	}
}
