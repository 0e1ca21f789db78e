package inventory

import (
	"sort"
	"strings"
)

// Bucket facts: the region a bucket is in and the account that owns it.
// They come from two AWS CLI outputs, each of which lacks one name that
// the tool needs, so a file adds it as one more top-level member
// (redshift-preflight collect writes the same shape):
//
//   - aws s3api list-buckets, run with an account's credentials, lists the
//     buckets that account owns ({"Buckets": [{"Name", "CreationDate",
//     "BucketRegion"?}], "Owner": {...}}); Owner is the canonical user id,
//     not the account id, so the file adds "Account": "123456789012".
//   - aws s3api get-bucket-location --bucket B ({"LocationConstraint": R})
//     does not name B, so the file adds "Bucket": "B".
//
// Amazon S3 API Reference, GetBucketLocation, LocationConstraint
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLocation.html):
// "Buckets in Region us-east-1 have a LocationConstraint of null. Buckets
// with a LocationConstraint of EU reside in eu-west-1."

// BucketFacts is what the data says about one bucket; an empty Region or
// Owner is not known.
type BucketFacts struct {
	Name                      string
	Region, Owner             string
	RegionSource, OwnerSource Source
	// DefaultKey is the bucket's SSE-KMS default key (get-bucket-encryption,
	// kms.go) as S3 gives it: a key ARN, key id or alias, alias/aws/s3 when
	// SSE-KMS names no key; "" when not known or not SSE-KMS.
	DefaultKey       string
	DefaultKeySource Source
	// Access: no bucket policy, ACLs disabled (bucket_access.go).
	Access BucketAccess
}

// bucketFile is what one file says about buckets, before the name the CLI
// output lacks is checked.
type bucketFile struct {
	listed       bool // list-buckets output: Buckets was read
	buckets      []listedBucket
	account      string
	accountAt    Source
	location     bool // get-bucket-location output: LocationConstraint was read
	region       string
	regionAt     Source
	bucket       string
	bucketAt     Source
	accountGiven bool
	bucketGiven  bool
	access       *bucketAccessFile // bucket_access.go
}

type listedBucket struct {
	name, region string
	at           Source
}

func (f *File) bucketData() *bucketFile {
	if f.bucketInfo == nil {
		f.bucketInfo = &bucketFile{}
	}
	return f.bucketInfo
}

// AddListedBucket records one bucket of list-buckets output; region is its
// BucketRegion, "" when the output has none.
func (f *File) AddListedBucket(name, region string, at Source) {
	b := f.bucketData()
	b.listed = true
	b.buckets = append(b.buckets, listedBucket{name: name, region: region, at: at})
}

// ListsBuckets marks the file as list-buckets output (it may list none).
func (f *File) ListsBuckets() { f.bucketData().listed = true }

// SetBucketsAccount records the file's Account member: the account that
// owns the buckets list-buckets lists.
func (f *File) SetBucketsAccount(account string, at Source) {
	b := f.bucketData()
	b.account, b.accountAt, b.accountGiven = account, at, true
}

// SetBucketLocation records get-bucket-location's LocationConstraint, as
// the region it means.
func (f *File) SetBucketLocation(constraint string, at Source) {
	b := f.bucketData()
	b.location, b.region, b.regionAt = true, LocationRegion(constraint), at
}

// SetLocationBucket records the file's Bucket member: the bucket that
// get-bucket-location output is about.
func (f *File) SetLocationBucket(name string, at Source) {
	b := f.bucketData()
	b.bucket, b.bucketAt, b.bucketGiven = name, at, true
}

// LocationRegion is the region a LocationConstraint names: null or "" is
// us-east-1, EU is eu-west-1.
func LocationRegion(constraint string) string {
	switch constraint {
	case "":
		return "us-east-1"
	case "EU":
		return "eu-west-1"
	}
	return constraint
}

// Bucket returns what the data says about a bucket.
func (inv *Inventory) Bucket(name string) (BucketFacts, bool) {
	b := inv.buckets[name]
	if b == nil {
		return BucketFacts{Name: name}, false
	}
	return *b, true
}

// BucketNames lists, sorted, the buckets the data has facts about.
func (inv *Inventory) BucketNames() []string {
	names := make([]string, 0, len(inv.buckets))
	for n := range inv.buckets {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// addBuckets merges a file's bucket facts: a fact given twice must agree.
func (b *Builder) addBuckets(f *File) error {
	d := f.bucketInfo
	if d == nil {
		return nil
	}
	if d.listed {
		if !d.accountGiven {
			return InFile(DataError(`aws s3api list-buckets output does not say which account owns the buckets: `+
				`add "Account": "<12-digit account id>" (the account whose credentials listed them) as a top-level member`), f.Name())
		}
		if !accountDigits(d.account) {
			return &LoadError{File: d.accountAt.File, Path: d.accountAt.Path, Msg: "want a 12-digit account id, got " + Short(d.account)}
		}
		for _, lb := range d.buckets {
			if err := b.bucketFact(lb.name, "", d.account, lb.at); err != nil {
				return err
			}
			if lb.region != "" {
				if err := b.bucketFact(lb.name, lb.region, "", lb.at); err != nil {
					return err
				}
			}
		}
	}
	if err := b.addBucketAccess(f, d); err != nil {
		return err
	}
	if d.location {
		if !d.bucketGiven || d.bucket == "" {
			return InFile(DataError(`aws s3api get-bucket-location output does not name its bucket: `+
				`add "Bucket": "<bucket name>" as a top-level member`), f.Name())
		}
		return b.bucketFact(d.bucket, d.region, "", d.regionAt)
	}
	return nil
}

// bucketFact merges one region or owner fact.
func (b *Builder) bucketFact(name, region, owner string, at Source) error {
	cur := b.bucketFacts(name)
	switch {
	case region != "" && cur.Region == "":
		cur.Region, cur.RegionSource = region, at
	case region != "" && cur.Region != region:
		return Conflict("bucket "+name, at, cur.RegionSource, "the region "+region)
	case owner != "" && cur.Owner == "":
		cur.Owner, cur.OwnerSource = owner, at
	case owner != "" && cur.Owner != owner:
		return Conflict("bucket "+name, at, cur.OwnerSource, "the owner account "+owner)
	}
	return nil
}

func accountDigits(s string) bool {
	return len(s) == 12 && strings.Trim(s, "0123456789") == ""
}
