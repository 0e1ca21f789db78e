package load_test

import (
	"testing"

	. "github.com/redshift-preflight/redshift-preflight/inventory/internal/invtest"
)

const (
	ownEnforced = `{"OwnershipControls":{"Rules":[{"ObjectOwnership":"BucketOwnerEnforced"}]},"Bucket":"partner"}`
	ownWriter   = `{"Bucket":"legacy","OwnershipControls":{"Rules":[{"ObjectOwnership":"ObjectWriter"}]}}`
	noPolicy    = `{"Bucket":"partner","NoSuchBucketPolicy":true}`
)

// TestBucketAccess: ownership controls and the NoSuchBucketPolicy fact.
func TestBucketAccess(t *testing.T) {
	inv, err := LoadMem("o.json", ownEnforced, "w.json", ownWriter, "n.json", noPolicy)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := inv.Bucket("partner")
	if a := b.Access; !a.NoPolicy || a.NoPolicySource.String() != "n.json: NoSuchBucketPolicy" ||
		a.ObjectOwnership != "BucketOwnerEnforced" || a.ObjectOwnershipSource.String() != "o.json: OwnershipControls.Rules[0].ObjectOwnership" {
		t.Errorf("partner: %+v", a)
	}
	if b, _ := inv.Bucket("legacy"); b.Access.NoPolicy || b.Access.ObjectOwnership != "ObjectWriter" {
		t.Errorf("legacy: %+v", b.Access)
	}
}

// TestBucketAccessErrors: exact messages naming file and JSON path.
func TestBucketAccessErrors(t *testing.T) {
	policy := `{"Policy":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::partner/*\"}]}"}`
	for _, tc := range []struct {
		files []string
		want  string
	}{
		{[]string{"o.json", `{"OwnershipControls":{"Rules":[{"ObjectOwnership":"BucketOwnerEnforced"}]}}`},
			`o.json: aws s3api get-bucket-ownership-controls output does not name its bucket: add "Bucket": "<bucket name>" as a top-level member`},
		{[]string{"n.json", `{"NoSuchBucketPolicy":true}`},
			`n.json: a NoSuchBucketPolicy file does not name its bucket: add "Bucket": "<bucket name>" as a top-level member`},
		{[]string{"n.json", `{"Bucket":"b","NoSuchBucketPolicy":false}`},
			`n.json: NoSuchBucketPolicy: want true (S3 answered NoSuchBucketPolicy: the bucket has no policy); leave the file out otherwise`},
		{[]string{"o.json", `{"Bucket":"b","OwnershipControls":{"Rules":[]}}`},
			`o.json: OwnershipControls.Rules: want a rule with ObjectOwnership (BucketOwnerEnforced, BucketOwnerPreferred or ObjectWriter)`},
		{[]string{"a.json", ownEnforced, "b.json", `{"Bucket":"partner","OwnershipControls":{"Rules":[{"ObjectOwnership":"ObjectWriter"}]}}`},
			`b.json: OwnershipControls.Rules[0].ObjectOwnership: conflicting definitions of bucket partner: the ObjectOwnership ObjectWriter differs from the one at a.json: OwnershipControls.Rules[0].ObjectOwnership`},
		{[]string{"n.json", noPolicy, "p.json", policy},
			`n.json: NoSuchBucketPolicy: conflicting definitions of bucket partner: NoSuchBucketPolicy (no bucket policy) differs from the one at p.json: Policy`},
	} {
		_, err := LoadMem(tc.files...)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%v:\n got %v\nwant %s", tc.files, err, tc.want)
		}
	}
}

// FuzzBucketAccess loads arbitrary bytes beside valid bucket access
// files: no panic, a *LoadError or an inventory.
func FuzzBucketAccess(f *testing.F) {
	for _, s := range []string{ownEnforced, ownWriter, noPolicy, noBucket, `{"Bucket":1,"NoSuchBucketPolicy":true}`, `{"OwnershipControls":{"Rules":[{}]},"Bucket":"x"}`,
		`{"Bucket":"partner","NoSuchBucket":true}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, files := range [][]string{{"x.json", string(data)}, {"o.json", ownEnforced, "x.json", string(data), "n.json", noPolicy}} {
			inv, err := LoadMem(files...)
			CheckLoad(t, inv, err)
		}
	})
}
