package checks

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/inventory"
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
//
// The same holds for every bucket a COPY reads, not only the one FROM
// names: the buckets of the objects a COPY ... MANIFEST lists (when a
// local copy is given with --manifest) and the bucket of its JSONPaths
// file. The COPY page (REGION,
// https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-source-s3.html#copy-region):
// "If the REGION parameter is specified, all resources, including a
// manifest file or multiple Amazon S3 buckets, must be located in the
// specified Region." and "By default, COPY assumes that the data is
// located in the same Region as the Amazon Redshift cluster."; its
// MANIFEST paragraph: "The files that are specified in the manifest can be
// in different buckets, but all the buckets must be in the same AWS Region
// as the Amazon Redshift cluster."
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
		given, hasRegion := st.Option("REGION")
		reached := w.Cluster.Region
		if hasRegion {
			reached = strings.ToLower(given)
		}
		read := regionBuckets(st, ri.Ref.Target.URI, p.Config.Manifests)
		for _, b := range read {
			facts, ok := w.Inventory.Bucket(b.name)
			if !ok || facts.Region == "" || facts.Region == reached {
				continue
			}
			where := fmt.Sprintf("bucket %s%s is in %s (%s)", b.name, b.how, facts.Region, facts.RegionSource)
			msg := fmt.Sprintf("%s, not in the cluster's region %s, and %s has no REGION, so S3 refuses the request",
				where, w.Cluster.Region, st.Kind.Words())
			if hasRegion {
				msg = fmt.Sprintf("%s names REGION '%s', but %s, so S3 refuses the request", st.Kind.Words(), given, where)
			}
			p.Report(ri.Index, st.Keyword, msg, regionHelp(w.Inventory, st.Kind.Words(), hasRegion, read))
		}
	}
}

// regionBucket is one bucket a statement reaches, and how ("" for the
// bucket FROM or TO names).
type regionBucket struct{ name, how string }

// regionBuckets lists, once each in order, the buckets a statement reaches:
// its target's, then for a COPY those of the objects a local copy of its
// manifest lists, then its JSONPaths file's.
func regionBuckets(st *sqlparse.Statement, target string, manifests map[string][]string) []regionBucket {
	out := []regionBucket{{name: s3Bucket(target)}}
	add := func(uri, how string) {
		name := s3Bucket(uri)
		if name == "" || slices.ContainsFunc(out, func(b regionBucket) bool { return b.name == name }) {
			return
		}
		out = append(out, regionBucket{name, how})
	}
	if st.Kind == redshift.Unload {
		return out
	}
	if _, ok := st.Option("MANIFEST"); ok {
		for _, entry := range manifests[manifestKey(target)] {
			add(entry, ", which the manifest "+target+" lists,")
		}
	}
	if paths, _ := st.Option("JSONPATHS"); paths != "" {
		add(paths, ", which holds the JSONPaths file "+paths+",")
	}
	return out
}

// regionHelp: the REGION to write when every bucket of known region is in
// one (there is one: the bucket reported); when they are in several, no REGION can serve, since a COPY reads
// from one region.
func regionHelp(inv *inventory.Inventory, verb string, hasRegion bool, read []regionBucket) string {
	byRegion := map[string][]string{}
	for _, b := range read {
		if facts, ok := inv.Bucket(b.name); ok && facts.Region != "" {
			byRegion[facts.Region] = append(byRegion[facts.Region], b.name)
		}
	}
	regions := slices.Sorted(maps.Keys(byRegion))
	switch {
	case len(regions) > 1:
		parts := make([]string, len(regions))
		for i, r := range regions {
			parts[i] = r + ": " + strings.Join(byRegion[r], ", ")
		}
		return fmt.Sprintf("the buckets this %s reads are in several regions (%s), and it reads from one only: move the objects into buckets of one region, or split the %s",
			verb, strings.Join(parts, "; "), verb)
	case hasRegion:
		return fmt.Sprintf("write REGION '%s'", regions[0])
	}
	return fmt.Sprintf("add REGION '%s' to the %s", regions[0], verb)
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
