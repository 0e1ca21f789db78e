package checks

import (
	"fmt"

	"github.com/redshift-preflight/redshift-preflight/access"
	"github.com/redshift-preflight/redshift-preflight/redshift"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// runBucketNotFound reports a statement that uses an S3 bucket which, by
// the data, does not exist: S3 answered NoSuchBucket when collect asked
// about it (inventory/bucket_missing.go). Redshift's request on it fails
// whatever the roles may do, so the statement fails; the operation's
// checks on the bucket fail with this rule as their reason (package
// access), not as permission-missing or permission-unknown.
//
// Amazon S3 API Reference, "Error responses", List of error codes
// (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList):
// "NoSuchBucket: The specified bucket does not exist." A bucket that
// exists but is another account's is answered 403 AccessDenied (405 for
// GetBucketPolicy), never NoSuchBucket, so the fact is not a permission
// problem in disguise.
//
// The buckets are those collect reads for the statement: its target's,
// and for a COPY the buckets of the objects a local copy of its manifest
// lists and of its JSONPaths file (regionBuckets). Each missing bucket is
// one finding per statement, at its first keyword.
func runBucketNotFound(p *Pass) {
	w := p.Config.World
	if w == nil || w.Inventory == nil {
		return
	}
	seen := map[*sqlparse.Statement]bool{}
	for _, ri := range p.Refs {
		st := ri.Statement
		if seen[st] || ri.Ref.Target == nil || ri.Ref.Target.Kind != redshift.TargetS3 {
			continue
		}
		seen[st] = true
		for _, b := range regionBuckets(st, ri.Ref.Target.URI, p.Config.Manifests) {
			facts, _ := w.Inventory.Bucket(b.name)
			if !facts.Access.NoBucket {
				continue
			}
			msg := fmt.Sprintf("bucket %s%s does not exist: S3 answered NoSuchBucket when the data was collected (%s), so %s fails",
				b.name, b.how, facts.Access.NoBucketSource.File, st.Kind.Words())
			p.Report(ri.Index, st.Keyword, msg, access.BucketNotFoundHelp(b.name))
		}
	}
}
