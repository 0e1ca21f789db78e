package access

import (
	"fmt"

	"github.com/redshift-preflight/redshift-preflight/iam"
	"github.com/redshift-preflight/redshift-preflight/inventory"
)

// bucketSide sets what decides a request on a bucket beside the caller's
// own policies: the bucket policy, and the account that owns the bucket
// when the data says (aws s3api list-buckets of that account, with the
// Account member; see inventory/bucket_facts.go). S3 ARNs name no account,
// so without the owner whether the request crosses accounts is undecided
// once a bucket policy is in the data.
//
// Knowing the owner, iam.Authorize combines the bucket policy with the
// caller's identity policies as AWS does:
//
// IAM User Guide, "Policy evaluation for requests within a single account"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html):
// "If either the identity-based policy or the resource-based policy within
// the same account allows the request and the other doesn't, the request
// is still allowed."
// IAM User Guide, "Cross-account policy evaluation logic"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html):
// "To allow cross-account access, you attach a resource-based policy to the
// resource that you want to share. You must also attach an identity-based
// policy to the identity that acts as the principal in the request."
//
// A bucket of another account whose policy the data lacks is unknown, not
// refused: the policy may exist and allow. A bucket without owner facts
// and without a policy in the data keeps the earlier rule (SPEC §9: the
// bucket is taken to be in the role's account, the role's policies decide
// alone).
func (p *planner) bucketSide(r *Request, bucket string) {
	if p.bucketMissing(r, bucket) {
		return
	}
	r.ResourcePolicy = p.w.Inventory.BucketPolicy(bucket)
	if r.ResourcePolicy == nil {
		// collect could not read the policy: it may deny, or allow
		// another account; the request is unknown, whoever owns the bucket.
		if g, ok := p.w.Inventory.ResourceGap("s3:GetBucketPolicy", bucket); ok {
			r.ResourcePolicy = &iam.NamedPolicy{Label: fmt.Sprintf("%s (collect could not read it: %s, %s)",
				inventory.BucketPolicyLabel(bucket), g.Code, g.Source.File)}
			r.PolicyHelp = fmt.Sprintf("allow s3:GetBucketPolicy on arn:aws:s3:::%s to the identity collect runs as and collect again, "+
				"or add the output of aws s3api get-bucket-policy --bucket %s with --iam", bucket, bucket)
		}
	}
	facts, _ := p.w.Inventory.Bucket(bucket)
	switch {
	case facts.Owner != "":
		r.ResourceAccount = facts.Owner
		if r.ResourcePolicy == nil && facts.Owner != p.account {
			p.otherAccountBucket(r, facts)
		}
	case r.ResourcePolicy == nil:
		// No owner in the data: taken to be the role's account (SPEC §9),
		// which an RCP must not rely on (AccountAssumed).
		r.ResourceAccount, r.AccountAssumed = p.account, true
	}
}

// bucketMissing fails a request on a bucket that S3 said does not exist
// (NoSuchBucket, inventory/bucket_missing.go): neither the role's nor the
// bucket's policies matter, and a gap of a later call on it is moot.
func (p *planner) bucketMissing(r *Request, bucket string) bool {
	facts, _ := p.w.Inventory.Bucket(bucket)
	if !facts.Access.NoBucket {
		return false
	}
	r.NotFound = fmt.Sprintf("bucket %s does not exist (S3 answered NoSuchBucket when the data was collected, %s)",
		bucket, facts.Access.NoBucketSource.File)
	r.NotFoundHelp = BucketNotFoundHelp(bucket)
	return true
}

// BucketNotFoundHelp is the help of a statement on a bucket that does not
// exist (package checks says it too).
func BucketNotFoundHelp(bucket string) string {
	return fmt.Sprintf("create bucket %s (in the account and region the statement expects) or fix the bucket name; "+
		"the fact is as of the collect run: if the bucket was created since, collect again", bucket)
}

// otherAccountBucket decides the bucket's side of a request from another
// account when the data holds no bucket policy. Only a bucket policy or
// an ACL can allow another account; a bucket known to have no policy
// (S3 answered NoSuchBucketPolicy) whose ACLs are disabled allows nothing,
// so the request is refused:
//
// IAM User Guide, "Cross-account policy evaluation logic": "To allow
// cross-account access, you attach a resource-based policy to the
// resource that you want to share. You must also attach an
// identity-based policy to the identity that acts as the principal in the
// request."
// Amazon S3 API Reference, OwnershipControlsRule: "BucketOwnerEnforced -
// Access control lists (ACLs) are disabled and no longer affect
// permissions."
//
// With ACLs enabled or not known to be disabled an ACL may grant the
// account, and without the NoSuchBucketPolicy fact the policy may exist:
// both unknown, naming what is missing.
func (p *planner) otherAccountBucket(r *Request, facts inventory.BucketFacts) {
	bucket, a := facts.Name, facts.Access
	switch {
	case a.NoPolicy && a.ObjectOwnership == inventory.ACLsDisabled:
		r.CrossAccount = fmt.Sprintf("%s may not %s on bucket %s, which %s needs: it is account %s's, has no bucket policy (%s) "+
			"and its ACLs are disabled (BucketOwnerEnforced, %s), so nothing allows %s of account %s "+
			"(IAM: cross-account access needs a resource-based policy on the resource and an identity-based policy)",
			shortRole(p.role), r.Action, bucket, p.st.Kind.Words(), facts.Owner, a.NoPolicySource.File,
			a.ObjectOwnershipSource.File, shortRole(p.role), p.account)
		r.CrossAccountHelp = fmt.Sprintf("add a bucket policy to %s (in account %s) that allows %s %s", bucket, facts.Owner, p.role, r.Action)
	case a.NoPolicy:
		acls := "ACLs not known to be disabled: no get-bucket-ownership-controls output"
		if g, ok := p.w.Inventory.ResourceGap("s3:GetBucketOwnershipControls", bucket); ok {
			acls = fmt.Sprintf("ACLs not known to be disabled: collect could not read the ownership controls: %s, %s", g.Code, g.Source.File)
		}
		if a.ObjectOwnership != "" {
			acls = fmt.Sprintf("ACLs enabled: ObjectOwnership %s, %s", a.ObjectOwnership, a.ObjectOwnershipSource.File)
		}
		r.ResourcePolicy = &iam.NamedPolicy{Label: fmt.Sprintf("the ACL grants of bucket %s (no bucket policy, %s; %s)", bucket, a.NoPolicySource.File, acls)}
		r.PolicyHelp = fmt.Sprintf("an ACL of %s may grant account %s: add the output of aws s3api get-bucket-ownership-controls --bucket %s "+
			`with "Bucket": "%s" added (BucketOwnerEnforced disables ACLs), or run collect with the SQL`, bucket, p.account, bucket, bucket)
	default:
		r.ResourcePolicy = &iam.NamedPolicy{Label: inventory.BucketPolicyLabel(bucket)}
		r.PolicyHelp = fmt.Sprintf("add the output of aws s3api get-bucket-policy --bucket %s (run as account %s) with --iam; "+
			"a bucket of another account without a policy refuses %s", bucket, facts.Owner, p.role)
	}
}

// functionGap: collect could not read the function's policy (a gap of
// lambda:GetPolicy on the name the SQL gives), so the request is unknown
// rather than decided by the role's policies alone.
func functionGap(inv *inventory.Inventory, r *Request, name string) {
	if r.ResourcePolicy != nil || r.Unknown != "" {
		return
	}
	if g, ok := inv.ResourceGap("lambda:GetPolicy", name); ok {
		r.ResourcePolicy = &iam.NamedPolicy{Label: fmt.Sprintf("%s (collect could not read it: %s, %s)",
			inventory.FunctionPolicyLabel(r.Resource), g.Code, g.Source.File)}
		r.PolicyHelp = fmt.Sprintf("allow lambda:GetPolicy on %s to the identity collect runs as and collect again, "+
			"or add the output of aws lambda get-policy --function-name %s with --iam", r.Resource, name)
	}
}
