package inventory_test

import (
	"strconv"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/inventory"
	. "github.com/redshift-preflight/redshift-preflight/inventory/internal/invtest"
)

const (
	bucketDoc = `{"Version":"2012-10-17","Statement":[{"Sid":"ReadExports","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/R"},` +
		`"Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::partner-exports","arn:aws:s3:::partner-exports/*"]}]}`
	functionDoc = `{"Version":"2012-10-17","Id":"default","Statement":[{"Sid":"redshift","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/R"},` +
		`"Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:210987654321:function:f1"}]}`
)

func jsonString(s string) string { return strconv.Quote(s) }

func TestResourcePolicies(t *testing.T) {
	inv, err := LoadMem(
		"policies/exports.json", `{"Policy": `+jsonString(bucketDoc)+`}`,
		"policies/f1.json", `{"Policy": `+jsonString(functionDoc)+`, "RevisionId": "4b3c2a1d"}`,
		"policies/exports-again.json", `{"Policy": `+jsonString(bucketDoc)+`}`,
	)
	if err != nil {
		t.Fatal(err)
	}
	b := inv.BucketPolicy("partner-exports")
	if b == nil || b.Label != "bucket policy of partner-exports" || b.Document == nil || b.Document.Statements[0].Sid != "ReadExports" {
		t.Fatalf("BucketPolicy = %+v", b)
	}
	if inv.BucketPolicy("other") != nil {
		t.Error("BucketPolicy(other) is not nil")
	}
	for _, arn := range []string{"arn:aws:lambda:us-east-1:210987654321:function:f1", "arn:aws:lambda:us-east-1:210987654321:function:f1:prod"} {
		f := inv.FunctionPolicy(arn)
		if f == nil || f.Label != "function policy of arn:aws:lambda:us-east-1:210987654321:function:f1" || f.Document == nil {
			t.Errorf("FunctionPolicy(%s) = %+v", arn, f)
		}
	}
	o, ok := inv.Origin("bucket policy of partner-exports")
	if !ok || o.Kind != inventory.KindBucketPolicy || o.Name != "partner-exports" || o.Source.String() != "policies/exports.json: Policy" {
		t.Errorf("Origin = %+v, %v", o, ok)
	}
	if inv.Supplied("210987654321") {
		t.Error("a function policy does not supply its account")
	}
}

func TestResourcePolicyErrors(t *testing.T) {
	other := `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::partner-exports/*"},` +
		`{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::partner-exports/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`
	tests := []struct {
		name  string
		files []string
		want  string
	}{
		{"no resource", []string{"b.json", `{"Policy": ` + jsonString(`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}`) + `}`},
			`b.json: Policy: the policy's Resource names no S3 bucket or Lambda function, so the resource it belongs to cannot be told (aws s3api get-bucket-policy and aws lambda get-policy output do not name it)`},
		{"two buckets", []string{"b.json", `{"Policy": ` + jsonString(`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::a/*","arn:aws:s3:::b"]}]}`) + `}`},
			`b.json: Policy: the policy's Resource names several buckets or functions (a, b); give each resource's policy in its own file`},
		{"wildcard bucket", []string{"b.json", `{"Policy": ` + jsonString(`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::logs-*/*"}]}`) + `}`},
			`b.json: Policy: the policy's Resource "arn:aws:s3:::logs-*/*" does not name one bucket, so the bucket it belongs to cannot be told`},
		{"bad document", []string{"b.json", `{"Policy": ` + jsonString(`{"Statement":[{"Effect":"allow","Action":"s3:*","Resource":"arn:aws:s3:::a"}]}`) + `}`},
			`b.json: Policy.Statement[0].Effect: want "Allow" or "Deny", got "allow"`},
		{"conflict", []string{"b1.json", `{"Policy": ` + jsonString(bucketDoc) + `}`, "b2.json", `{"Policy": ` + jsonString(other) + `}`},
			`b2.json: Policy: conflicting definitions of the bucket policy of partner-exports: the policy differs from the one at b1.json: Policy`},
		{"iam get-policy stays unsupported", []string{"p.json", `{"Policy": {"PolicyName": "P", "Arn": "arn:aws:iam::123456789012:policy/P"}}`},
			`p.json: aws iam get-policy output is not supported (it holds no policy document): export the account with "aws iam get-account-authorization-details", which holds every role with its inline and attached managed policies`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadMem(tt.files...)
			if err == nil {
				t.Fatal("no error")
			}
			if got := AsLoadError(t, err).Error(); got != tt.want {
				t.Errorf("error\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}
