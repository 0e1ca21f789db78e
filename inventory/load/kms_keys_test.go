package load_test

import (
	"testing"

	. "github.com/redshift-preflight/redshift-preflight/inventory/internal/invtest"
)

const (
	aliasList = `{"Aliases": [
		{"AliasName": "alias/etl", "AliasArn": "arn:aws:kms:us-east-1:111111111111:alias/etl", "TargetKeyId": "1234abcd-12ab-34cd-56ef-1234567890ab"},
		{"AliasName": "alias/aws/s3", "AliasArn": "arn:aws:kms:us-east-1:111111111111:alias/aws/s3", "TargetKeyId": "0000aaaa-12ab-34cd-56ef-1234567890ab"},
		{"AliasName": "alias/aws/rds", "AliasArn": "arn:aws:kms:us-east-1:111111111111:alias/aws/rds"}
	], "Truncated": false}`
	describedKey = `{"KeyMetadata": {"AWSAccountId": "111111111111", "KeyId": "1234abcd-12ab-34cd-56ef-1234567890ab",
		"Arn": "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab", "KeyManager": "CUSTOMER"}}`
	etlKey   = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	awsS3Key = "arn:aws:kms:us-east-1:111111111111:key/0000aaaa-12ab-34cd-56ef-1234567890ab"
)

// TestKMSNames: list-aliases maps alias ARNs to key ARNs and marks the
// account and region listed; describe-key says who manages a key.
func TestKMSNames(t *testing.T) {
	inv, err := LoadMem("a.json", aliasList, "d.json", describedKey)
	if err != nil {
		t.Fatal(err)
	}
	al, ok := inv.KMSAliasOf("arn:aws:kms:us-east-1:111111111111:alias/etl")
	if !ok || al.KeyARN != etlKey || al.Source.String() != "a.json: Aliases[0]" {
		t.Errorf("alias/etl = %+v, %v", al, ok)
	}
	if al, ok := inv.KMSAliasOf("arn:aws:kms:us-east-1:111111111111:alias/aws/rds"); !ok || al.KeyARN != "" {
		t.Errorf("alias/aws/rds (no key yet) = %+v, %v", al, ok)
	}
	if _, ok := inv.KMSAliasOf("arn:aws:kms:us-west-2:111111111111:alias/etl"); ok {
		t.Error("an alias of another region is another alias")
	}
	if at, ok := inv.AliasesListed("111111111111", "us-east-1"); !ok || at.String() != "a.json: Aliases" {
		t.Errorf("AliasesListed = %v, %v", at, ok)
	}
	if _, ok := inv.AliasesListed("111111111111", "us-west-2"); ok {
		t.Error("us-west-2 was not listed")
	}
	if k, _ := inv.KMSKeyOf(etlKey); k.AWSManaged() || k.Manager != "CUSTOMER" {
		t.Errorf("etl key = %+v", k)
	}
	if k, ok := inv.KMSKeyOf(awsS3Key); !ok || !k.AWSManaged() {
		t.Errorf("aws/s3 key = %+v, %v", k, ok)
	}
}

// TestKMSNamesErrors: exact messages naming file and JSON path.
func TestKMSNamesErrors(t *testing.T) {
	for _, tc := range []struct {
		files []string
		want  string
	}{
		{[]string{"a.json", `{"Aliases":[{"AliasName":"alias/x"}]}`}, `a.json: Aliases[0]: missing AliasArn`},
		{[]string{"a.json", `{"Aliases":[{"AliasArn":"alias/x","TargetKeyId":"k"}]}`},
			`a.json: Aliases[0].AliasArn: want a KMS alias ARN (arn:aws:kms:<region>:<account>:alias/<name>), got "alias/x"`},
		{[]string{"a.json", `{"Aliases":[{"AliasArn":"arn:aws:kms:us-east-1:111111111111:alias/x","TargetKeyId":"a/b"}]}`},
			`a.json: Aliases[0].TargetKeyId: want a key id, got "a/b"`},
		{[]string{"a.json", `{"Aliases":[],"Truncated":true,"NextMarker":"m"}`},
			`a.json: Truncated: the export is incomplete (Truncated is true, more pages follow): export with the AWS CLI without --max-items, which fetches every page`},
		{[]string{"a.json", `{"Aliases":[],"NextMarker":"m"}`},
			`a.json: NextMarker: the export is incomplete (NextMarker is set, more pages follow): export with the AWS CLI without --max-items, which fetches every page`},
		{[]string{"a.json", aliasList, "b.json", `{"Aliases":[{"AliasArn":"arn:aws:kms:us-east-1:111111111111:alias/etl","TargetKeyId":"9999"}]}`},
			`b.json: Aliases[0]: conflicting definitions of the alias arn:aws:kms:us-east-1:111111111111:alias/etl: the key "arn:aws:kms:us-east-1:111111111111:key/9999" differs from the one at a.json: Aliases[0]`},
		{[]string{"d.json", `{"KeyMetadata":{"KeyId":"k"}}`}, `d.json: KeyMetadata.Arn: missing Arn`},
		{[]string{"d.json", `{"KeyMetadata":{"Arn":"alias/x"}}`},
			`d.json: KeyMetadata.Arn: want a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key id>), got "alias/x"`},
		{[]string{"d.json", `{"KeyMetadata":[]}`}, `d.json: KeyMetadata: want an object, got array`},
	} {
		_, err := LoadMem(tc.files...)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%v:\n got %v\nwant %s", tc.files, err, tc.want)
		}
	}
}

// FuzzKMSNames loads arbitrary bytes as a key-name file beside valid
// ones: no panic, a *LoadError or an inventory.
func FuzzKMSNames(f *testing.F) {
	for _, s := range []string{aliasList, describedKey, `{"Aliases":[{"AliasArn":1}]}`, `{"KeyMetadata":{"Arn":""}}`, `{"Aliases":[],"Truncated":true}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, files := range [][]string{{"x.json", string(data)}, {"a.json", aliasList, "x.json", string(data), "d.json", describedKey}} {
			inv, err := LoadMem(files...)
			CheckLoad(t, inv, err)
		}
	})
}
