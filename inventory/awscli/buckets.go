package awscli

import (
	"github.com/redshift-preflight/redshift-preflight/inventory"
	"github.com/redshift-preflight/redshift-preflight/inventory/internal/jsonpull"
)

// Bucket facts (inventory/bucket_facts.go): aws s3api list-buckets output
// with an added Account member, aws s3api get-bucket-location output with
// an added Bucket member.

// The members of a list-buckets entry that are read; BucketRegion is
// printed by newer CLI versions only.
type listedBucket struct {
	Name, BucketRegion string
}

// Buckets reads list-buckets' Buckets.
func Buckets(r *jsonpull.Reader, f *inventory.File) error {
	f.ListsBuckets()
	return decodeList(r, "Buckets", func(d *listedBucket, base string) error {
		if d.Name == "" {
			return inventory.DataError("missing Name")
		}
		f.AddListedBucket(d.Name, d.BucketRegion, f.Source(base))
		return nil
	})
}

// BucketLocation reads get-bucket-location's LocationConstraint: a region
// name, or null for us-east-1.
func BucketLocation(r *jsonpull.Reader, f *inventory.File) error {
	v, err := r.OptString()
	if err != nil {
		return err
	}
	f.SetBucketLocation(v, f.Source("LocationConstraint"))
	return nil
}

// BucketsAccount reads the Account member added to list-buckets output. A
// non-string Account is skipped: it is no member of a bucket file.
func BucketsAccount(r *jsonpull.Reader, f *inventory.File) error {
	if r.Kind() != '"' {
		return r.Skip()
	}
	v, err := r.String()
	if err != nil {
		return err
	}
	f.SetBucketsAccount(v, f.Source("Account"))
	return nil
}

// LocationBucket reads the Bucket member added to get-bucket-location output.
func LocationBucket(r *jsonpull.Reader, f *inventory.File) error {
	if r.Kind() != '"' {
		return r.Skip()
	}
	v, err := r.String()
	if err != nil {
		return err
	}
	f.SetLocationBucket(v, f.Source("Bucket"))
	return nil
}

type ownershipControls struct {
	Rules []struct{ ObjectOwnership string }
}

// OwnershipControls reads get-bucket-ownership-controls' OwnershipControls:
// the ObjectOwnership of its rule (S3 keeps one).
func OwnershipControls(r *jsonpull.Reader, f *inventory.File) error {
	var c ownershipControls
	if err := r.Decode(&c); err != nil {
		return err
	}
	if len(c.Rules) == 0 || c.Rules[0].ObjectOwnership == "" {
		return &inventory.LoadError{Path: "Rules", Msg: "want a rule with ObjectOwnership (BucketOwnerEnforced, BucketOwnerPreferred or ObjectWriter)"}
	}
	f.SetObjectOwnership(c.Rules[0].ObjectOwnership, f.Source("OwnershipControls.Rules[0].ObjectOwnership"))
	return nil
}

// NoSuchBucketPolicy reads the member that records get-bucket-policy's
// NoSuchBucketPolicy answer: true, the bucket has no policy.
func NoSuchBucketPolicy(r *jsonpull.Reader, f *inventory.File) error {
	return trueFact(r, "want true (S3 answered NoSuchBucketPolicy: the bucket has no policy); leave the file out otherwise",
		func() { f.SetNoBucketPolicy(f.Source("NoSuchBucketPolicy")) })
}

// NoSuchBucket reads the member that records S3's NoSuchBucket answer to a
// call on the bucket (get-bucket-location): true, the bucket does not
// exist (inventory/bucket_missing.go).
func NoSuchBucket(r *jsonpull.Reader, f *inventory.File) error {
	return trueFact(r, "want true (S3 answered NoSuchBucket: the bucket does not exist); leave the file out otherwise",
		func() { f.SetNoSuchBucket(f.Source("NoSuchBucket")) })
}

// trueFact reads the member of a file that records an S3 error answer as
// a fact: it must be true (false would be a file that says nothing, which
// is more likely a mistake than a statement), and set records it.
func trueFact(r *jsonpull.Reader, notTrue string, set func()) error {
	v, err := r.Bool()
	if err != nil {
		return err
	}
	if !v {
		return inventory.DataError(notTrue)
	}
	set()
	return nil
}
