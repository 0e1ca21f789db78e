package load_test

import (
	"testing"

	. "github.com/redshift-preflight/redshift-preflight/inventory/internal/invtest"
)

const (
	keyARN    = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	keyPolicy = `{"Policy":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}","PolicyName":"default","KeyArn":"` + keyARN + `"}`
	encKMS    = `{"ServerSideEncryptionConfiguration":{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"` + keyARN + `"},"BucketKeyEnabled":true}]},"Bucket":"sealed"}`
	encS3     = `{"Bucket":"plain","ServerSideEncryptionConfiguration":{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"AES256"}}]}}`
)

// TestKMSFacts: get-key-policy with KeyArn gives the key policy (Resource
// "*" names no key), get-bucket-encryption with Bucket the SSE-KMS default
// key; SSE-S3 needs no key and records none.
func TestKMSFacts(t *testing.T) {
	inv, err := LoadMem("k.json", keyPolicy, "e.json", encKMS, "p.json", encS3, "l.json", locWest)
	if err != nil {
		t.Fatal(err)
	}
	kp := inv.KeyPolicy(keyARN)
	if kp == nil || kp.Document == nil || kp.Label != "key policy of "+keyARN {
		t.Fatalf("KeyPolicy = %+v", kp)
	}
	if b, _ := inv.Bucket("sealed"); b.DefaultKey != keyARN || b.DefaultKeySource.String() != "e.json: ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault.KMSMasterKeyID" {
		t.Errorf("sealed: %+v", b)
	}
	if b, _ := inv.Bucket("plain"); b.DefaultKey != "" {
		t.Errorf("plain: %+v", b)
	}
	if inv.KeyPolicy("arn:aws:kms:us-east-1:111111111111:key/other") != nil {
		t.Error("a key the data does not name has no policy")
	}
}

// TestKMSFactsErrors: exact messages naming file and JSON path.
func TestKMSFactsErrors(t *testing.T) {
	for _, tc := range []struct {
		files []string
		want  string
	}{
		{[]string{"k.json", `{"Policy":"{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\"*\"}]}","PolicyName":"default"}`},
			`k.json: aws kms get-key-policy output does not name its key: add "KeyArn": "arn:aws:kms:<region>:<account>:key/<key id>" (as aws kms describe-key prints it) as a top-level member`},
		{[]string{"k.json", `{"Policy":"{}","PolicyName":"default","KeyArn":"alias/x"}`},
			`k.json: KeyArn: want a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key id>), got "alias/x"`},
		{[]string{"k.json", `{"Policy":"{}","KeyArn":7}`}, `k.json: KeyArn: want a string (the key's ARN)`},
		{[]string{"k.json", `{"Policy":"{\"Statement\":[{\"Effect\":\"Maybe\",\"Action\":\"kms:*\",\"Resource\":\"*\"}]}","KeyArn":"` + keyARN + `"}`},
			`k.json: Policy.Statement[0].Effect: want "Allow" or "Deny", got "Maybe"`},
		{[]string{"a.json", keyPolicy, "b.json", `{"Policy":"{\"Statement\":[]}","KeyArn":"` + keyARN + `"}`},
			`b.json: Policy: conflicting definitions of the key policy of ` + keyARN + `: the policy differs from the one at a.json: Policy`},
		{[]string{"e.json", `{"ServerSideEncryptionConfiguration":{"Rules":[]}}`},
			`e.json: aws s3api get-bucket-encryption output does not name its bucket: add "Bucket": "<bucket name>" as a top-level member`},
		{[]string{"e.json", `{"Bucket":"b","ServerSideEncryptionConfiguration":{"Rules":[{"ApplyServerSideEncryptionByDefault":{}}]}}`},
			`e.json: ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault.SSEAlgorithm: missing SSEAlgorithm`},
		{[]string{"e.json", `{"Bucket":"b","ServerSideEncryptionConfiguration":{"Rules":"x"}}`}, `e.json: ServerSideEncryptionConfiguration.Rules: want an array, got string`},
		{[]string{"a.json", encKMS, "b.json", `{"Bucket":"sealed","ServerSideEncryptionConfiguration":{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"other"}}]}}`},
			`b.json: ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault.KMSMasterKeyID: conflicting definitions of bucket sealed: the default KMS key other differs from the one at a.json: ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault.KMSMasterKeyID`},
	} {
		_, err := LoadMem(tc.files...)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%v:\n got %v\nwant %s", tc.files, err, tc.want)
		}
	}
}

// FuzzKMSFacts loads arbitrary bytes as a KMS file beside valid ones: no
// panic, a *LoadError or an inventory whose key facts came from some file.
func FuzzKMSFacts(f *testing.F) {
	for _, s := range []string{keyPolicy, encKMS, encS3, `{"Policy":"{}","KeyArn":1}`, `{"Bucket":1,"ServerSideEncryptionConfiguration":{}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, files := range [][]string{{"x.json", string(data)}, {"k.json", keyPolicy, "x.json", string(data), "e.json", encKMS}} {
			inv, err := LoadMem(files...)
			CheckLoad(t, inv, err)
			if err != nil {
				continue
			}
			for _, name := range inv.BucketNames() {
				if b, _ := inv.Bucket(name); b.DefaultKey != "" && b.DefaultKeySource.File == "" {
					t.Fatalf("bucket %q: %+v", name, b)
				}
			}
		}
	})
}
