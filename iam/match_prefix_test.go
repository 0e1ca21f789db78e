package iam

import "testing"

func TestMatchResourcePrefix(t *testing.T) {
	const prefix = "arn:aws:s3:::bucket/data/"
	for _, tc := range []struct {
		pattern string
		want    bool
	}{
		{"arn:aws:s3:::bucket/data/secret/*", true},
		{"arn:aws:s3:::bucket/*", true},
		{"arn:aws:s3:::bucket/data/", true},
		{"arn:aws:s3:::bucket/*secret*", true},
		{"*", true},
		{"arn:aws:s3:::bucket/other/*", false},
		{"arn:aws:s3:::other-bucket/*", false},
		{"arn:aws:s3:::bucket/DATA/*", false}, // the resource part is case-sensitive
		{"arn:aws:s3:::bucket/dat", false},
		{"arn:aws:s3:::bucket/data/?", true},
	} {
		if got := MatchResourcePrefix(tc.pattern, prefix); got != tc.want {
			t.Errorf("MatchResourcePrefix(%q, %q) = %v, want %v", tc.pattern, prefix, got, tc.want)
		}
	}
}
