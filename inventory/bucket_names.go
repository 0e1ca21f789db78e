package inventory

import "sort"

// BucketPolicyBuckets lists, sorted, the buckets whose policy the data
// holds: a request on objects in any bucket (COPY ... MANIFEST without the
// manifest's entries) must be allowed by each of them too.
func (inv *Inventory) BucketPolicyBuckets() []string {
	var out []string
	for _, r := range inv.resources {
		if r.kind == KindBucketPolicy {
			out = append(out, r.name)
		}
	}
	sort.Strings(out)
	return out
}
