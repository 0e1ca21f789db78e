package inventory

import (
	"bytes"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/iam"
)

// KMS facts: key policies and the SSE-KMS default key of buckets. Like
// the bucket facts (bucket_facts.go), each comes from an AWS CLI output
// that does not name its subject, so the file adds the name as one more
// top-level member (redshift-preflight collect writes the same shape):
//
//   - aws kms get-key-policy --key-id K --policy-name default
//     ({"Policy": "<JSON text>", "PolicyName": "default"}) adds
//     "KeyArn": "arn:aws:kms:REGION:ACCOUNT:key/ID" (the KeyArn that
//     aws kms describe-key prints). Key policies name their key as
//     Resource "*", so the key cannot be read from the policy as a
//     bucket's can.
//   - aws s3api get-bucket-encryption --bucket B
//     ({"ServerSideEncryptionConfiguration": {"Rules": [{
//     "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms",
//     "KMSMasterKeyID": K}}]}}) adds "Bucket": "B".

// KindKeyPolicy is the policy kind of KMS key policies.
const KindKeyPolicy PolicyKind = "key"

// KeyPolicyLabel is the label of a key policy in evaluation results.
func KeyPolicyLabel(keyARN string) string { return "key policy of " + keyARN }

// kmsFile is what one file says about keys, before the member the CLI
// output lacks is checked.
type kmsFile struct {
	keyARN     string
	keyAt      Source
	keyGiven   bool
	policyName bool // get-key-policy's PolicyName was read

	encryption bool // get-bucket-encryption output
	algorithm  string
	key        string // KMSMasterKeyID; "" for the AWS managed key aws/s3
	keyIDAt    Source

	names *kmsNames // list-aliases or describe-key output (kms_keys.go)
}

func (f *File) kmsData() *kmsFile {
	if f.kmsInfo == nil {
		f.kmsInfo = &kmsFile{}
	}
	return f.kmsInfo
}

// SetKeyARN records the KeyArn member added to get-key-policy output.
func (f *File) SetKeyARN(arn string, at Source) {
	k := f.kmsData()
	k.keyARN, k.keyAt, k.keyGiven = arn, at, true
}

// SawPolicyName marks get-key-policy's PolicyName member.
func (f *File) SawPolicyName() { f.kmsData().policyName = true }

// SetBucketEncryption records get-bucket-encryption's default: the first
// rule's algorithm and KMS key (S3 applies one default per bucket).
func (f *File) SetBucketEncryption(algorithm, key string, at Source) {
	k := f.kmsData()
	k.encryption, k.algorithm, k.key, k.keyIDAt = true, algorithm, key, at
}

// KeyPolicy returns the key policy of a KMS key by its key ARN, or nil
// when the data has none.
func (inv *Inventory) KeyPolicy(keyARN string) *iam.NamedPolicy {
	if r := inv.resources[resourceKey(KindKeyPolicy, keyARN)]; r != nil {
		np := r.policy
		return &np
	}
	return nil
}

// ValidKeyARN: arn:PARTITION:kms:REGION:ACCOUNT:key/ID.
func ValidKeyARN(s string) bool {
	a, ok := SplitARN(s)
	id, isKey := strings.CutPrefix(a.Resource, "key/")
	return ok && a.Service == "kms" && a.Region != "" && accountDigits(a.Account) && isKey && id != "" &&
		!strings.ContainsAny(id, "*?/")
}

// addKMS merges a file's key policy or bucket encryption.
func (b *Builder) addKMS(f *File) error {
	k := f.kmsInfo
	switch {
	case k == nil:
		return nil
	case k.names != nil:
		return b.addKMSNames(k.names)
	case k.encryption:
		return b.addBucketEncryption(f, k)
	case f.resource == nil:
		return nil
	case !k.keyGiven:
		return InFile(DataError(`aws kms get-key-policy output does not name its key: `+
			`add "KeyArn": "arn:aws:kms:<region>:<account>:key/<key id>" (as aws kms describe-key prints it) as a top-level member`), f.Name())
	case !ValidKeyARN(k.keyARN):
		return &LoadError{File: k.keyAt.File, Path: k.keyAt.Path, Msg: "want a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key id>), got " + Short(k.keyARN)}
	}
	doc := f.resource
	f.resource = nil // a key policy, not a bucket or function policy
	p, lerr := doc.decode()
	if lerr != nil {
		return lerr
	}
	r := &resourcePolicy{kind: KindKeyPolicy, name: k.keyARN, policy: iam.NamedPolicy{Label: KeyPolicyLabel(k.keyARN), Document: p}, doc: *doc}
	key := resourceKey(KindKeyPolicy, k.keyARN)
	if old := b.inv.resources[key]; old != nil {
		if bytes.Equal(old.doc.raw, r.doc.raw) || canonical(old.policy.Document) == canonical(r.policy.Document) {
			return nil
		}
		return Conflict("the key policy of "+k.keyARN, r.source(), old.source(), "the policy")
	}
	b.inv.resources[key] = r
	b.inv.origins[r.policy.Label] = docOrigin(PolicyOrigin{Kind: KindKeyPolicy, Name: k.keyARN}, doc)
	return nil
}

// AWSManagedS3Key is the alias of the AWS managed key S3 uses for SSE-KMS
// without a customer managed key, in the bucket owner's account.
const AWSManagedS3Key = "alias/aws/s3"

// addBucketEncryption records a bucket's SSE-KMS default key; other
// algorithms (AES256: SSE-S3) need no KMS permission and are not kept.
func (b *Builder) addBucketEncryption(f *File, k *kmsFile) error {
	d := f.bucketInfo
	if d == nil || !d.bucketGiven || d.bucket == "" {
		return InFile(DataError(`aws s3api get-bucket-encryption output does not name its bucket: `+
			`add "Bucket": "<bucket name>" as a top-level member`), f.Name())
	}
	if !strings.HasPrefix(k.algorithm, "aws:kms") {
		return nil
	}
	key := k.key
	if key == "" {
		// Amazon S3 API Reference, ServerSideEncryptionByDefault: "If you
		// don't specify a customer managed key at configuration, Amazon S3
		// automatically creates an AWS KMS key (aws/s3) in your AWS account
		// the first time that you add an object encrypted with SSE-KMS to a
		// bucket. By default, Amazon S3 uses this KMS key for SSE-KMS."
		key = AWSManagedS3Key
	}
	cur := b.bucketFacts(d.bucket)
	switch {
	case cur.DefaultKey == "":
		cur.DefaultKey, cur.DefaultKeySource = key, k.keyIDAt
	case cur.DefaultKey != key:
		return Conflict("bucket "+d.bucket, k.keyIDAt, cur.DefaultKeySource, "the default KMS key "+key)
	}
	return nil
}
