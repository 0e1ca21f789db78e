package checks

import (
	"fmt"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/redshift"
	"github.com/redshift-preflight/redshift-preflight/sqlparse"
)

// runBucketRegionMismatch reports a COPY or UNLOAD whose bucket is in
// another region than the one the statement reaches: the cluster's when it
// has no REGION, else the REGION it names. The bucket's region comes from
// the data (aws s3api get-bucket-location or list-buckets, or collect).
// Without the bucket's or the cluster's region nothing is reported: the
// rule reports only what the data shows.
//
// Amazon Redshift Database Developer Guide, "COPY from Amazon S3"
// (https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-source-s3.html):
// "If the Amazon S3 buckets that hold the data files don't reside in the
// same AWS Region as your cluster, you must use the REGION parameter to
// specify the Region in which the data is located."
// "Load fails" (https://docs.aws.amazon.com/redshift/latest/dg/queries-troubleshooting-load-fails.html):
// "By default, the Amazon S3 bucket or Amazon DynamoDB table specified in
// the COPY command must be in the same AWS Region as the cluster. If your
// data and your cluster are in different Regions, you receive an error
// similar to the following: The bucket you are attempting to access must be
// addressed using the specified endpoint."
// UNLOAD (https://docs.aws.amazon.com/redshift/latest/dg/r_UNLOAD.html),
// REGION: "The AWS Region where the target Amazon S3 bucket is located.
// REGION is required for UNLOAD to an Amazon S3 bucket that isn't in the
// same AWS Region as the Amazon Redshift cluster."
func runBucketRegionMismatch(p *Pass) {
	w := p.Config.World
	if w == nil || w.Inventory == nil || w.Cluster == nil || w.Cluster.Region == "" {
		return
	}
	seen := map[*sqlparse.Statement]bool{}
	for _, ri := range p.Refs {
		st := ri.Statement
		if seen[st] || !regionMatters(st.Kind) || ri.Ref.Target == nil || ri.Ref.Target.Kind != redshift.TargetS3 {
			continue
		}
		seen[st] = true
		bucket := s3Bucket(ri.Ref.Target.URI)
		facts, ok := w.Inventory.Bucket(bucket)
		if !ok || facts.Region == "" {
			continue
		}
		given, hasRegion := st.Option("REGION")
		reached := w.Cluster.Region
		if hasRegion {
			reached = strings.ToLower(given)
		}
		if reached == facts.Region {
			continue
		}
		verb := st.Kind.Words()
		var msg, help string
		if hasRegion {
			msg = fmt.Sprintf("%s names REGION '%s', but bucket %s is in %s (%s), so S3 refuses the request",
				verb, given, bucket, facts.Region, facts.RegionSource)
			help = fmt.Sprintf("write REGION '%s'", facts.Region)
		} else {
			msg = fmt.Sprintf("bucket %s is in %s (%s), not in the cluster's region %s, and %s has no REGION, so S3 refuses the request",
				bucket, facts.Region, facts.RegionSource, w.Cluster.Region, verb)
			help = fmt.Sprintf("add REGION '%s' to the %s", facts.Region, verb)
		}
		p.Report(ri.Index, st.Keyword, msg, help)
	}
}

// regionMatters: the statements whose REGION says where the bucket is.
func regionMatters(k redshift.StatementKind) bool {
	return k == redshift.Copy || k == redshift.CopyJob || k == redshift.Unload
}

// s3Bucket is the bucket of s3://bucket/key; "" for another URI.
func s3Bucket(uri string) string {
	if len(uri) < 5 || !strings.EqualFold(uri[:5], "s3://") {
		return ""
	}
	bucket, _, _ := strings.Cut(uri[5:], "/")
	return bucket
}
