package load_test

import (
	"testing"

	. "github.com/redshift-preflight/redshift-preflight/inventory/internal/invtest"
)

const noBucket = `{"Bucket":"staging","NoSuchBucket":true}`

// TestNoSuchBucket: the fact is read with its place, and the same fact
// twice agrees.
func TestNoSuchBucket(t *testing.T) {
	inv, err := LoadMem("n.json", noBucket, "m.json", noBucket)
	if err != nil {
		t.Fatal(err)
	}
	b, ok := inv.Bucket("staging")
	if !ok || !b.Access.NoBucket || b.Access.NoBucketSource.String() != "n.json: NoSuchBucket" {
		t.Errorf("staging: %v %+v", ok, b.Access)
	}
	if b, _ := inv.Bucket("other"); b.Access.NoBucket {
		t.Error("a bucket the data does not name is not missing")
	}
}

// TestNoSuchBucketErrors: exact messages; a missing bucket with a fact
// only an existing bucket has is a conflict naming both places.
func TestNoSuchBucketErrors(t *testing.T) {
	policy := `{"Policy":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::staging/*\"}]}"}`
	const conflict = `n.json: NoSuchBucket: conflicting definitions of bucket staging: NoSuchBucket (the bucket does not exist) differs from the one at `
	for _, tc := range []struct {
		files []string
		want  string
	}{
		{[]string{"n.json", `{"NoSuchBucket":true}`},
			`n.json: a NoSuchBucket file does not name its bucket: add "Bucket": "<bucket name>" as a top-level member`},
		{[]string{"n.json", `{"Bucket":"staging","NoSuchBucket":false}`},
			`n.json: NoSuchBucket: want true (S3 answered NoSuchBucket: the bucket does not exist); leave the file out otherwise`},
		{[]string{"n.json", `{"Bucket":"staging","NoSuchBucket":"yes"}`},
			`n.json: NoSuchBucket: want a boolean, got string`},
		{[]string{"n.json", noBucket, "l.json", `{"Bucket":"staging","LocationConstraint":null}`},
			conflict + `l.json: LocationConstraint`},
		{[]string{"n.json", noBucket, "b.json", `{"Buckets":[{"Name":"staging"}],"Account":"111111111111"}`},
			conflict + `b.json: Buckets[0]`},
		{[]string{"n.json", noBucket, "p.json", policy},
			conflict + `p.json: Policy`},
		{[]string{"n.json", noBucket, "q.json", `{"Bucket":"staging","NoSuchBucketPolicy":true}`},
			conflict + `q.json: NoSuchBucketPolicy`},
		{[]string{"n.json", noBucket, "o.json", `{"Bucket":"staging","OwnershipControls":{"Rules":[{"ObjectOwnership":"BucketOwnerEnforced"}]}}`},
			conflict + `o.json: OwnershipControls.Rules[0].ObjectOwnership`},
		{[]string{"n.json", `{"Bucket":"staging","NoSuchBucket":true,"LocationConstraint":null}`},
			`n.json: ambiguous export: the top-level keys are those of aws s3api get-bucket-location and a NoSuchBucket file output; give each export its own file`},
	} {
		_, err := LoadMem(tc.files...)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%v:\n got %v\nwant %s", tc.files, err, tc.want)
		}
	}
}
