package inventory

import (
	"bytes"
	"sort"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/iam"
)

// Resource policies: the output of aws s3api get-bucket-policy --bucket B
// ({"Policy": "<JSON text>"}) and aws lambda get-policy --function-name F
// ({"Policy": "<JSON text>", "RevisionId": "..."}). Neither output names
// its bucket or function, so the loader takes it from the policy's own
// Resource ARNs (S3 accepts only ARNs of the bucket itself in a bucket
// policy; Lambda writes the function's ARN into every statement). A policy
// that names no bucket or function, or several, is an input error.

// Policy kinds of resource policies, for PolicyOrigin.
const (
	KindBucketPolicy   PolicyKind = "bucket"
	KindFunctionPolicy PolicyKind = "function"
)

// resourcePolicy is one bucket or function policy.
type resourcePolicy struct {
	kind   PolicyKind
	name   string // the bucket name, or the unqualified function ARN
	policy iam.NamedPolicy
	doc    Doc
}

func (r *resourcePolicy) source() Source { return r.doc.source() }

// BucketPolicyLabel and FunctionPolicyLabel are the labels of resource
// policies in evaluation results.
func BucketPolicyLabel(bucket string) string { return "bucket policy of " + bucket }

// FunctionPolicyLabel: see BucketPolicyLabel.
func FunctionPolicyLabel(arn string) string { return "function policy of " + arn }

// BucketPolicy returns the policy of an S3 bucket, or nil when the data
// has none (which does not mean the bucket has none).
func (inv *Inventory) BucketPolicy(bucket string) *iam.NamedPolicy {
	if r := inv.resources[resourceKey(KindBucketPolicy, bucket)]; r != nil {
		np := r.policy
		return &np
	}
	return nil
}

// FunctionPolicy returns the resource policy of a Lambda function, by its
// ARN (a version or alias qualifier is ignored), or nil when the data has
// none.
func (inv *Inventory) FunctionPolicy(arn string) *iam.NamedPolicy {
	if r := inv.resources[resourceKey(KindFunctionPolicy, unqualifiedFunction(arn))]; r != nil {
		np := r.policy
		return &np
	}
	return nil
}

func resourceKey(kind PolicyKind, name string) string { return string(kind) + " " + name }

// resolveResourcePolicy decodes a bucket or function policy and finds
// what it belongs to.
func resolveResourcePolicy(doc *Doc) (*resourcePolicy, error) {
	p, lerr := doc.decode()
	if lerr != nil {
		return nil, lerr
	}
	kind, name, err := policyResource(p)
	if err != nil {
		return nil, InFile(Within(err, doc.at.String()), doc.file.name)
	}
	label := BucketPolicyLabel(name)
	if kind == KindFunctionPolicy {
		label = FunctionPolicyLabel(name)
	}
	return &resourcePolicy{kind: kind, name: name, policy: iam.NamedPolicy{Label: label, Document: p}, doc: *doc}, nil
}

// policyResource names the one bucket or function a resource policy's
// Resource elements are about.
func policyResource(doc *iam.Policy) (PolicyKind, string, error) {
	found := map[string]PolicyKind{}
	for _, st := range doc.Statements {
		for _, res := range st.Resource {
			a, ok := SplitARN(res)
			if !ok {
				continue
			}
			switch a.Service {
			case "s3":
				bucket, _, _ := strings.Cut(a.Resource, "/")
				if bucket == "" || strings.ContainsAny(bucket, "*?") {
					return "", "", DataError("the policy's Resource " + Short(res) + " does not name one bucket, so the bucket it belongs to cannot be told")
				}
				found[bucket] = KindBucketPolicy
			case "lambda":
				name, ok := strings.CutPrefix(a.Resource, "function:")
				name, _, _ = strings.Cut(name, ":")
				if !ok || name == "" || strings.ContainsAny(name, "*?") || a.Region == "" || a.Account == "" {
					return "", "", DataError("the policy's Resource " + Short(res) + " does not name one function, so the function it belongs to cannot be told")
				}
				found["arn:"+a.Partition+":lambda:"+a.Region+":"+a.Account+":function:"+name] = KindFunctionPolicy
			}
		}
	}
	switch len(found) {
	case 0:
		return "", "", DataError("the policy's Resource names no S3 bucket or Lambda function, so the resource it belongs to cannot be told " +
			"(aws s3api get-bucket-policy and aws lambda get-policy output do not name it)")
	case 1:
		for name, kind := range found {
			return kind, name, nil
		}
	}
	names := make([]string, 0, len(found))
	for n := range found {
		names = append(names, n)
	}
	sort.Strings(names)
	return "", "", DataError("the policy's Resource names several buckets or functions (" + strings.Join(names, ", ") +
		"); give each resource's policy in its own file")
}

func unqualifiedFunction(arn string) string {
	a, ok := SplitARN(arn)
	if !ok || a.Service != "lambda" {
		return arn
	}
	name, _ := strings.CutPrefix(a.Resource, "function:")
	name, _, _ = strings.Cut(name, ":")
	return "arn:" + a.Partition + ":lambda:" + a.Region + ":" + a.Account + ":function:" + name
}

// addResourcePolicy merges a bucket or function policy: the same resource
// given twice must have the same policy.
func (b *Builder) addResourcePolicy(doc *Doc) error {
	r, err := resolveResourcePolicy(doc)
	if err != nil {
		return err
	}
	key := resourceKey(r.kind, r.name)
	if old := b.inv.resources[key]; old != nil {
		if bytes.Equal(old.doc.raw, r.doc.raw) || canonical(old.policy.Document) == canonical(r.policy.Document) {
			return nil
		}
		what := "the bucket policy of " + r.name
		if r.kind == KindFunctionPolicy {
			what = "the function policy of " + r.name
		}
		return Conflict(what, r.source(), old.source(), "the policy")
	}
	b.inv.resources[key] = r
	b.inv.origins[r.policy.Label] = docOrigin(PolicyOrigin{Kind: r.kind, Name: r.name}, &r.doc)
	return nil
}
