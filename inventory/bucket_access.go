package inventory

// Bucket access facts beside the bucket policy: that a bucket has no
// policy, and whether its ACLs are disabled. Together with the owner they
// decide a request from another account that no policy in the data
// allows: with no bucket policy and ACLs disabled nothing on the bucket's
// side can allow it.
//
//   - aws s3api get-bucket-ownership-controls --bucket B
//     ({"OwnershipControls": {"Rules": [{"ObjectOwnership": O}]}}) adds
//     "Bucket": "B". Amazon S3 API Reference, OwnershipControlsRule:
//     "BucketOwnerEnforced - Access control lists (ACLs) are disabled and
//     no longer affect permissions."
//   - aws s3api get-bucket-policy on a bucket without a policy prints no
//     JSON but the error NoSuchBucketPolicy; the file records that answer
//     as {"Bucket": "B", "NoSuchBucketPolicy": true} (collect writes it as
//     s3-nopolicy-B.json).

// ACLsDisabled is the ObjectOwnership that disables ACLs.
const ACLsDisabled = "BucketOwnerEnforced"

// BucketAccess is what the data says about a bucket beside its policy.
type BucketAccess struct {
	// NoPolicy: S3 answered NoSuchBucketPolicy; NoPolicySource is where.
	NoPolicy       bool
	NoPolicySource Source
	// ObjectOwnership is get-bucket-ownership-controls' ObjectOwnership;
	// "" when not known.
	ObjectOwnership       string
	ObjectOwnershipSource Source
	// NoBucket: S3 answered NoSuchBucket, the bucket did not exist when
	// the data was collected (bucket_missing.go); NoBucketSource is where.
	NoBucket       bool
	NoBucketSource Source
}

// bucketAccessFile is what one file says.
type bucketAccessFile struct {
	noPolicy    bool
	noPolicyAt  Source
	ownership   string
	ownershipAt Source
	controls    bool // OwnershipControls was read
	noBucket    bool
	noBucketAt  Source
}

func (f *File) bucketAccessData() *bucketAccessFile {
	b := f.bucketData()
	if b.access == nil {
		b.access = &bucketAccessFile{}
	}
	return b.access
}

// SetNoBucketPolicy records the NoSuchBucketPolicy member.
func (f *File) SetNoBucketPolicy(at Source) {
	a := f.bucketAccessData()
	a.noPolicy, a.noPolicyAt = true, at
}

// SetObjectOwnership records get-bucket-ownership-controls' first rule.
func (f *File) SetObjectOwnership(ownership string, at Source) {
	a := f.bucketAccessData()
	a.controls, a.ownership, a.ownershipAt = true, ownership, at
}

// addBucketAccess merges a file's bucket access facts, which need the
// Bucket member; a fact given twice must agree.
func (b *Builder) addBucketAccess(f *File, d *bucketFile) error {
	a := d.access
	if a == nil {
		return nil
	}
	if !d.bucketGiven || d.bucket == "" {
		what := "aws s3api get-bucket-ownership-controls output"
		switch {
		case a.noBucket:
			what = "a NoSuchBucket file"
		case !a.controls:
			what = "a NoSuchBucketPolicy file"
		}
		return InFile(DataError(what+` does not name its bucket: add "Bucket": "<bucket name>" as a top-level member`), f.Name())
	}
	cur := b.bucketFacts(d.bucket)
	if a.noPolicy {
		cur.Access.NoPolicy, cur.Access.NoPolicySource = true, a.noPolicyAt
	}
	if a.noBucket && !cur.Access.NoBucket { // the same fact twice agrees: the first place is named
		cur.Access.NoBucket, cur.Access.NoBucketSource = true, a.noBucketAt
	}
	if a.controls {
		switch {
		case cur.Access.ObjectOwnership == "":
			cur.Access.ObjectOwnership, cur.Access.ObjectOwnershipSource = a.ownership, a.ownershipAt
		case cur.Access.ObjectOwnership != a.ownership:
			return Conflict("bucket "+d.bucket, a.ownershipAt, cur.Access.ObjectOwnershipSource, "the ObjectOwnership "+a.ownership)
		}
	}
	return nil
}

// bucketFacts returns a bucket's facts, added when new.
func (b *Builder) bucketFacts(name string) *BucketFacts {
	if b.inv.buckets == nil {
		b.inv.buckets = map[string]*BucketFacts{}
	}
	cur := b.inv.buckets[name]
	if cur == nil {
		cur = &BucketFacts{Name: name}
		b.inv.buckets[name] = cur
	}
	return cur
}

// checkNoPolicy refuses data that says a bucket has no policy and gives
// its policy.
func (b *Builder) checkNoPolicy() error {
	for _, name := range b.inv.BucketNames() {
		f := b.inv.buckets[name]
		if !f.Access.NoPolicy {
			continue
		}
		if r := b.inv.resources[resourceKey(KindBucketPolicy, name)]; r != nil {
			return Conflict("bucket "+name, f.Access.NoPolicySource, r.source(), "NoSuchBucketPolicy (no bucket policy)")
		}
	}
	return nil
}
