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
// a key id or alias (of the role's account, in the cluster's region) or
// an alias ARN.
func (p *planner) kms(key, action string) {
	if strings.TrimSpace(key) == "" {
		p.add(Request{Action: action, Resource: "(no key)", Unknown: "KMS_KEY_ID is empty: it names no KMS key"})
		return
	}
	p.kmsOn(action, key, p.account, "")
	p.keyPolicy(p.last(), key)
}

// kmsOn adds a KMS action on the key that key names, a bare key id or
// alias taken to be of account in region ("" for the cluster's). AWS
// decides on the key ARN, never the alias (kms_keys.go in inventory
// quotes the KMS guide), so an alias is resolved from the data
// (aws kms list-aliases, or collect's); one the data cannot resolve
// leaves the request unknown, saying why.
func (p *planner) kmsOn(action, key, account, region string) {
	if region == "" {
		region = p.region
	}
	aliasARN := ""
	switch a, isARN := inventory.SplitARN(key); {
	case isARN && strings.HasPrefix(a.Resource, "alias/"):
		aliasARN = key
	case isARN:
		p.add(Request{Action: action, Resource: key})
		return
	case strings.HasPrefix(key, "alias/") && region != "":
		aliasARN = fmt.Sprintf("arn:%s:kms:%s:%s:%s", p.partition, region, account, key)
	case strings.HasPrefix(key, "alias/"):
		p.regional(action, "kms", "", account, key)
		return
	default:
		p.regional(action, "kms", region, account, "key/"+key)
		return
	}
	r := Request{Action: action, Resource: aliasARN}
	if al, ok := p.w.Inventory.KMSAliasOf(aliasARN); ok && al.KeyARN != "" {
		r.Resource = al.KeyARN
	} else {
		r.Unknown = p.unresolvedAlias(aliasARN, al, ok)
	}
	p.add(r)
}

// unresolvedAlias says why the data does not give the key of an alias.
func (p *planner) unresolvedAlias(aliasARN string, al inventory.KMSAlias, known bool) string {
	a, _ := inventory.SplitARN(aliasARN)
	if known { // an AWS managed alias before its service first used it
		return fmt.Sprintf("the alias %s names no key yet (%s: no TargetKeyId)", aliasARN, al.Source)
	}
	if at, ok := p.w.Inventory.AliasesListed(a.Account, a.Region); ok {
		return fmt.Sprintf("the alias %s is not in aws kms list-aliases output of account %s in %s (%s): KMS does not find it there, or the export is older than the alias",
			a.Resource, a.Account, a.Region, at.File)
	}
	for _, res := range []string{aliasARN, a.Resource} {
		if g, ok := p.w.Inventory.ResourceGap("kms:DescribeKey", res); ok {
			return fmt.Sprintf("which key the alias %s names is not in the data: collect could not resolve it (%s, %s)", aliasARN, g.Code, g.Source.File)
		}
	}
	return fmt.Sprintf("which key the alias %s names is not in the data: add aws kms list-aliases output of account %s in %s with --iam (or run collect with the SQL)",
		aliasARN, a.Account, a.Region)
}

// keyPolicy sets the key policy of the request's key when the data holds
// it; otherwise a placeholder that leaves the request unknown.
func (p *planner) keyPolicy(r *Request, key string) {
	r.ResourceMustAllow, r.GrantsMayAllow = true, grantsNote
	if r.Unknown != "" {
		return
	}
	if p.awsManaged(r, key) {
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

// awsManaged decides a request on an AWS managed key (aws/s3) of another
// account, which no policy the customer writes can allow:
//
// AWS KMS Developer Guide, "Change a key policy"
// (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying.html):
// "You can view the key policy for an AWS managed key or a customer
// managed key, but you can only change the key policy for a customer
// managed key. The policies of AWS managed keys are created and managed by
// the AWS service that created the KMS key in your account."
// AWS KMS Developer Guide, "Key policies in AWS KMS": "Unless the key
// policy explicitly allows it, you cannot use IAM policies to allow access
// to a KMS key."
//
// The key policy AWS writes for aws/s3 allows the key's own account only
// (kms:CallerAccount), through S3 (kms:ViaService); in the key's account
// the request is decided by that policy, as collect reads it (or unknown
// when the data lacks it). Across accounts it is refused: S3 objects under
// aws/s3 cannot be shared with another account. It reports whether it
// decided the request.
func (p *planner) awsManaged(r *Request, key string) bool {
	k, _ := p.w.Inventory.KMSKeyOf(r.Resource)
	if !k.AWSManaged() && !inventory.ManagedAlias(aliasPart(key)) {
		return false
	}
	a, ok := inventory.SplitARN(r.Resource)
	if !ok || a.Account == p.account {
		return false
	}
	r.GrantsMayAllow = ""
	r.CrossAccount = fmt.Sprintf("%s may not %s on %s, which %s needs: it is an AWS managed key of account %s (%s), "+
		"whose key policy only AWS writes and allows no other account, and %s is in account %s "+
		"(AWS KMS: \"you can only change the key policy for a customer managed key\")",
		shortRole(p.role), r.Action, r.Resource, p.st.Kind.Words(), a.Account, managedName(k, key), shortRole(p.role), p.account)
	r.CrossAccountHelp = fmt.Sprintf("encrypt the data with a customer managed key of account %s whose key policy allows %s (and name its key ARN)", a.Account, p.role)
	return true
}

// aliasPart is the alias/NAME part of a key named by alias or alias ARN.
func aliasPart(key string) string {
	if a, ok := inventory.SplitARN(key); ok {
		return a.Resource
	}
	return key
}

// managedName names an AWS managed key by its aliases, as the data gives them.
func managedName(k inventory.KMSKey, key string) string {
	if len(k.Aliases) > 0 {
		return strings.Join(k.Aliases, ", ")
	}
	if inventory.ManagedAlias(aliasPart(key)) {
		return aliasPart(key)
	}
	return "KeyManager AWS"
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
// S3 calls KMS for the caller, so kms:ViaService is S3 in the bucket's
// region and kms:CallerAccount the caller's account (the conditions of
// the aws/s3 key policy). A key id or alias is of the bucket's account
// (the caller's when the data does not name the owner), in its region.
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
	account := facts.Owner
	if account == "" {
		account = p.account
	}
	p.kmsOn("kms:Decrypt", key, account, facts.Region)
	r := p.last()
	if region, caller := facts.Region, p.account; region != "" {
		r.Known = func(c *iam.Context) {
			c.Set("kms:ViaService", "s3."+region+".amazonaws.com").Set("kms:CallerAccount", caller)
		}
	}
	if inventory.ManagedAlias(aliasPart(key)) && facts.Owner == "" && r.Unknown == "" {
		r.Unknown = fmt.Sprintf("bucket %s is encrypted with the AWS managed key aws/s3 of its owner, and the data does not say which account owns it "+
			"(add aws s3api list-buckets output of the owner with \"Account\" added, or run collect with the SQL)", bucket)
	}
	p.keyPolicy(r, key)
}
