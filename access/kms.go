package access

import (
	"fmt"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/iam"
	"github.com/redshift-preflight/redshift-preflight/inventory"
)

// KMS key policies. A key policy is a resource policy that, unlike a
// bucket policy, must allow the caller even in the key's own account:
// either the caller itself (the key policy alone decides), or the key's
// account ("arn:aws:iam::ACCOUNT:root"), which delegates to IAM, so the
// caller's identity policies must allow too. iam.Authorize does exactly
// this with ResourceMustAllow; across accounts both sides must allow.
//
// AWS KMS Developer Guide, "Key policies in AWS KMS"
// (https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html):
// "Key policies are the primary way to control access to KMS keys. Every
// KMS key must have exactly one key policy."
// "No AWS principal, including the account root user or key creator, has
// any permissions to a KMS key unless they are explicitly allowed, and
// never denied, in a key policy, IAM policy, or grant."
// "Unless the key policy explicitly allows it, you cannot use IAM policies
// to allow access to a KMS key. Without permission from the key policy,
// IAM policies that allow permissions have no effect."
// AWS KMS Developer Guide, "KMS key access and permissions"
// (https://docs.aws.amazon.com/kms/latest/developerguide/control-access.html):
// "Grants – You can use grants in combination with the key policy and IAM
// policies to allow access to a KMS key."
//
// Grants are not in the data. A request that no policy allows could be
// allowed by a grant, so it is unknown (grantsMayAllow), never failed; an
// explicit Deny in the key policy or an identity policy refuses whatever
// a grant says ("explicitly allowed, and never denied"), so it fails.

// grantsNote explains the unknown of a KMS request that no policy allows.
const grantsNote = "no key policy or IAM policy statement in the data allows it, but a KMS grant, which the data does not hold, could " +
	"(AWS KMS: a principal needs to be \"explicitly allowed, and never denied, in a key policy, IAM policy, or grant\")"

// kms adds a KMS action on the key the SQL names (KMS_KEY_ID): a key ARN,
// a key id (of the role's account, in the cluster's region) or an alias.
func (p *planner) kms(key, action string) {
	if strings.HasPrefix(key, "arn:") {
		p.add(Request{Action: action, Resource: key})
	} else {
		res := "key/" + key
		if strings.HasPrefix(key, "alias/") {
			res = key
		}
		p.regional(action, "kms", "", p.account, res)
	}
	p.keyPolicy(p.last(), key)
}

// keyPolicy sets the key policy of the request's key when the data holds
// it; otherwise a placeholder that leaves the request unknown.
func (p *planner) keyPolicy(r *Request, key string) {
	r.ResourceMustAllow, r.GrantsMayAllow = true, grantsNote
	if r.Unknown != "" {
		return
	}
	if kp := p.w.Inventory.KeyPolicy(r.Resource); kp != nil {
		r.ResourcePolicy = kp
		return
	}
	label := "key policy of " + key + " (not in the data)"
	r.PolicyHelp = fmt.Sprintf("add the output of aws kms get-key-policy --key-id %s --policy-name default, "+
		`with "KeyArn": "<the key's ARN>" added, with --iam (or run collect with the SQL)`, key)
	if g, ok := p.w.Inventory.ResourceGap("kms:GetKeyPolicy", r.Resource); ok {
		label = fmt.Sprintf("%s (collect could not read it: %s, %s)", inventory.KeyPolicyLabel(r.Resource), g.Code, g.Source.File)
		r.PolicyHelp = fmt.Sprintf("let the identity collect runs as (in account %s) do kms:GetKeyPolicy on %s, "+
			"in its IAM policies and the key policy, and collect again, or ", g.Account, r.Resource) + r.PolicyHelp
	}
	r.ResourcePolicy = &iam.NamedPolicy{Label: label}
}

// bucketKey: COPY reads objects of a bucket whose default encryption is
// SSE-KMS (get-bucket-encryption in the data), which S3 decrypts with
// the key for the caller, so the caller needs kms:Decrypt on it.
//
// AWS Knowledge Center, "Do I need to specify the AWS KMS key when I
// download a KMS-encrypted object from Amazon S3?"
// (https://repost.aws/knowledge-center/decrypt-kms-encrypted-objects-s3):
// "When a user sends a GET request, Amazon S3 must check for the
// appropriate authorization. Amazon S3 checks if the AWS Identity and
// Access Management (IAM) user or role that sent the request is authorized
// to decrypt the object's key."
//
// Only the bucket's default key is known: objects written with another
// key are not seen (named in the README).
func (p *planner) bucketKey(uri string) {
	bucket, _, ok := s3Parts(uri)
	if !ok {
		return
	}
	facts, _ := p.w.Inventory.Bucket(bucket)
	key := facts.DefaultKey
	if key == "" {
		return
	}
	if strings.HasPrefix(key, "arn:") {
		p.add(Request{Action: "kms:Decrypt", Resource: key})
		p.keyPolicy(p.last(), key)
		return
	}
	// A key id or alias is of the bucket's account, in its region.
	account, region := facts.Owner, facts.Region
	if account == "" {
		account = p.account
	}
	res := "key/" + key
	if strings.HasPrefix(key, "alias/") {
		res = key
	}
	p.regional("kms:Decrypt", "kms", region, account, res)
	p.keyPolicy(p.last(), key)
}
