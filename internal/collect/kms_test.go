package collect

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"

	"github.com/redshift-preflight/redshift-preflight/inventory"
	"github.com/redshift-preflight/redshift-preflight/inventory/load"
)

// fakeKMS: bucket → its SSE-KMS default key (absent: no default
// encryption configured, "": SSE-KMS with aws/s3); key ARN → key policy;
// alias or key id → ARN (an alias of the account asked, in us-east-1);
// key ARNs that AWS manages.
type fakeKMS struct {
	encryption map[string]string
	policies   map[string]string
	ids        map[string]string
	managed    map[string]bool
}

// kmsAnswer answers GetBucketEncryption, DescribeKey and GetKeyPolicy.
func (f *fakeAWS) kmsAnswer(account, op string, params any) (any, error, bool) {
	k := f.kms
	if k == nil {
		k = &fakeKMS{}
	}
	switch op {
	case "GetBucketEncryption":
		key, ok := k.encryption[*params.(*s3.GetBucketEncryptionInput).Bucket]
		if !ok {
			return nil, &smithy.GenericAPIError{Code: "ServerSideEncryptionConfigurationNotFoundError", Message: "none"}, true
		}
		return &s3.GetBucketEncryptionOutput{ServerSideEncryptionConfiguration: &s3types.ServerSideEncryptionConfiguration{
			Rules: []s3types.ServerSideEncryptionRule{{ApplyServerSideEncryptionByDefault: &s3types.ServerSideEncryptionByDefault{
				SSEAlgorithm: s3types.ServerSideEncryptionAwsKms, KMSMasterKeyID: aws.String(key)}, BucketKeyEnabled: aws.Bool(true)}}}}, nil, true
	case "DescribeKey":
		id := *params.(*kms.DescribeKeyInput).KeyId
		if a, ok := k.ids[id]; ok {
			id = a
		}
		if _, ok := k.policies[id]; !ok {
			return nil, &smithy.GenericAPIError{Code: "NotFoundException", Message: "no key " + id}, true
		}
		manager := kmstypes.KeyManagerTypeCustomer
		if k.managed[id] {
			manager = kmstypes.KeyManagerTypeAws
		}
		return &kms.DescribeKeyOutput{KeyMetadata: &kmstypes.KeyMetadata{Arn: aws.String(id), KeyId: aws.String(id[strings.LastIndex(id, "/")+1:]),
			AWSAccountId: aws.String(strings.Split(id, ":")[4]), KeyManager: manager}}, nil, true
	case "ListAliases":
		var out kms.ListAliasesOutput
		for name, arn := range k.ids {
			if strings.HasPrefix(name, "alias/") && strings.Split(arn, ":")[4] == account {
				out.Aliases = append(out.Aliases, kmstypes.AliasListEntry{AliasName: aws.String(name),
					AliasArn: aws.String("arn:aws:kms:us-east-1:" + account + ":" + name), TargetKeyId: aws.String(arn[strings.LastIndex(arn, "/")+1:])})
			}
		}
		return &out, nil, true
	case "GetKeyPolicy":
		id := *params.(*kms.GetKeyPolicyInput).KeyId
		return &kms.GetKeyPolicyOutput{Policy: aws.String(k.policies[id]), PolicyName: aws.String("default")}, nil, true
	}
	return nil, nil, false
}

// TestCollectKeyPolicies: the SQL's KMS_KEY_ID (a key id of the caller's
// account and an alias) and a bucket's SSE-KMS default key are resolved
// with DescribeKey and their policies written with KeyArn; the loader
// reads them; a denied GetKeyPolicy is a gap on the key's ARN that check
// sees; a second run is byte-identical.
func TestCollectKeyPolicies(t *testing.T) {
	awsEnv(t)
	f := world()
	f.buckets[accountA] = []string{"sealed"}
	keyA := "arn:aws:kms:us-east-1:" + accountA + ":key/1234abcd-12ab-34cd-56ef-1234567890ab"
	keyB := "arn:aws:kms:us-east-1:" + accountB + ":key/0000aaaa-12ab-34cd-56ef-1234567890ab"
	keyS := "arn:aws:kms:us-east-1:" + accountA + ":key/5555bbbb-12ab-34cd-56ef-1234567890ab"
	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"kms:*","Resource":"*"}]}`
	f.kms = &fakeKMS{
		encryption: map[string]string{"sealed": "5555bbbb-12ab-34cd-56ef-1234567890ab"},
		policies:   map[string]string{keyA: policy, keyB: policy, keyS: policy},
		ids:        map[string]string{"1234abcd-12ab-34cd-56ef-1234567890ab": keyA, "alias/etl": keyA, "5555bbbb-12ab-34cd-56ef-1234567890ab": keyS},
	}
	f.fail[accountB+" GetKeyPolicy"] = denied("kms:GetKeyPolicy")
	var targets Targets
	targets.Add("s3", "s3://sealed/x/")
	for _, k := range []string{"1234abcd-12ab-34cd-56ef-1234567890ab", "alias/etl", keyB} {
		targets.AddKMSKey(k)
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
	for _, name := range []string{"s3-encryption-sealed.json", "kms-policy-1234abcd-12ab-34cd-56ef-1234567890ab.json", "kms-policy-5555bbbb-12ab-34cd-56ef-1234567890ab.json"} {
		if _, ok := first[name]; !ok {
			t.Errorf("%s not written (files %v)", name, names(first))
		}
	}
	if got := string(first["kms-policy-1234abcd-12ab-34cd-56ef-1234567890ab.json"]); !strings.Contains(got, `"KeyArn": "`+keyA+`"`) {
		t.Errorf("key policy file:\n%s", got)
	}
	var gaps []string
	for _, g := range res.Gaps {
		if strings.HasPrefix(g.Call, "kms:") {
			gaps = append(gaps, g.String())
		}
	}
	want := []string{"kms:GetKeyPolicy on " + keyB + " (account 222222222222, us-east-1): AccessDenied: User is not authorized to perform: kms:GetKeyPolicy"}
	if !slices.Equal(gaps, want) {
		t.Errorf("gaps\n got %s\nwant %s", strings.Join(gaps, "\n     "), strings.Join(want, "\n     "))
	}
	var calls []string
	for _, c := range f.calls {
		if strings.Contains(c, "KeyPolicy") {
			calls = append(calls, c)
		}
	}
	// keyB read as B (GetKeyPolicy is not cross-account); alias/etl and the key id
	// are one key, read once (keyS is the bucket's).
	slices.Sort(calls)
	if want := []string{accountA + " GetKeyPolicy", accountA + " GetKeyPolicy", accountB + " GetKeyPolicy"}; !slices.Equal(calls, want) {
		t.Errorf("GetKeyPolicy calls %v, want %v", calls, want)
	}
	for i, w := range res.Written {
		if i > 0 && res.Written[i-1].Name == w.Name {
			t.Errorf("%s written twice", w.Name)
		}
	}
	inv := loadDir(t, dir)
	if inv.KeyPolicy(keyA) == nil || inv.KeyPolicy(keyS) == nil {
		t.Error("key policies not loaded")
	}
	if b, _ := inv.Bucket("sealed"); b.DefaultKey != "5555bbbb-12ab-34cd-56ef-1234567890ab" {
		t.Errorf("sealed: %+v", b)
	}
	if _, ok := inv.ResourceGap("kms:GetKeyPolicy", keyB); !ok {
		t.Error("the loader does not see the key policy gap")
	}
	run()
	if second := readDir(t, dir); !mapsEqual(first, second) {
		t.Error("a second run changed the files")
	}
}

func mapsEqual(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if string(b[k]) != string(v) {
			return false
		}
	}
	return true
}

// TestCollectAliases: a KMS_KEY_ID alias and a bucket encrypted with
// SSE-KMS but no key (the owner's aws/s3) make collect list the aliases of
// that account and region once (kms-aliases-…json) and write describe-key
// output (kms-key-…json); the loader resolves the alias to its key and
// knows aws/s3's key as AWS managed.
func TestCollectAliases(t *testing.T) {
	awsEnv(t)
	f := world()
	f.buckets[accountA] = []string{"managed"}
	keyA := "arn:aws:kms:us-east-1:" + accountA + ":key/1234abcd-12ab-34cd-56ef-1234567890ab"
	keyM := "arn:aws:kms:us-east-1:" + accountA + ":key/5555bbbb-12ab-34cd-56ef-1234567890ab"
	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"kms:*","Resource":"*"}]}`
	f.kms = &fakeKMS{
		encryption: map[string]string{"managed": ""},
		policies:   map[string]string{keyA: policy, keyM: policy},
		ids:        map[string]string{"alias/etl": keyA, "alias/aws/s3": keyM},
		managed:    map[string]bool{keyM: true},
	}
	var targets Targets
	targets.Add("s3", "s3://managed/x/")
	targets.AddKMSKey("alias/etl")
	dir := t.TempDir()
	if _, err := Run(context.Background(), Options{Out: dir, Targets: targets, APIOptions: []func(*middleware.Stack) error{f.stack}}); err != nil {
		t.Fatal(err)
	}
	files := readDir(t, dir)
	for _, name := range []string{"kms-aliases-111111111111-us-east-1.json", "kms-key-5555bbbb-12ab-34cd-56ef-1234567890ab.json", "kms-policy-5555bbbb-12ab-34cd-56ef-1234567890ab.json"} {
		if _, ok := files[name]; !ok {
			t.Errorf("%s not written (files %v)", name, names(files))
		}
	}
	if got := string(files["kms-key-5555bbbb-12ab-34cd-56ef-1234567890ab.json"]); !strings.Contains(got, `"KeyManager": "AWS"`) {
		t.Errorf("describe-key file:\n%s", got)
	}
	var lists []string
	for _, c := range f.calls {
		if strings.HasSuffix(c, "ListAliases") {
			lists = append(lists, c)
		}
	}
	if want := []string{accountA + " ListAliases"}; !slices.Equal(lists, want) {
		t.Errorf("ListAliases calls %v, want %v (once per account and region)", lists, want)
	}
	inv := loadDir(t, dir)
	if al, ok := inv.KMSAliasOf("arn:aws:kms:us-east-1:" + accountA + ":alias/etl"); !ok || al.KeyARN != keyA {
		t.Errorf("alias/etl = %+v, %v", al, ok)
	}
	if k, _ := inv.KMSKeyOf(keyM); !k.AWSManaged() {
		t.Errorf("aws/s3 key = %+v", k)
	}
	if b, _ := inv.Bucket("managed"); b.DefaultKey != "alias/aws/s3" || b.Owner != accountA {
		t.Errorf("managed: %+v", b)
	}
}

// loadDir loads what collect wrote into dir as check's loader does.
func loadDir(t *testing.T, dir string) *inventory.Inventory {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	inv, err := load.Files(paths, os.ReadFile)
	if err != nil {
		t.Fatal(err)
	}
	return inv
}
