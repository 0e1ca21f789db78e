package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// KMS key policies against moto_server (see collect_moto_test.go for the
// harness): scripts/moto-world-kms.py seeds a key whose policy enables IAM
// policies and denies one role, and a bucket whose default encryption is
// SSE-KMS with it; collect, given the SQL, reads the bucket's encryption
// and the key policy (KMS_KEY_ID as a key id and as an alias), and check
// reaches the verdicts it reaches from the AWS CLI's exports of the same
// world (kms get-key-policy with "KeyArn" added, s3api get-bucket-encryption
// with "Bucket" added, kms list-aliases and describe-key as printed,
// s3api list-buckets with "Account" added). KMS_KEY_ID is also given as an
// alias name and an alias ARN, which check resolves with list-aliases to
// the same key and verdicts; bucket managed-data is SSE-KMS without a key,
// so the account's aws/s3 key decides (moto writes for it the default key
// policy, which enables IAM policies, and KeyManager CUSTOMER, so the
// cross-account refusal of an AWS managed key is covered by the kms-alias
// scenario, not here).

type motoKMSWorld struct {
	KeyID  string `json:"key_id"`
	KeyARN string `json:"key_arn"`
}

func motoKMSSQL(w motoKMSWorld) string {
	role := func(n string) string { return "arn:aws:iam::123456789012:role/" + n }
	return fmt.Sprintf(`UNLOAD ('select 1') TO 's3://sealed-data/a/' IAM_ROLE '%[1]s' KMS_KEY_ID '%[4]s' ENCRYPTED;
UNLOAD ('select 1') TO 's3://sealed-data/b/' IAM_ROLE '%[2]s' KMS_KEY_ID '%[4]s' ENCRYPTED;
UNLOAD ('select 1') TO 's3://sealed-data/c/' IAM_ROLE '%[3]s' KMS_KEY_ID '%[4]s' ENCRYPTED;
COPY t FROM 's3://sealed-data/x/' IAM_ROLE '%[1]s';
COPY t FROM 's3://sealed-data/x/' IAM_ROLE '%[3]s';
UNLOAD ('select 1') TO 's3://sealed-data/d/' IAM_ROLE '%[3]s' KMS_KEY_ID 'alias/etl' ENCRYPTED;
UNLOAD ('select 1') TO 's3://sealed-data/e/' IAM_ROLE '%[1]s' KMS_KEY_ID 'arn:aws:kms:us-east-1:123456789012:alias/etl' ENCRYPTED;
COPY t FROM 's3://managed-data/x/' IAM_ROLE '%[1]s';
COPY t FROM 's3://managed-data/x/' IAM_ROLE '%[2]s';
`, role("KeyUser"), role("NoKmsRole"), role("Blocked"), w.KeyID)
}

// wantMotoKMS: each reference's verdict and its operation's.
var wantMotoKMS = []string{
	"ok  operation=ok",                      // key policy enables IAM, IAM allows
	"ok  operation=unknown",                 // IAM does not allow: a grant could
	"ok  operation=fail permission-missing", // the key policy denies Blocked
	"ok  operation=ok",                      // kms:Decrypt on the bucket's default key
	"ok  operation=fail permission-missing",
	"ok  operation=fail permission-missing", // alias/etl: the same key, the same Deny
	"ok  operation=ok",                      // the alias ARN of the key
	"ok  operation=ok",                      // aws/s3 of the owner: the key policy enables IAM, IAM allows
	"ok  operation=unknown",                 // aws/s3, IAM does not allow: a grant could
}

func seedMotoKMS(t *testing.T, endpoint string) motoKMSWorld {
	t.Helper()
	out, err := exec.Command("python3", "scripts/moto-world-kms.py", endpoint).Output()
	if err != nil {
		t.Fatalf("scripts/moto-world-kms.py: %v\n%s", err, stderrOf(err))
	}
	var w motoKMSWorld
	if err := json.Unmarshal(out, &w); err != nil || w.KeyARN == "" {
		t.Fatalf("scripts/moto-world-kms.py printed %q: %v", out, err)
	}
	return w
}

// cliKMSExports makes the AWS CLI's exports of the KMS world into dir.
func cliKMSExports(t *testing.T, endpoint, dir string, w motoKMSWorld) {
	t.Helper()
	in := func(name string) string { return filepath.Join(dir, name) }
	awsCLI(t, endpoint, in("iam-a.json"), nil, "iam", "get-account-authorization-details")
	awsCLI(t, endpoint, in("clusters.json"), nil, "redshift", "describe-clusters")
	awsCLI(t, endpoint, in("key-policy.json"), nil, "kms", "get-key-policy", "--key-id", w.KeyID, "--policy-name", "default")
	addMember(t, in("key-policy.json"), "KeyArn", w.KeyARN)
	awsCLI(t, endpoint, in("encryption.json"), nil, "s3api", "get-bucket-encryption", "--bucket", "sealed-data")
	addMember(t, in("encryption.json"), "Bucket", "sealed-data")
	awsCLI(t, endpoint, in("encryption-managed.json"), nil, "s3api", "get-bucket-encryption", "--bucket", "managed-data")
	addMember(t, in("encryption-managed.json"), "Bucket", "managed-data")
	awsCLI(t, endpoint, in("buckets.json"), nil, "s3api", "list-buckets")
	addMember(t, in("buckets.json"), "Account", "123456789012")
	awsCLI(t, endpoint, in("aliases.json"), nil, "kms", "list-aliases")
	awsCLI(t, endpoint, in("aws-s3-key.json"), nil, "kms", "describe-key", "--key-id", "alias/aws/s3")
	data, err := os.ReadFile(in("aws-s3-key.json"))
	if err != nil {
		t.Fatal(err)
	}
	var desc struct{ KeyMetadata struct{ KeyId, Arn string } }
	if err := json.Unmarshal(data, &desc); err != nil || desc.KeyMetadata.Arn == "" {
		t.Fatalf("describe-key alias/aws/s3: %s (%v)", data, err)
	}
	awsCLI(t, endpoint, in("aws-s3-policy.json"), nil, "kms", "get-key-policy", "--key-id", desc.KeyMetadata.KeyId, "--policy-name", "default")
	addMember(t, in("aws-s3-policy.json"), "KeyArn", desc.KeyMetadata.Arn)
}

// collect PATH then check gives the verdicts the AWS CLI's exports give: a
// KMS failure found from data (a Deny in the key policy), an IAM-enabled
// key policy with IAM allowing, and a grant that could allow.
func TestCollectKMSAgainstMoto(t *testing.T) {
	endpoint := motoEndpoint(t)
	needTools(t)
	motoEnv(t, endpoint)
	w := seedMotoKMS(t, endpoint)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "m.sql"), []byte(motoKMSSQL(w)), 0o644)
	code, _, stderr := runIn(t, dir, "collect", "--out", "aws", "--region", "us-east-1", "m.sql")
	if code != 0 {
		t.Fatalf("collect: exit %d\n%s", code, stderr)
	}
	for _, want := range []string{"collected: kms-policy-" + w.KeyID + ".json: key policy of " + w.KeyARN,
		"collected: s3-encryption-sealed-data.json: default encryption of bucket sealed-data",
		"collected: kms-aliases-123456789012-us-east-1.json: KMS aliases of account 123456789012 in us-east-1"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("collect's summary lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, ": kms:") || strings.Contains(stderr, ": s3:GetEncryptionConfiguration") {
		t.Errorf("a KMS call failed:\n%s", stderr)
	}
	os.Mkdir(filepath.Join(dir, "cli"), 0o755)
	cliKMSExports(t, endpoint, filepath.Join(dir, "cli"), w)
	sameVerdicts(t, wantMotoKMS, s3Verdicts(t, dir, "aws"), s3Verdicts(t, dir, "cli"))
	collectAgainSame(t, dir, "--out", "aws", "--region", "us-east-1", "m.sql")
}
