package collect

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
)

// S3 facts (read-only calls s3:ListAllMyBuckets, s3:GetBucketLocation,
// s3:GetBucketPolicy), in the shapes inventory/bucket_facts.go reads:
//
//   - s3-buckets-ACCOUNT.json: aws s3api list-buckets of each collected
//     account, with "Account" added (list-buckets' Owner is a canonical
//     user id, not the account id): who owns which bucket;
//   - s3-location-BUCKET.json: aws s3api get-bucket-location of each bucket
//     the SQL names, with "Bucket" added;
//   - s3-policy-BUCKET.json: aws s3api get-bucket-policy of each such
//     bucket that has a policy (the loader finds the bucket in the
//     policy's Resource ARNs);
//   - s3-nopolicy-BUCKET.json: {"Bucket", "NoSuchBucketPolicy": true} for
//     each such bucket that has none (S3's answer is a fact: with ACLs
//     disabled, another account is then refused);
//   - s3-ownership-BUCKET.json: aws s3api get-bucket-ownership-controls
//     (read-only call s3:GetBucketOwnershipControls) with "Bucket" added:
//     BucketOwnerEnforced disables ACLs;
//   - s3-nobucket-BUCKET.json: {"Bucket", "NoSuchBucket": true} for each
//     such bucket S3 says does not exist (inventory/bucket_missing.go):
//     no further call is made on it.
//
// The per-bucket calls are made with the credentials of the bucket's
// owner account when collect read that account (its own buckets are
// readable to it where another account's may not be), else the caller's.

// bucketListOut is list-buckets output with the account that listed it.
// CreationDate is left out: "This date can change when making changes to
// your bucket, such as editing its bucket policy" (S3 API reference,
// Bucket), and a second run must give the same file.
type bucketListOut struct {
	Buckets []bucketOut
	Account string
}

type bucketOut struct {
	Name         string
	BucketRegion string `json:",omitempty"`
}

type bucketLocationOut struct {
	Bucket             string
	LocationConstraint *string // null for us-east-1, as the CLI prints it
}

type bucketPolicyOut struct {
	Policy string
}

type noBucketPolicyOut struct {
	Bucket             string
	NoSuchBucketPolicy bool
}

type noBucketOut struct {
	Bucket       string
	NoSuchBucket bool
}

type ownershipOut struct {
	OwnershipControls ownershipControlsOut
	Bucket            string
}

type ownershipControlsOut struct {
	Rules []ownershipRuleOut
}

type ownershipRuleOut struct {
	ObjectOwnership string
}

// s3Client is an S3 client of cfg in region ("" for cfg's). Against an
// endpoint set with AWS_ENDPOINT_URL (an emulator, a VPC endpoint), the
// bucket is put in the path: such endpoints have no per-bucket host names.
func s3Client(cfg aws.Config, region string) *s3.Client {
	return s3.NewFromConfig(cfg, func(o *s3.Options) {
		if region != "" {
			o.Region = region
		}
		if cfg.BaseEndpoint != nil {
			o.UsePathStyle = true
		}
	})
}

// buckets writes s3-buckets-ACCOUNT.json and records the owner of each
// bucket listed. MaxBuckets is set because S3 returns BucketRegion only
// when "the request contains at least one valid parameter" (S3 API
// reference, Bucket.BucketRegion).
func (c *collector) buckets(ctx context.Context, cfg aws.Config, account string) {
	p := s3.NewListBucketsPaginator(s3Client(cfg, ""), &s3.ListBucketsInput{MaxBuckets: aws.Int32(1000)})
	out := bucketListOut{Buckets: []bucketOut{}, Account: account}
	err := c.everyPage(p.HasMorePages, func() error {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, b := range page.Buckets {
			out.Buckets = append(out.Buckets, bucketOut{Name: str(b.Name), BucketRegion: str(b.BucketRegion)})
		}
		return nil
	})
	if err != nil {
		c.gap(gapOf("s3:ListAllMyBuckets", account, cfg.Region, err))
		return
	}
	sortBy(out.Buckets, func(b bucketOut) string { return b.Name })
	c.mu.Lock()
	for _, b := range out.Buckets {
		c.owners[b.Name] = account
	}
	c.mu.Unlock()
	c.keep("s3-buckets-"+account+".json", fmt.Sprintf("S3 buckets of account %s: %s", account, count(len(out.Buckets), "bucket")), out)
}

// bucketFacts reads the region and the policy of every bucket the SQL
// names, each bucket in parallel within the concurrency bound.
func (c *collector) bucketFacts(ctx context.Context, caller aws.Config) {
	var wg sync.WaitGroup
	for _, bucket := range c.opts.Targets.Buckets {
		wg.Go(func() { c.oneBucket(ctx, caller, bucket) })
	}
	wg.Wait()
}

// oneBucket reads one bucket's facts. Once S3 has said the bucket does
// not exist, the other calls are not made: each would only say so again.
func (c *collector) oneBucket(ctx context.Context, caller aws.Config, bucket string) {
	cfg, account := c.configFor(bucket, caller)
	region, ok := c.bucketLocation(ctx, cfg, account, bucket)
	if !ok {
		region = ""
	}
	for _, step := range []func(){
		func() { c.bucketPolicy(ctx, cfg, account, region, bucket) },
		func() { c.bucketOwnership(ctx, cfg, account, region, bucket) },
		func() {
			// kms.go; aws/s3 is the owner's: not read when the owner is unknown
			if key := c.bucketEncryption(ctx, cfg, account, region, bucket); key != "" && (account != "" || key != "alias/aws/s3") {
				c.addKey(kmsKey{id: key, account: account, region: region})
			}
		},
	} {
		if c.bucketMissing(bucket) {
			return
		}
		step()
	}
}

// bucketGap records a per-bucket call that failed: a gap naming the
// bucket, unless S3 answered NoSuchBucket. That answer is a fact, written
// as s3-nobucket-BUCKET.json: S3 gives it for a name no account has, and
// refuses a bucket that exists but is another account's with AccessDenied
// (S3 API Reference, list of error codes: "NoSuchBucket: The specified
// bucket does not exist."). A bucket some collected account listed, or
// whose location this run read, is the exception: the answers disagree
// (it was deleted in between), so the answer stays a gap and a later run
// settles it; the directory never says both.
func (c *collector) bucketGap(call, account string, cfg aws.Config, bucket string, err error) {
	var api smithy.APIError
	if errors.As(err, &api) && api.ErrorCode() == "NoSuchBucket" && !c.seen(bucket) {
		c.keep(noBucketFile(bucket), "bucket "+bucket+" does not exist (S3 answered NoSuchBucket)", noBucketOut{Bucket: bucket, NoSuchBucket: true})
		return
	}
	g := gapOf(call, account, cfg.Region, err)
	g.Resource = bucket
	c.gap(g)
}

func noBucketFile(bucket string) string { return "s3-nobucket-" + bucket + ".json" }

// bucketMissing: S3 said the bucket does not exist in this run.
func (c *collector) bucketMissing(bucket string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.files[noBucketFile(bucket)]
	return ok
}

// seen: some collected account's list-buckets holds the bucket, or S3
// gave its location in this run.
func (c *collector) seen(bucket string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, located := c.files["s3-location-"+bucket+".json"]
	return c.owners[bucket] != "" || located
}

// configFor is the configuration of the bucket's owner account when
// collect read it, else the caller's; and the owner ("" when unknown).
func (c *collector) configFor(bucket string, caller aws.Config) (aws.Config, string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	owner := c.owners[bucket]
	if cfg, ok := c.configs[owner]; ok {
		return cfg, owner
	}
	return caller, owner
}

// bucketLocation writes s3-location-BUCKET.json and returns the region.
func (c *collector) bucketLocation(ctx context.Context, cfg aws.Config, account, bucket string) (string, bool) {
	var out *s3.GetBucketLocationOutput
	err := c.call(func() (err error) {
		out, err = s3Client(cfg, "").GetBucketLocation(ctx, &s3.GetBucketLocationInput{Bucket: aws.String(bucket)})
		return err
	})
	if err != nil {
		c.bucketGap("s3:GetBucketLocation", account, cfg, bucket, err)
		return "", false
	}
	loc := bucketLocationOut{Bucket: bucket}
	region := "us-east-1"
	if v := string(out.LocationConstraint); v != "" {
		loc.LocationConstraint, region = &v, v
		if v == "EU" {
			region = "eu-west-1"
		}
	}
	c.keep("s3-location-"+bucket+".json", fmt.Sprintf("region of bucket %s: %s", bucket, region), loc)
	return region, true
}

// bucketPolicy writes s3-policy-BUCKET.json when the bucket has a policy.
// NoSuchBucketPolicy is an answer, not a gap: the bucket has none.
func (c *collector) bucketPolicy(ctx context.Context, cfg aws.Config, account, region, bucket string) {
	var out *s3.GetBucketPolicyOutput
	err := c.call(func() (err error) {
		out, err = s3Client(cfg, region).GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: aws.String(bucket)})
		return err
	})
	var api smithy.APIError
	switch {
	case errors.As(err, &api) && api.ErrorCode() == "NoSuchBucketPolicy":
		c.keep("s3-nopolicy-"+bucket+".json", "bucket "+bucket+" has no bucket policy", noBucketPolicyOut{Bucket: bucket, NoSuchBucketPolicy: true})
		return
	case err != nil:
		c.bucketGap("s3:GetBucketPolicy", account, cfg, bucket, err)
		return
	}
	c.keep("s3-policy-"+bucket+".json", "bucket policy of "+bucket, bucketPolicyOut{Policy: str(out.Policy)})
}

// bucketOwnership writes s3-ownership-BUCKET.json. A bucket without
// ownership controls (OwnershipControlsNotFoundError) has no file and no
// gap: its ACLs are not known to be disabled, which check reports.
func (c *collector) bucketOwnership(ctx context.Context, cfg aws.Config, account, region, bucket string) {
	var out *s3.GetBucketOwnershipControlsOutput
	err := c.call(func() (err error) {
		out, err = s3Client(cfg, region).GetBucketOwnershipControls(ctx, &s3.GetBucketOwnershipControlsInput{Bucket: aws.String(bucket)})
		return err
	})
	var api smithy.APIError
	switch {
	case errors.As(err, &api) && api.ErrorCode() == "OwnershipControlsNotFoundError":
		return
	case err != nil:
		c.bucketGap("s3:GetBucketOwnershipControls", account, cfg, bucket, err)
		return
	}
	file := ownershipOut{Bucket: bucket, OwnershipControls: ownershipControlsOut{Rules: []ownershipRuleOut{}}}
	if oc := out.OwnershipControls; oc != nil {
		for _, r := range oc.Rules {
			file.OwnershipControls.Rules = append(file.OwnershipControls.Rules, ownershipRuleOut{ObjectOwnership: string(r.ObjectOwnership)})
		}
	}
	if len(file.OwnershipControls.Rules) == 0 { // not S3's answer; the loader would refuse the file
		return
	}
	c.keep("s3-ownership-"+bucket+".json", "object ownership of bucket "+bucket+": "+file.OwnershipControls.Rules[0].ObjectOwnership, file)
}
