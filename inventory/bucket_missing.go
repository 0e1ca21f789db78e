package inventory

// A bucket that does not exist. S3 answers a request on a bucket name that
// no account has with the error code NoSuchBucket; a bucket that exists but
// is another account's is refused (403 AccessDenied, or 405 for
// GetBucketPolicy), never NoSuchBucket. Amazon S3 API Reference, "Error
// responses", List of error codes
// (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList):
// "NoSuchBucket: The specified bucket does not exist." (404 Not Found);
// GetBucketPolicy: "If you don't have GetBucketPolicy permissions, Amazon
// S3 returns a 403 Access Denied error. If you have the correct
// permissions, but you're not using an identity that belongs to the bucket
// owner's account, Amazon S3 returns a 405 Method Not Allowed error."
//
// The AWS CLI prints no JSON for that answer, so the fact is a file of its
// own, {"Bucket": "B", "NoSuchBucket": true}, which collect writes as
// s3-nobucket-B.json (a user without collect writes it after
// aws s3api get-bucket-location failed with NoSuchBucket). It holds as of
// the moment S3 answered: anyone may create the name later.

// SetNoSuchBucket records the NoSuchBucket member.
func (f *File) SetNoSuchBucket(at Source) {
	a := f.bucketAccessData()
	a.noBucket, a.noBucketAt = true, at
}

// checkMissingBuckets refuses data that says a bucket does not exist and
// also gives a fact only an existing bucket has: an owner, a region, a
// policy or its absence, ownership controls, a default key. Collect never
// writes both (a bucket some account lists is not recorded as missing);
// data that does mixes exports of different times.
func (b *Builder) checkMissingBuckets() error {
	for _, name := range b.inv.BucketNames() {
		f := b.inv.buckets[name]
		if !f.Access.NoBucket {
			continue
		}
		here, detail := f.Access.NoBucketSource, "NoSuchBucket (the bucket does not exist)"
		for _, there := range []struct {
			given bool
			at    Source
		}{
			{f.Owner != "", f.OwnerSource},
			{f.Region != "", f.RegionSource},
			{f.Access.NoPolicy, f.Access.NoPolicySource},
			{f.Access.ObjectOwnership != "", f.Access.ObjectOwnershipSource},
			{f.DefaultKey != "", f.DefaultKeySource},
		} {
			if there.given {
				return Conflict("bucket "+name, here, there.at, detail)
			}
		}
		if r := b.inv.resources[resourceKey(KindBucketPolicy, name)]; r != nil {
			return Conflict("bucket "+name, here, r.source(), detail)
		}
	}
	return nil
}
