package collect

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/middleware"

	"github.com/redshift-preflight/redshift-preflight/internal/collect/job"
)

// Options are collect's inputs.
type Options struct {
	Out       string   // the directory written into (created if missing)
	Region    string   // "" for the SDK's (AWS_REGION, the profile's region)
	Profile   string   // "" for the SDK's default (AWS_PROFILE, default)
	ClusterID string   // "" for every cluster and workgroup of the region
	RoleARNs  []string // roles to assume, each giving one more account's IAM data
	// OtherProfiles are shared-config profiles whose accounts are
	// collected too (IAM data and buckets), as for a role of RoleARNs.
	OtherProfiles []string
	// Targets are the resources the SQL names whose facts are read too.
	Targets Targets
	// Concurrency bounds the calls made at once (default 4).
	Concurrency int
	// Progress, when set, gets a progress line as calls end (stderr when
	// it is a terminal; the command decides).
	Progress io.Writer
	// APIOptions are added to every client's middleware stack (tests fake
	// or deny operations with them).
	APIOptions []func(*middleware.Stack) error
}

// Result says what was written and what was not.
type Result struct {
	Dir     string
	Written []Written
	Gaps    []Gap
	Removed []string // files of a previous run that this run did not write again
	// Warnings are facts the summary should say: a --cluster-id that names
	// no cluster or workgroup.
	Warnings []string
	Calls    int64 // API operations called (a page is one call)
	Sends    int64 // HTTP requests sent, retries included
	Elapsed  time.Duration
}

// Written is one file and what it holds, for the summary.
type Written struct {
	Name, What string
}

// Usable reports whether anything check can read was collected.
func (r *Result) Usable() bool { return len(r.Written) > 0 }

// ErrNothingCollected is returned (with the Result) when no call gave data.
var ErrNothingCollected = errors.New("nothing was collected")

// Run collects into opts.Out. An error other than ErrNothingCollected is a
// usage or setup problem (no region, an unwritable directory, a profile
// that does not exist); the calls' own failures are gaps in the Result.
func Run(ctx context.Context, opts Options) (*Result, error) {
	start := time.Now()
	if opts.Concurrency <= 0 {
		opts.Concurrency = 4
	}
	_, statErr := os.Stat(opts.Out)
	created := os.IsNotExist(statErr)
	if err := os.MkdirAll(opts.Out, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create --out %s: %v", opts.Out, pathErr(err))
	}
	c := &collector{opts: opts, sem: make(chan struct{}, opts.Concurrency), res: &Result{Dir: opts.Out}}
	cfg, err := c.loadConfig(ctx, opts.Profile)
	var others []aws.Config
	for _, p := range opts.OtherProfiles {
		if err != nil {
			break
		}
		var other aws.Config
		if other, err = c.loadConfig(ctx, p); err == nil {
			others = append(others, other)
		}
	}
	if err != nil {
		if created {
			os.Remove(opts.Out)
		}
		return nil, err
	}
	c.run(ctx, cfg, others)
	c.res.Gaps = sortGaps(c.res.Gaps)
	slices.SortFunc(c.res.Written, func(a, b Written) int { return strings.Compare(a.Name, b.Name) })
	c.res.Calls, c.res.Sends = c.calls.Load(), c.sends.Load()
	if c.progressShown {
		fmt.Fprint(opts.Progress, "\r\033[K")
	}
	if !c.res.Usable() {
		if created {
			os.Remove(opts.Out) // made for this run, and still empty
		}
		c.res.Elapsed = time.Since(start)
		return c.res, ErrNothingCollected
	}
	if err := c.finish(); err != nil {
		return c.res, err
	}
	c.res.Elapsed = time.Since(start)
	return c.res, nil
}

type collector struct {
	opts  Options
	sem   chan struct{}
	calls atomic.Int64
	sends atomic.Int64

	mu       sync.Mutex
	res      *Result
	files    map[string][]byte     // name → content, written at the end
	configs  map[string]aws.Config // by account: the credentials that read it
	owners   map[string]string     // bucket → owner account, from list-buckets
	caller   string                // the caller's account, once known
	keys     []kmsKey              // buckets' SSE-KMS default keys (kms.go)
	keysRead map[string]bool       // key ARNs whose policy is being read (kms.go)
	// clustersFound counts the clusters and workgroups --cluster-id kept,
	// over every account; clustersRead names the accounts (and regions)
	// whose lists were both read, for the warning on an id naming none.
	clustersFound int
	clustersRead  []string
	progressShown bool
}

// loadConfig is the SDK's default chain (environment, shared config and
// credentials files, SSO, web identity, instance and container roles;
// AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> for the endpoints), with
// the standard retryer (exponential backoff with jitter, throttling
// errors retried) and a counter of calls and attempts.
// A profile that does not exist is a setup error, found before any call.
func (c *collector) loadConfig(ctx context.Context, profile string) (aws.Config, error) {
	var load []func(*config.LoadOptions) error
	if c.opts.Region != "" {
		load = append(load, config.WithRegion(c.opts.Region))
	}
	if profile != "" {
		load = append(load, config.WithSharedConfigProfile(profile))
	}
	load = append(load, config.WithRetryer(func() aws.Retryer { return retry.NewStandard() }))
	cfg, err := config.LoadDefaultConfig(ctx, load...)
	if err != nil {
		return cfg, fmt.Errorf("cannot load the AWS configuration: %s", oneLine(err.Error()))
	}
	if cfg.Region == "" {
		return cfg, errors.New("no AWS region: pass --region, or set AWS_REGION or the profile's region")
	}
	cfg.APIOptions = append(cfg.APIOptions, c.count)
	cfg.APIOptions = append(cfg.APIOptions, c.opts.APIOptions...)
	return cfg, nil
}

// count adds two counters to a client's stack: one per operation call
// (before the retryer) and one per HTTP attempt (after it).
func (c *collector) count(stack *middleware.Stack) error {
	calls := middleware.InitializeMiddlewareFunc("preflightCountCalls", func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
		c.calls.Add(1)
		return next.HandleInitialize(ctx, in)
	})
	sends := middleware.FinalizeMiddlewareFunc("preflightCountSends", func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
		c.sends.Add(1)
		return next.HandleFinalize(ctx, in)
	})
	if err := stack.Initialize.Add(calls, middleware.Before); err != nil {
		return err
	}
	return stack.Finalize.Add(sends, middleware.After)
}

// run collects the caller's account and each --role-arn's account and
// each further --profile's account (others), those in parallel: IAM data,
// bucket lists, clusters and workgroups (and the caller's organization).
func (c *collector) run(ctx context.Context, cfg aws.Config, others []aws.Config) {
	c.files, c.configs, c.owners = map[string][]byte{}, map[string]aws.Config{}, map[string]string{}
	var wg sync.WaitGroup
	for _, src := range c.reach(ctx, cfg, others) {
		wg.Go(func() { c.account(ctx, src.cfg, src.account, src.caller) })
	}
	wg.Wait()
	c.warnClusterID()
	// Per-resource facts once every account's bucket list is in: a
	// bucket's calls are made as its owner when collect read that account.
	if len(c.configs) > 0 {
		var facts sync.WaitGroup
		facts.Go(func() { c.bucketFacts(ctx, cfg) })
		facts.Go(func() { c.functionPolicies(ctx, cfg) })
		facts.Wait()
		c.keyPolicies(ctx, cfg, c.sqlKeys(cfg)) // kms.go: the SQL's keys and the buckets' default keys
	}
}

// source is one way into an account: the caller's credentials, a
// --role-arn assumed with them, or a further --profile.
type source struct {
	cfg     aws.Config
	account string
	caller  bool
	name    string // for the summary: "the caller", "--role-arn ARN", "--profile P"
}

// reach learns, all at once, which account each source's credentials are
// of, and keeps one source per account: the first in the order caller,
// --role-arn, --profile, whatever answers first, so that the same flags
// collect each account with the same credentials on every run. An account
// reached twice is collected once, with a warning naming both.
func (c *collector) reach(ctx context.Context, cfg aws.Config, others []aws.Config) []source {
	all := make([]source, 1+len(c.opts.RoleARNs)+len(others))
	var wg sync.WaitGroup
	wg.Go(func() {
		if account, ok := c.identity(ctx, cfg, ""); ok {
			all[0] = source{cfg, account, true, "the caller's credentials"}
		}
	})
	for i, arn := range c.opts.RoleARNs {
		wg.Go(func() {
			if as, account, ok := c.assumed(ctx, cfg, arn); ok {
				all[1+i] = source{as, account, false, "--role-arn " + arn}
			}
		})
	}
	for i, other := range others {
		wg.Go(func() {
			if account, ok := c.identity(ctx, other, ""); ok {
				all[1+len(c.opts.RoleARNs)+i] = source{other, account, false, "--profile " + c.opts.OtherProfiles[i]}
			}
		})
	}
	wg.Wait()
	c.caller = all[0].account
	first := map[string]string{}
	var keep []source
	for _, src := range all {
		switch by, seen := first[src.account]; {
		case src.account == "":
		case seen:
			c.res.Warnings = append(c.res.Warnings, fmt.Sprintf("account %s is reached by %s and by %s: collected once, with %s", src.account, by, src.name, by))
		default:
			first[src.account] = src.name
			keep = append(keep, src)
		}
	}
	return keep
}

// identity asks STS whose credentials these are. It is never denied by a
// policy, so a failure here (no credentials, expired ones, an endpoint
// that does not answer) means no other call of that account can work.
func (c *collector) identity(ctx context.Context, cfg aws.Config, expect string) (string, bool) {
	var out *sts.GetCallerIdentityOutput
	err := c.call(func() (err error) {
		out, err = sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		return err
	})
	if err != nil {
		c.gap(gapOf("sts:GetCallerIdentity", expect, cfg.Region, err))
		return "", false
	}
	return str(out.Account), true
}

// assumed assumes role arn with cfg's credentials and says whose
// account the role's credentials are of.
func (c *collector) assumed(ctx context.Context, cfg aws.Config, arn string) (aws.Config, string, bool) {
	account := accountOf(arn)
	provider := stscreds.NewAssumeRoleProvider(sts.NewFromConfig(cfg), arn, func(o *stscreds.AssumeRoleOptions) {
		o.RoleSessionName = "redshift-preflight-collect"
	})
	as := cfg.Copy()
	as.Credentials = aws.NewCredentialsCache(provider)
	// The provider calls AssumeRole on first use; do it here, so that its
	// failure is the gap it is, not a failure of the first IAM call.
	if err := c.call(func() error { _, err := as.Credentials.Retrieve(ctx); return err }); err != nil {
		c.gap(gapOf("sts:AssumeRole", account, cfg.Region, err))
		return as, "", false
	}
	got, ok := c.identity(ctx, as, account)
	return as, got, ok
}

// accountOf is the account of a role ARN, "" when it has none.
func accountOf(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 {
		return ""
	}
	return parts[4]
}

// account collects one account: its IAM data, its buckets' list, and the
// region's provisioned clusters and serverless namespaces and workgroups;
// for the caller's account (caller) also its organization. Clusters are
// read in every account reached: the SQL may run on a cluster of a
// --role-arn's or a further --profile's account, and check finds it by
// identifier in any of them.
func (c *collector) account(ctx context.Context, cfg aws.Config, account string, caller bool) {
	var wg sync.WaitGroup
	c.mu.Lock()
	c.configs[account] = cfg
	c.mu.Unlock()
	wg.Go(func() { c.iam(ctx, cfg, account) })
	wg.Go(func() { c.buckets(ctx, cfg, account) })
	if caller {
		wg.Go(func() { c.organizations(ctx, cfg, account) }) // organizations.go
	}
	var provisioned, serverless int
	okProvisioned, okServerless := false, false
	wg.Go(func() { provisioned, okProvisioned = c.clusters(ctx, cfg, account) })
	wg.Go(func() { serverless, okServerless = c.serverless(ctx, cfg, account) })
	wg.Wait()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.clustersFound += provisioned + serverless
	if okProvisioned && okServerless {
		c.clustersRead = append(c.clustersRead, "account "+account+", "+cfg.Region)
	}
}

// warnClusterID says when --cluster-id names no cluster or workgroup in
// any account whose lists were read: an account that has it is enough.
func (c *collector) warnClusterID() {
	if c.opts.ClusterID == "" || c.clustersFound > 0 || len(c.clustersRead) == 0 {
		return
	}
	slices.Sort(c.clustersRead)
	c.res.Warnings = append(c.res.Warnings, fmt.Sprintf("no cluster or serverless workgroup named %s in %s",
		c.opts.ClusterID, strings.Join(c.clustersRead, "; ")))
}

// call makes one API call within the concurrency bound, and shows progress.
func (c *collector) call(f func() error) error {
	c.sem <- struct{}{}
	err := f()
	<-c.sem
	c.progress()
	return err
}

func (c *collector) progress() {
	if c.opts.Progress == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.progressShown = true
	fmt.Fprintf(c.opts.Progress, "\r\033[Kcollect: %d calls, %d files, %d gaps", c.calls.Load(), len(c.files), len(c.res.Gaps))
}

func (c *collector) gap(g Gap) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.res.Gaps = append(c.res.Gaps, g)
}

// keep holds a file's content for writing once the run is over.
func (c *collector) keep(name, what string, v any) {
	data, err := encode(v)
	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil { // our own types: a bug, reported as a gap rather than a crash
		c.res.Gaps = append(c.res.Gaps, Gap{Call: "write " + name, Code: "Error", Message: err.Error()})
		return
	}
	c.files[name] = data
	c.res.Written = append(c.res.Written, Written{Name: name, What: what})
}

// finish writes the files and the manifest, each atomically, then removes
// the files that the previous run's manifest lists and this run did not
// write: left behind, they would be read as current.
func (c *collector) finish() error {
	names := make([]string, 0, len(c.files))
	for name := range c.files {
		names = append(names, name)
	}
	slices.Sort(names)
	previous := c.previousFiles()
	for _, name := range names {
		if err := writeFile(filepath.Join(c.opts.Out, name), c.files[name]); err != nil {
			return err
		}
	}
	m := Manifest{CollectFormat: 1, CollectedFiles: names, CollectGaps: c.res.Gaps}
	if m.CollectGaps == nil {
		m.CollectGaps = []Gap{}
	}
	data, err := encode(m)
	if err != nil {
		return err
	}
	if err := writeFile(filepath.Join(c.opts.Out, ManifestName), data); err != nil {
		return err
	}
	for _, name := range previous {
		if _, kept := c.files[name]; kept {
			continue
		}
		if err := os.Remove(filepath.Join(c.opts.Out, name)); err == nil {
			c.res.Removed = append(c.res.Removed, name)
		}
	}
	return nil
}

// previousFiles are the files the manifest already in the directory lists.
func (c *collector) previousFiles() []string {
	data, err := os.ReadFile(filepath.Join(c.opts.Out, ManifestName))
	if err != nil {
		return nil
	}
	m, err := ReadManifest(data)
	if err != nil {
		return nil
	}
	return m.CollectedFiles
}

// Targets are the resources the SQL names whose facts are read too
// (defined in package job, which redshift-preflight's check side imports
// without the SDK).
type Targets = job.Targets
