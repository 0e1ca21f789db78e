package load_test

import (
	"testing"

	. "github.com/redshift-preflight/redshift-preflight/inventory/internal/invtest"
)

const (
	listA    = `{"Buckets":[{"Name":"team","CreationDate":"2026-01-01T00:00:00+00:00","BucketRegion":"eu-central-1"},{"Name":"west"}],"Owner":{"DisplayName":"a","ID":"aa"},"Prefix":null,"Account":"111111111111"}`
	listB    = `{"Account":"222222222222","Buckets":[{"Name":"partner"}]}`
	locWest  = `{"LocationConstraint":"us-west-2","Bucket":"west"}`
	locNull  = `{"Bucket":"partner","LocationConstraint":null}`
	locEU    = `{"Bucket":"old","LocationConstraint":"EU"}`
	locEmpty = `{"Bucket":"empty","LocationConstraint":""}`
)

// TestBucketFacts: list-buckets with Account gives owners (and regions
// where BucketRegion is printed), get-bucket-location with Bucket gives
// regions (null and "" are us-east-1, EU is eu-west-1).
func TestBucketFacts(t *testing.T) {
	inv, err := LoadMem("a.json", listA, "b.json", listB, "w.json", locWest, "p.json", locNull, "eu.json", locEU, "e.json", locEmpty)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ bucket, region, owner, regionAt, ownerAt string }{
		{"team", "eu-central-1", "111111111111", "a.json: Buckets[0]", "a.json: Buckets[0]"},
		{"west", "us-west-2", "111111111111", "w.json: LocationConstraint", "a.json: Buckets[1]"},
		{"partner", "us-east-1", "222222222222", "p.json: LocationConstraint", "b.json: Buckets[0]"},
		{"old", "eu-west-1", "", "eu.json: LocationConstraint", ""},
		{"empty", "us-east-1", "", "e.json: LocationConstraint", ""},
	} {
		b, ok := inv.Bucket(tc.bucket)
		if !ok || b.Region != tc.region || b.Owner != tc.owner || b.RegionSource.String() != tc.regionAt ||
			(tc.owner != "" && b.OwnerSource.String() != tc.ownerAt) {
			t.Errorf("Bucket(%s) = %+v, %v; want region %s (%s), owner %s (%s)", tc.bucket, b, ok, tc.region, tc.regionAt, tc.owner, tc.ownerAt)
		}
	}
	if _, ok := inv.Bucket("nope"); ok {
		t.Error("a bucket the data does not name must not be known")
	}
}

// TestBucketFactsErrors: the member the CLI output lacks is required, and
// two files must agree; each message names the file and the JSON path.
func TestBucketFactsErrors(t *testing.T) {
	for _, tc := range []struct {
		files []string
		want  string
	}{
		{[]string{"l.json", `{"Buckets":[],"Owner":{}}`},
			`l.json: aws s3api list-buckets output does not say which account owns the buckets: add "Account": "<12-digit account id>" (the account whose credentials listed them) as a top-level member`},
		{[]string{"l.json", `{"Buckets":[{"Name":"x"}],"Account":"12345"}`}, `l.json: Account: want a 12-digit account id, got "12345"`},
		{[]string{"l.json", `{"Buckets":[{"CreationDate":"x"}],"Account":"111111111111"}`}, `l.json: Buckets[0]: missing Name`},
		{[]string{"g.json", `{"LocationConstraint":"us-west-2"}`},
			`g.json: aws s3api get-bucket-location output does not name its bucket: add "Bucket": "<bucket name>" as a top-level member`},
		{[]string{"g.json", `{"LocationConstraint":3,"Bucket":"b"}`}, `g.json: LocationConstraint: want a string, got number`},
		{[]string{"a.json", locWest, "b.json", `{"Bucket":"west","LocationConstraint":"eu-west-3"}`},
			`b.json: LocationConstraint: conflicting definitions of bucket west: the region eu-west-3 differs from the one at a.json: LocationConstraint`},
		{[]string{"a.json", listA, "b.json", `{"Account":"222222222222","Buckets":[{"Name":"west"}]}`},
			`b.json: Buckets[0]: conflicting definitions of bucket west: the owner account 222222222222 differs from the one at a.json: Buckets[1]`},
		{[]string{"x.json", `{"Buckets":[],"Account":"111111111111","LocationConstraint":null}`},
			`x.json: ambiguous export: the top-level keys are those of aws s3api list-buckets and aws s3api get-bucket-location output; give each export its own file`},
		{[]string{"c.json", `{"Buckets":[],"Account":"111111111111","ContinuationToken":"abc"}`},
			`c.json: ContinuationToken: the export is incomplete (ContinuationToken is set, more pages follow): export with the AWS CLI without --max-items, which fetches every page`},
	} {
		_, err := LoadMem(tc.files...)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%v:\n got %v\nwant %s", tc.files, err, tc.want)
		}
	}
}

// FuzzBucketFacts loads arbitrary bytes as a bucket file beside valid
// ones: no panic, a *LoadError or an inventory whose every bucket has a
// name and whose regions and owners came from some file.
func FuzzBucketFacts(f *testing.F) {
	for _, s := range []string{listA, listB, locWest, locNull, locEU, locEmpty, `{"Buckets":[],"Account":1}`, `{"Bucket":["x"],"LocationConstraint":"a"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, files := range [][]string{{"x.json", string(data)}, {"a.json", listA, "x.json", string(data), "w.json", locWest}} {
			inv, err := LoadMem(files...)
			CheckLoad(t, inv, err)
			if err != nil {
				continue
			}
			for _, name := range inv.BucketNames() {
				b, ok := inv.Bucket(name)
				if !ok || b.Name != name || (b.Region != "" && b.RegionSource.File == "") || (b.Owner != "" && b.OwnerSource.File == "") {
					t.Fatalf("bucket %q: %+v", name, b)
				}
			}
		}
	})
}
