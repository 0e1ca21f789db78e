package job

import (
	"slices"
	"strings"
)

// Targets are the resources the SQL under collect's PATH arguments names,
// whose own facts collect reads beside the accounts' IAM data: the
// buckets of s3:// URLs (bucket policy, region, owner) and the Lambda
// functions of external functions (function policy). The command fills it
// from the checked references (it may import checks; this package may
// not); Add keeps each once, and the lists are sorted for stable runs.
type Targets struct {
	Buckets   []string
	Functions []string // names or ARNs, as the SQL writes them
	// KMSKeys are the KMS_KEY_ID values (key ids, ARNs, aliases): their
	// key policies are collected (kms.go).
	KMSKeys []string
}

// AddKMSKey records a KMS_KEY_ID value.
func (t *Targets) AddKMSKey(id string) {
	if id != "" {
		t.KMSKeys = insertSorted(t.KMSKeys, id)
	}
}

// Add records the target of one reference: kind as checks.Target names
// it (s3, lambda), uri as the SQL gives it. Other kinds are not collected.
func (t *Targets) Add(kind, uri string) {
	switch kind {
	case "s3":
		if b := bucketOf(uri); b != "" {
			t.Buckets = insertSorted(t.Buckets, b)
		}
	case "lambda":
		if validFunction(uri) {
			t.Functions = insertSorted(t.Functions, uri)
		}
	}
}

// bucketOf is the bucket of s3://bucket/key; "" for anything else or a
// bucket name S3 cannot have (it is used in file names).
func bucketOf(uri string) string {
	if len(uri) < 5 || !strings.EqualFold(uri[:5], "s3://") {
		return ""
	}
	b, _, _ := strings.Cut(uri[5:], "/")
	if !validBucket(b) {
		return ""
	}
	return b
}

// validBucket: 3 to 63 characters of lower-case letters, digits, dots and
// hyphens, as S3's bucket naming rules allow.
func validBucket(b string) bool {
	if len(b) < 3 || len(b) > 63 {
		return false
	}
	return strings.Trim(b, "abcdefghijklmnopqrstuvwxyz0123456789.-") == ""
}

// validFunction: a function name, or a full or partial ARN, of the
// characters Lambda allows in them (letters, digits, - _ and the ARN's :),
// at most 170 (the longest FunctionName GetPolicy takes). It becomes part
// of a file name.
func validFunction(fn string) bool {
	const allowed = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_:"
	return fn != "" && len(fn) <= 170 && strings.Trim(fn, allowed) == ""
}

func insertSorted(list []string, s string) []string {
	i, found := slices.BinarySearch(list, s)
	if found {
		return list
	}
	return slices.Insert(list, i, s)
}
