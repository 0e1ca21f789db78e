package access

import (
	"fmt"

	"github.com/redshift-preflight/redshift-preflight/chain"
	"github.com/redshift-preflight/redshift-preflight/inventory"
)

// manifestEntries adds what COPY ... MANIFEST reads besides the manifest:
// the objects it lists. With a local copy (--manifest) each listed URL is
// one object. Without one the entries are not in the data, and they may
// name any object in any bucket, so only a role that may read every
// object there is certainly able to read them.
//
// Amazon Redshift Database Developer Guide, "COPY from Amazon S3"
// (https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-source-s3.html):
// "The manifest is a text file in JSON format that lists the URL of each
// file that is to be loaded from Amazon S3. The URL includes the bucket
// name and full object path for the file. The files that are specified in
// the manifest can be in different buckets, but all the buckets must be in
// the same AWS Region as the Amazon Redshift cluster."
func (p *planner) manifestEntries(uri string) {
	if p.st.ManifestSupplied {
		for _, url := range p.st.ManifestEntries {
			p.s3Object(url, "s3:GetObject")
		}
		return
	}
	p.s3Objects("s3:GetObject", "", "", true) // arn:PARTITION:s3:::*, every object
	r := p.last()
	r.Resource = p.s3ARN("")
	r.Open = "the objects the manifest " + uri + " lists (its entries are not in the data)"
	r.OpenHelp = "pass a local copy of the manifest with --manifest " + uri + "=FILE (or the manifests table of " +
		".redshift-preflight.toml) to check each object it lists"
	r.EveryBucket = true
}

// everyBucket: a request allowed on every object of every bucket must also
// be allowed by each bucket policy in the data, for the manifest may list
// objects in any of those buckets. One that does not certainly allow makes
// the check unknown, not failed: the manifest may list nothing there.
func everyBucket(inv *inventory.Inventory, who chain.Principal, req Request, c Check) Check {
	for _, bucket := range inv.BucketPolicyBuckets() {
		sub := req
		sub.Resource, sub.EveryBucket = req.Resource+bucket+"/", false
		sub.ResourcePolicy, sub.ResourceAccount = inv.BucketPolicy(bucket), ""
		if sc := Evaluate(inv, who, sub); sc.Verdict != chain.VerdictOK {
			c.Verdict, c.Reason, c.Statements, c.Deciding = chain.VerdictUnknown, chain.NoReason, sc.Statements, sc.Deciding
			c.Message = fmt.Sprintf("%s may %s on every object, but the %s does not certainly allow it on every object of %s, and %s may be there",
				who.Name(), req.Action, sub.ResourcePolicy.Label, bucket, req.Open)
			c.Help = req.OpenHelp
			return c
		}
	}
	return c
}
