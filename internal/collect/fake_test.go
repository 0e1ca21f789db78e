package collect

import (
	"cmp"
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/redshift"
	rstypes "github.com/aws/aws-sdk-go-v2/service/redshift/types"
	"github.com/aws/aws-sdk-go-v2/service/redshiftserverless"
	rsstypes "github.com/aws/aws-sdk-go-v2/service/redshiftserverless/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	ststypes "github.com/aws/aws-sdk-go-v2/service/sts/types"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// fakeAWS answers the collector's calls inside the SDK's middleware stack,
// after the request is signed and before it is sent: the access key of the
// signature says whose credentials made the call, as it does for AWS.
// Keys are "AKID" + account for the caller and "ASIA" + account for an
// assumed role's session.
type fakeAWS struct {
	mu       sync.Mutex
	roles    map[string][]string // account → role names
	pageSize int                 // roles per authorization-details page
	// fail makes a call fail: key "ACCOUNT Operation" or "ACCOUNT Operation#page";
	// the value is the error, returned fails[key] times (0: always).
	fail  map[string]error
	limit map[string]int // fail only this many times (absent: always)
	times map[string]int
	calls []string // "ACCOUNT Operation", in order
	org   *fakeOrg // nil: no account is in an organization
	// buckets: account → its buckets; regions and policies by bucket
	// ("" region: us-east-1; no policy: NoSuchBucketPolicy).
	buckets  map[string][]string
	regions  map[string]string
	policies map[string]string
	// functions: function name or ARN → its policy
	functions map[string]string
	kms       *fakeKMS // nil: no bucket encryption, no keys (kms_test.go)
	// clusterIDs: account → the identifier of its one provisioned cluster (absent: etl)
	clusterIDs map[string]string
	// ownership: bucket → ObjectOwnership (absent: OwnershipControlsNotFoundError)
	ownership map[string]string
	// missing: buckets that do not exist; every call on one answers
	// NoSuchBucket, as S3 does
	missing map[string]bool
}

const secretOfAssumedRole = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLESECRET"

func newFake() *fakeAWS {
	return &fakeAWS{roles: map[string][]string{}, pageSize: 2, fail: map[string]error{}, limit: map[string]int{}, times: map[string]int{},
		buckets: map[string][]string{}, regions: map[string]string{}, policies: map[string]string{},
		functions: map[string]string{}, clusterIDs: map[string]string{}}
}

func denied(op string) error {
	return &smithy.GenericAPIError{Code: "AccessDenied", Message: "User is not authorized to perform: " + op}
}

type paramsKey struct{}

// stack adds the fake to a client's middleware stack.
func (f *fakeAWS) stack(s *middleware.Stack) error {
	keep := middleware.InitializeMiddlewareFunc("fakeParams", func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
		return next.HandleInitialize(middleware.WithStackValue(ctx, paramsKey{}, in.Parameters), in)
	})
	answer := middleware.FinalizeMiddlewareFunc("fakeAnswer", func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
		req := in.Request.(*smithyhttp.Request)
		out, err := f.answer(keyOf(req.Header.Get("Authorization")), awsmiddleware.GetOperationName(ctx), middleware.GetStackValue(ctx, paramsKey{}))
		return middleware.FinalizeOutput{Result: out}, middleware.Metadata{}, err
	})
	if err := s.Initialize.Add(keep, middleware.After); err != nil {
		return err
	}
	return s.Finalize.Add(answer, middleware.After)
}

// keyOf is the access key id of a SigV4 Authorization header.
func keyOf(auth string) string {
	_, rest, _ := strings.Cut(auth, "Credential=")
	key, _, _ := strings.Cut(rest, "/")
	return key
}

func (f *fakeAWS) answer(key, op string, params any) (any, error) {
	account := strings.TrimPrefix(strings.TrimPrefix(key, "AKID"), "ASIA")
	page := ""
	if in, ok := params.(*iam.GetAccountAuthorizationDetailsInput); ok && in.Marker != nil {
		page = "#" + *in.Marker
	}
	if in, ok := params.(*lambda.GetPolicyInput); ok { // a failure may name the function
		page = "#" + *in.FunctionName
	}
	f.mu.Lock()
	f.calls = append(f.calls, account+" "+op+page)
	for _, k := range []string{account + " " + op + page, account + " " + op} {
		if err, ok := f.fail[k]; ok {
			if n, limited := f.limit[k]; limited && f.times[k] >= n {
				continue
			}
			f.times[k]++
			f.mu.Unlock()
			return nil, err
		}
	}
	f.mu.Unlock()
	if b := bucketParam(params); b != "" && f.missing[b] {
		return nil, &smithy.GenericAPIError{Code: "NoSuchBucket", Message: "The specified bucket does not exist"}
	}
	switch op {
	case "GetCallerIdentity":
		return &sts.GetCallerIdentityOutput{Account: aws.String(account), Arn: aws.String("arn:aws:iam::" + account + ":user/me")}, nil
	case "AssumeRole":
		in := params.(*sts.AssumeRoleInput)
		target := accountOf(*in.RoleArn)
		return &sts.AssumeRoleOutput{Credentials: &ststypes.Credentials{AccessKeyId: aws.String("ASIA" + target),
			SecretAccessKey: aws.String(secretOfAssumedRole), SessionToken: aws.String("FwoGZXIvYXdzEXAMPLETOKEN"),
			Expiration: aws.Time(time.Now().Add(time.Hour))}}, nil
	case "GetAccountAuthorizationDetails":
		return f.gaad(account, page), nil
	case "DescribeClusters":
		id := cmp.Or(f.clusterIDs[account], "etl")
		return &redshift.DescribeClustersOutput{Clusters: []rstypes.Cluster{{
			ClusterIdentifier: aws.String(id), Endpoint: &rstypes.Endpoint{Address: aws.String("etl.abc.us-east-1.redshift.amazonaws.com"), Port: aws.Int32(5439)},
			ClusterNamespaceArn: aws.String("arn:aws:redshift:us-east-1:" + account + ":namespace:0b2b7d3c-9f1e-4d9b-8a3e-1c2d3e4f5a6b"),
			IamRoles:            []rstypes.ClusterIamRole{{IamRoleArn: aws.String("arn:aws:iam::" + account + ":role/r0"), ApplyStatus: aws.String("in-sync")}},
			ClusterStatus:       aws.String(time.Now().String()), // changes every call: must not be written
		}}}, nil
	case "ListWorkgroups":
		return &redshiftserverless.ListWorkgroupsOutput{Workgroups: []rsstypes.Workgroup{{WorkgroupName: aws.String("wg"), NamespaceName: aws.String("ns"),
			WorkgroupArn: aws.String("arn:aws:redshift-serverless:us-east-1:" + account + ":workgroup/0b2b7d3c-9f1e-4d9b-8a3e-1c2d3e4f5a6b")}}}, nil
	case "ListNamespaces":
		return &redshiftserverless.ListNamespacesOutput{Namespaces: []rsstypes.Namespace{{NamespaceName: aws.String("ns"),
			NamespaceArn: aws.String("arn:aws:redshift-serverless:us-east-1:" + account + ":namespace/1c2d3e4f-9f1e-4d9b-8a3e-1c2d3e4f5a6b"),
			IamRoles:     []string{"IamRole(applyStatus=in-sync, iamRoleArn=arn:aws:iam::" + account + ":role/r1)"}}}}, nil
	case "ListBuckets", "GetBucketLocation", "GetBucketPolicy":
		return f.s3(account, op, params)
	case "GetBucketOwnershipControls":
		o, ok := f.ownership[*params.(*s3.GetBucketOwnershipControlsInput).Bucket]
		if !ok {
			return nil, &smithy.GenericAPIError{Code: "OwnershipControlsNotFoundError", Message: "The bucket ownership controls were not found"}
		}
		return &s3.GetBucketOwnershipControlsOutput{OwnershipControls: &s3types.OwnershipControls{
			Rules: []s3types.OwnershipControlsRule{{ObjectOwnership: s3types.ObjectOwnership(o)}}}}, nil
	case "GetPolicy":
		p, ok := f.functions[page[1:]]
		if !ok {
			return nil, &smithy.GenericAPIError{Code: "ResourceNotFoundException", Message: "The resource you requested does not exist."}
		}
		return &lambda.GetPolicyOutput{Policy: aws.String(p), RevisionId: aws.String("rev-1")}, nil
	}
	if out, err, ok := f.orgAnswer(account, op, params); ok { // organizations_test.go
		return out, err
	}
	if out, err, ok := f.kmsAnswer(account, op, params); ok { // kms_test.go
		return out, err
	}
	return nil, fmt.Errorf("fake: no %s", op)
}

// bucketParam is the bucket of a per-bucket S3 call; "" for another call.
func bucketParam(params any) string {
	var b *string
	switch in := params.(type) {
	case *s3.GetBucketLocationInput:
		b = in.Bucket
	case *s3.GetBucketPolicyInput:
		b = in.Bucket
	case *s3.GetBucketOwnershipControlsInput:
		b = in.Bucket
	case *s3.GetBucketEncryptionInput:
		b = in.Bucket
	}
	return aws.ToString(b)
}

// s3 answers the S3 calls; a bucket policy names its bucket in Resource.
func (f *fakeAWS) s3(account, op string, params any) (any, error) {
	switch op {
	case "ListBuckets":
		out := &s3.ListBucketsOutput{}
		for _, b := range f.buckets[account] {
			out.Buckets = append(out.Buckets, s3types.Bucket{Name: aws.String(b), CreationDate: aws.Time(time.Now())}) // the date must not be written
		}
		return out, nil
	case "GetBucketLocation":
		b := *params.(*s3.GetBucketLocationInput).Bucket
		return &s3.GetBucketLocationOutput{LocationConstraint: s3types.BucketLocationConstraint(f.regions[b])}, nil
	}
	b := *params.(*s3.GetBucketPolicyInput).Bucket
	p, ok := f.policies[b]
	if !ok {
		return nil, &smithy.GenericAPIError{Code: "NoSuchBucketPolicy", Message: "The bucket policy does not exist"}
	}
	return &s3.GetBucketPolicyOutput{Policy: aws.String(p)}, nil
}

// gaad is one page of the account's roles, pageSize a page.
func (f *fakeAWS) gaad(account, page string) *iam.GetAccountAuthorizationDetailsOutput {
	from := 0
	if page != "" {
		from, _ = strconv.Atoi(page[1:])
	}
	names := f.roles[account]
	to := min(from+f.pageSize, len(names))
	out := &iam.GetAccountAuthorizationDetailsOutput{}
	trust := url.PathEscape(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"redshift.amazonaws.com"},"Action":"sts:AssumeRole"}]}`)
	inline := url.PathEscape(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/a+b/*"}}`)
	created := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, name := range names[from:to] {
		out.RoleDetailList = append(out.RoleDetailList, iamtypes.RoleDetail{
			RoleName: aws.String(name), Path: aws.String("/"), RoleId: aws.String("AROA" + strings.ToUpper(name)),
			Arn: aws.String("arn:aws:iam::" + account + ":role/" + name), CreateDate: &created,
			AssumeRolePolicyDocument: aws.String(trust),
			RolePolicyList:           []iamtypes.PolicyDetail{{PolicyName: aws.String("read"), PolicyDocument: aws.String(inline)}},
			RoleLastUsed:             &iamtypes.RoleLastUsed{LastUsedDate: aws.Time(time.Now())}, // must not be written
		})
	}
	if to < len(names) {
		out.IsTruncated = true
		out.Marker = aws.String(strconv.Itoa(to))
	}
	return out
}
