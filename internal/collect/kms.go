package collect

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
)

// KMS facts (read-only calls s3:GetEncryptionConfiguration,
// kms:DescribeKey, kms:GetKeyPolicy), in the shapes inventory/kms.go reads:
//
//   - s3-encryption-BUCKET.json: aws s3api get-bucket-encryption of each
//     bucket the SQL names, with "Bucket" added;
//   - kms-policy-KEYID.json: aws kms get-key-policy --policy-name default
//     of each key the SQL names in KMS_KEY_ID and of each bucket's SSE-KMS
//     default key, with "KeyArn" added (DescribeKey resolves a key id or
//     alias to it; the CLI output does not name its key).
//   - kms-key-KEYID.json: aws kms describe-key of each such key (its ARN
//     and KeyManager: an AWS managed key such as aws/s3 is decided apart);
//   - kms-aliases-ACCOUNT-REGION.json: aws kms list-aliases (every page,
//     read-only call kms:ListAliases) of each account and region in which
//     the SQL or a bucket names a key by alias, so that check resolves the
//     alias as KMS does; a bucket with SSE-KMS but no key uses the owner's
//     AWS managed key alias/aws/s3.
//
// A key is read with the credentials of its account when collect read
// that account: AWS KMS API Reference, GetKeyPolicy: "Cross-account use:
// No. You cannot perform this operation on a KMS key in a different AWS
// account."

type bucketEncryptionOut struct {
	ServerSideEncryptionConfiguration encryptionConfigOut
	Bucket                            string
}

type encryptionConfigOut struct {
	Rules []encryptionRuleOut
}

type encryptionRuleOut struct {
	ApplyServerSideEncryptionByDefault *encryptionDefaultOut `json:",omitempty"`
	BucketKeyEnabled                   *bool                 `json:",omitempty"`
}

type encryptionDefaultOut struct {
	SSEAlgorithm   string
	KMSMasterKeyID string `json:",omitempty"`
}

type keyPolicyOut struct {
	Policy     string
	PolicyName string
	KeyArn     string
}

// describeKeyOut is the part of aws kms describe-key output check reads
// (dates and state are left out: a second run must give the same file).
type describeKeyOut struct {
	KeyMetadata keyMetadataOut
}

type keyMetadataOut struct {
	AWSAccountId, KeyId, Arn, KeyManager string
}

// aliasListOut is aws kms list-aliases output.
type aliasListOut struct {
	Aliases []aliasOut
}

type aliasOut struct {
	AliasName, AliasArn string
	TargetKeyId         string `json:",omitempty"`
}

// kmsKey is a key to read: as the SQL or the bucket names it, with the
// account and region a bare key id or alias belongs to.
type kmsKey struct {
	id, account, region string
}

// bucketEncryption writes s3-encryption-BUCKET.json and returns the
// bucket's SSE-KMS default key ("" for none).
func (c *collector) bucketEncryption(ctx context.Context, cfg aws.Config, account, region, bucket string) string {
	var out *s3.GetBucketEncryptionOutput
	err := c.call(func() (err error) {
		out, err = s3Client(cfg, region).GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: aws.String(bucket)})
		return err
	})
	var api smithy.APIError
	switch {
	case errors.As(err, &api) && api.ErrorCode() == "ServerSideEncryptionConfigurationNotFoundError":
		return "" // no default encryption configured (older buckets, emulators)
	case err != nil:
		c.bucketGap("s3:GetEncryptionConfiguration", account, cfg, bucket, err)
		return ""
	}
	file := bucketEncryptionOut{Bucket: bucket, ServerSideEncryptionConfiguration: encryptionConfigOut{Rules: []encryptionRuleOut{}}}
	key := ""
	if sc := out.ServerSideEncryptionConfiguration; sc != nil {
		for _, r := range sc.Rules {
			rule := encryptionRuleOut{BucketKeyEnabled: r.BucketKeyEnabled}
			if d := r.ApplyServerSideEncryptionByDefault; d != nil {
				rule.ApplyServerSideEncryptionByDefault = &encryptionDefaultOut{SSEAlgorithm: string(d.SSEAlgorithm), KMSMasterKeyID: str(d.KMSMasterKeyID)}
				if key == "" && strings.HasPrefix(string(d.SSEAlgorithm), "aws:kms") {
					key = str(d.KMSMasterKeyID)
					if key == "" { // S3 uses the owner's AWS managed key (inventory.AWSManagedS3Key)
						key = "alias/aws/s3"
					}
				}
			}
			file.ServerSideEncryptionConfiguration.Rules = append(file.ServerSideEncryptionConfiguration.Rules, rule)
		}
	}
	c.keep("s3-encryption-"+bucket+".json", "default encryption of bucket "+bucket, file)
	return key
}

// keyPolicies reads the policy of every key, each in parallel within the
// concurrency bound; a key named twice is read once.
func (c *collector) keyPolicies(ctx context.Context, caller aws.Config, keys []kmsKey) {
	seen := map[string]bool{}
	lists := &aliasLists{clients: map[string]*kms.Client{}}
	var wg sync.WaitGroup
	for _, k := range keys {
		if seen[k.account+" "+k.region+" "+k.id] {
			continue
		}
		seen[k.account+" "+k.region+" "+k.id] = true
		wg.Go(func() { c.keyPolicy(ctx, caller, k, lists) })
	}
	wg.Wait()
	// After DescribeKey: "If you specify a predefined AWS alias (an AWS
	// alias with no key ID), KMS associates the alias with an AWS managed
	// key" (AWS KMS API Reference, DescribeKey), so the list then shows
	// aws/s3's key, and a second run lists the same.
	for where, client := range lists.clients {
		account, region, _ := strings.Cut(where, " ")
		wg.Go(func() { c.aliases(ctx, client, account, region) })
	}
	wg.Wait()
}

// aliasLists are the accounts and regions ("ACCOUNT REGION") whose aliases
// are listed, with the client of each.
type aliasLists struct {
	mu      sync.Mutex
	clients map[string]*kms.Client
}

func (l *aliasLists) add(account, region string, client *kms.Client) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.clients[account+" "+region] = client
}

// keyARN is the ARN a key id names: itself when an ARN; of account in
// region otherwise ("" when an alias or either is unknown).
func (k kmsKey) arn() string {
	switch {
	case strings.HasPrefix(k.id, "arn:"):
		return k.id
	case strings.HasPrefix(k.id, "alias/") || k.account == "" || k.region == "":
		return ""
	}
	return fmt.Sprintf("arn:aws:kms:%s:%s:key/%s", k.region, k.account, k.id)
}

// keyPolicy resolves a key to its ARN (DescribeKey), then writes
// kms-policy-KEYID.json. A refusal is a gap on the key's ARN, which check
// then reports unknown.
func (c *collector) keyPolicy(ctx context.Context, caller aws.Config, k kmsKey, lists *aliasLists) {
	account, region := k.account, k.region
	if a := k.arn(); a != "" {
		parts := strings.SplitN(a, ":", 6)
		region, account = parts[3], parts[4]
	}
	cfg := caller
	c.mu.Lock()
	if own, ok := c.configs[account]; ok {
		cfg = own
	}
	c.mu.Unlock()
	client := kms.NewFromConfig(cfg, func(o *kms.Options) {
		if region != "" {
			o.Region = region
		}
	})
	resource := k.arn()
	if resource == "" {
		resource = k.id
	}
	if isAlias(k.id) && account != "" && region != "" {
		lists.add(account, region, client)
	}
	var desc *kms.DescribeKeyOutput
	err := c.call(func() (err error) {
		desc, err = client.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(k.id)})
		return err
	})
	if err != nil {
		g := gapOf("kms:DescribeKey", account, region, err)
		g.Resource = resource
		c.gap(g)
		return
	}
	keyARN := str(desc.KeyMetadata.Arn)
	if !c.firstRead(keyARN) { // an alias and a key id of one key
		return
	}
	id := keyARN[strings.LastIndex(keyARN, "/")+1:]
	m := desc.KeyMetadata
	c.keep("kms-key-"+id+".json", "key "+keyARN+" ("+string(m.KeyManager)+" managed)",
		describeKeyOut{KeyMetadata: keyMetadataOut{AWSAccountId: str(m.AWSAccountId), KeyId: str(m.KeyId), Arn: keyARN, KeyManager: string(m.KeyManager)}})
	var out *kms.GetKeyPolicyOutput
	err = c.call(func() (err error) {
		out, err = client.GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: aws.String(keyARN), PolicyName: aws.String("default")})
		return err
	})
	if err != nil {
		g := gapOf("kms:GetKeyPolicy", account, region, err)
		g.Resource = keyARN
		c.gap(g)
		return
	}
	c.keep("kms-policy-"+id+".json", "key policy of "+keyARN, keyPolicyOut{Policy: str(out.Policy), PolicyName: "default", KeyArn: keyARN})
}

// addKey records a bucket's default key for keyPolicies.
func (c *collector) addKey(k kmsKey) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.keys = append(c.keys, k)
}

// sqlKeys are the SQL's KMS_KEY_ID values, a bare id or alias taken to be
// of the caller's account in the --region (as check takes it of the
// role's account in the cluster's region), then the buckets' keys.
func (c *collector) sqlKeys(cfg aws.Config) []kmsKey {
	c.mu.Lock()
	defer c.mu.Unlock()
	var keys []kmsKey
	for _, id := range c.opts.Targets.KMSKeys {
		keys = append(keys, kmsKey{id: id, account: c.caller, region: cfg.Region})
	}
	return append(keys, c.keys...)
}

// firstRead reports whether keyARN is read for the first time.
func (c *collector) firstRead(keyARN string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.keysRead == nil {
		c.keysRead = map[string]bool{}
	}
	if c.keysRead[keyARN] {
		return false
	}
	c.keysRead[keyARN] = true
	return true
}

// isAlias: the key is named by alias name or alias ARN.
func isAlias(id string) bool {
	if strings.HasPrefix(id, "arn:") {
		parts := strings.SplitN(id, ":", 6)
		return len(parts) == 6 && strings.HasPrefix(parts[5], "alias/")
	}
	return strings.HasPrefix(id, "alias/")
}

// aliases writes kms-aliases-ACCOUNT-REGION.json: every alias of the
// account in the region, so that a missing one is known not to exist.
func (c *collector) aliases(ctx context.Context, client *kms.Client, account, region string) {
	p := kms.NewListAliasesPaginator(client, &kms.ListAliasesInput{})
	out := aliasListOut{Aliases: []aliasOut{}}
	err := c.everyPage(p.HasMorePages, func() error {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, a := range page.Aliases {
			out.Aliases = append(out.Aliases, aliasOut{AliasName: str(a.AliasName), AliasArn: str(a.AliasArn), TargetKeyId: str(a.TargetKeyId)})
		}
		return nil
	})
	if err != nil {
		c.gap(gapOf("kms:ListAliases", account, region, err))
		return
	}
	sortBy(out.Aliases, func(a aliasOut) string { return a.AliasArn })
	c.keep("kms-aliases-"+account+"-"+region+".json", fmt.Sprintf("KMS aliases of account %s in %s: %d", account, region, len(out.Aliases)), out)
}
