package collect

import (
	"context"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/redshift-preflight/redshift-preflight/iam"
)

// The README's least-privilege policy for the collector must allow every
// call collect makes and name no action that no call needs. The test
// runs collect against the fake with every feature on (a --role-arn,
// Organizations, buckets with and without a policy, ownership controls,
// SSE-KMS default keys, a KMS_KEY_ID alias, a Lambda function), records
// each call as IAM names it with the resource IAM authorizes it on, and
// evaluates it against the README's policy with the tool's own evaluator.

// readmeRole is the --role-arn of the README's policy (its ReadOtherAccounts
// statement), so that the statement is checked as written.
const readmeRole = "arn:aws:iam::210987654321:role/PreflightRead"

// iamPrefix is the IAM service prefix of each SDK service id.
var iamPrefix = map[string]string{
	"STS": "sts", "IAM": "iam", "Redshift": "redshift", "Redshift Serverless": "redshift-serverless",
	"S3": "s3", "Lambda": "lambda", "KMS": "kms", "Organizations": "organizations",
}

// iamAction renames the SDK operations whose IAM action has another name.
// Service Authorization Reference, "Actions, resources, and condition keys
// for Amazon S3": ListBuckets is granted by s3:ListAllMyBuckets and
// GetBucketEncryption by s3:GetEncryptionConfiguration.
var iamAction = map[string]string{
	"s3:ListBuckets":         "s3:ListAllMyBuckets",
	"s3:GetBucketEncryption": "s3:GetEncryptionConfiguration",
}

// apiCall is one call as IAM sees it.
type apiCall struct{ action, resource string }

// callRecorder records the calls of every client, after signing: the
// access key says which account made the call.
type callRecorder struct {
	mu    sync.Mutex
	calls []apiCall
	// keys resolves a KMS alias to its key's ARN (KMS authorizes a call
	// that names a key by alias on the key).
	keys map[string]string
}

func (r *callRecorder) stack(s *middleware.Stack) error {
	rec := middleware.FinalizeMiddlewareFunc("recordCall", func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
		op := iamPrefix[awsmiddleware.GetServiceID(ctx)] + ":" + awsmiddleware.GetOperationName(ctx)
		if a, ok := iamAction[op]; ok {
			op = a
		}
		account := strings.TrimPrefix(strings.TrimPrefix(keyOf(in.Request.(*smithyhttp.Request).Header.Get("Authorization")), "AKID"), "ASIA")
		r.mu.Lock()
		r.calls = append(r.calls, apiCall{op, r.resourceOf(middleware.GetStackValue(ctx, paramsKey{}), account)})
		r.mu.Unlock()
		return next.HandleFinalize(ctx, in)
	})
	return s.Finalize.Insert(rec, "Signing", middleware.After)
}

// resourceOf is the ARN IAM authorizes a call on; "*" for the calls that
// take no resource (list and describe calls of an account).
func (r *callRecorder) resourceOf(params any, account string) string {
	if b := bucketParam(params); b != "" {
		return "arn:aws:s3:::" + b
	}
	switch in := params.(type) {
	case *sts.AssumeRoleInput:
		return *in.RoleArn
	case *lambda.GetPolicyInput:
		if strings.HasPrefix(*in.FunctionName, "arn:") {
			return *in.FunctionName
		}
		return "arn:aws:lambda:us-east-1:" + account + ":function:" + *in.FunctionName
	case *kms.DescribeKeyInput:
		return r.keyARN(*in.KeyId, account)
	case *kms.GetKeyPolicyInput:
		return r.keyARN(*in.KeyId, account)
	}
	return "*"
}

func (r *callRecorder) keyARN(id, account string) string {
	if arn, ok := r.keys[id]; ok {
		return arn
	}
	if strings.HasPrefix(id, "arn:") {
		return id
	}
	return "arn:aws:kms:us-east-1:" + account + ":key/" + id
}

// readmePolicy is the collector's policy from README.md: the JSON block
// with the ReadIAM statement.
func readmePolicy(t *testing.T) *iam.Policy {
	t.Helper()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile("(?s)```json\n(.*?)```").FindAllStringSubmatch(string(readme), -1) {
		if strings.Contains(m[1], `"Sid": "ReadIAM"`) {
			p, err := iam.DecodePolicy([]byte(m[1]))
			if err != nil {
				t.Fatalf("README's collector policy: %v", err)
			}
			return p
		}
	}
	t.Fatal("README.md has no JSON block with the ReadIAM statement (the collector's policy)")
	return nil
}

// readmeCallList is the actions the README's sentence "The calls, all
// read-only: ..." names, up to the policy.
func readmeCallList(t *testing.T) []string {
	t.Helper()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, list, ok := strings.Cut(string(readme), "The calls, all read-only:")
	list, _, _ = strings.Cut(list, "A least-privilege policy")
	if !ok {
		t.Fatal(`README.md has no sentence "The calls, all read-only: ..."`)
	}
	var out []string
	for _, m := range regexp.MustCompile("`([a-z0-9-]+:[A-Za-z]+)`").FindAllStringSubmatch(list, -1) {
		out = append(out, m[1])
	}
	return out
}

// allFeatures is a world in which collect makes every kind of call.
func allFeatures() (*fakeAWS, Targets) {
	f := world()
	f.roles[accountOf(readmeRole)] = []string{"x0"}
	f.org = &fakeOrg{}
	f.buckets[accountA] = []string{"team-data", "sealed-data", "managed"}
	f.policies["team-data"] = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::team-data/*"}]}`
	f.ownership = map[string]string{"team-data": "BucketOwnerEnforced"}
	f.functions["f_udf"] = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"redshift.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"*"}]}`
	keyA := "arn:aws:kms:us-east-1:" + accountA + ":key/1234abcd-12ab-34cd-56ef-1234567890ab"
	keyM := "arn:aws:kms:us-east-1:" + accountA + ":key/5555bbbb-12ab-34cd-56ef-1234567890ab"
	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"kms:*","Resource":"*"}]}`
	f.kms = &fakeKMS{
		encryption: map[string]string{"sealed-data": keyA, "managed": ""},
		policies:   map[string]string{keyA: policy, keyM: policy},
		ids:        map[string]string{"alias/etl": keyA, "alias/aws/s3": keyM},
		managed:    map[string]bool{keyM: true},
	}
	var targets Targets
	for _, u := range []string{"s3://team-data/x", "s3://sealed-data/y", "s3://managed/z"} {
		targets.Add("s3", u)
	}
	targets.Add("lambda", "f_udf")
	targets.AddKMSKey("alias/etl")
	return f, targets
}

// TestReadmePolicyCoversEveryCall: every call collect makes is allowed by
// the README's policy, but sts:GetCallerIdentity, which needs no
// permission (AWS STS API Reference, GetCallerIdentity: "No permissions
// are required to perform this operation."); and every action the policy
// names is one some call needs.
func TestReadmePolicyCoversEveryCall(t *testing.T) {
	awsEnv(t)
	f, targets := allFeatures()
	rec := &callRecorder{keys: f.kms.ids}
	res, err := Run(context.Background(), Options{Out: t.TempDir(), RoleARNs: []string{readmeRole}, Targets: targets,
		APIOptions: []func(*middleware.Stack) error{rec.stack, f.stack}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Gaps) != 0 {
		t.Fatalf("every feature must answer, gaps: %v", res.Gaps)
	}
	policy := iam.NamedPolicy{Label: "README's collector policy", Document: readmePolicy(t)}
	var actions []string
	seen := map[apiCall]bool{}
	for _, c := range rec.calls {
		if !slices.Contains(actions, c.action) {
			actions = append(actions, c.action)
		}
		if c.action == "sts:GetCallerIdentity" || seen[c] {
			continue
		}
		seen[c] = true
		r := iam.EvaluateIdentity(iam.Request{Action: c.action, Resource: c.resource, Context: iam.NewContext()}, policy)
		if r.Decision != iam.Allowed {
			t.Errorf("the README's collector policy does not allow %s on %s (%v)", c.action, c.resource, r.Decision)
		}
	}
	slices.Sort(actions)
	t.Logf("calls: %s", strings.Join(actions, " "))
	listed := readmeCallList(t)
	for _, a := range actions {
		if !slices.Contains(listed, a) {
			t.Errorf("the README's list of collect's calls (\"The calls, all read-only: ...\") does not name %s", a)
		}
	}
	for _, a := range listed {
		if !slices.Contains(actions, a) {
			t.Errorf("the README's list of collect's calls names %s, which collect does not make", a)
		}
	}
	for _, st := range policy.Document.Statements {
		for _, pattern := range st.Action {
			if !slices.ContainsFunc(actions, func(a string) bool { return iam.MatchAction(pattern, a) }) {
				t.Errorf("the README's collector policy allows %s (statement %s), which no call of collect needs", pattern, st.Sid)
			}
		}
	}
}
