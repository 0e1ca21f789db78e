package access

import (
	"fmt"
	"slices"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/chain"
	"github.com/redshift-preflight/redshift-preflight/iam"
	"github.com/redshift-preflight/redshift-preflight/redshift"
)

// Operation permissions (SPEC §9): the last role of a chain must be allowed
// to do what the statement does. The actions per statement are those of
// redshift-grammar.md §5; each is a Request that Evaluate decides against
// the last role's identity policies and boundary and, when the data holds
// it, the bucket, function or key policy.

// Statement describes what a statement does, as far as its permissions go;
// package checks fills it from the parsed statement.
type Statement struct {
	Kind   redshift.StatementKind
	Source redshift.Source // CREATE EXTERNAL SCHEMA's FROM variant, LAMBDA or SAGEMAKER
	Target *redshift.Target
	// CatalogRole: the chain is the statement's CATALOG_ROLE, which does the
	// catalog's work; HasCatalogRole: the statement has one, so IAM_ROLE does not.
	CatalogRole, HasCatalogRole bool

	Manifest bool // COPY ... MANIFEST: the target is a manifest file
	// ManifestEntries are the URLs a local copy of the manifest lists
	// (--manifest); ManifestSupplied: a copy was given (it may list none).
	ManifestEntries  []string
	ManifestSupplied bool
	JSONPaths        string // COPY ... JSON 's3://...': the JSONPaths file
	Encrypted        bool   // ENCRYPTED
	KMSKeyID         string // UNLOAD / CREATE MODEL KMS_KEY_ID
	// KMSKeyGiven: the statement has KMS_KEY_ID, even an empty one, which
	// names no key (and must not read as "no KMS key needed").
	KMSKeyGiven bool
	Cleanpath   bool   // UNLOAD ... CLEANPATH
	SecretARN   string // SECRET_ARN
	ClusterARN  string // CLUSTER_ARN (MSK)
	Region      string // REGION: where the bucket or table is; "" for the cluster's
	CatalogID   string // CATALOG_ID: the Glue catalog's account
	Auth        string // AUTHENTICATION (upper case): NONE, IAM, MTLS; "" when not given
	CreateDB    bool   // CREATE EXTERNAL DATABASE IF NOT EXISTS
	AutoOff     bool   // CREATE MODEL ... AUTO OFF
}

// Result is the verdict on what the last role must be allowed to do.
type Result struct {
	Role    string // the last role's ARN
	Checks  []Check
	Verdict chain.Verdict
	Reason  chain.Reason // the reason shared by every check that decided the verdict, or NoReason
}

// Operation evaluates what the statement needs from the chain's last role
// (a role ARN). It returns nil when the statement names nothing the IAM
// data can decide (no target, an https library, a Hive metastore schema)
// or the role is not in the data.
func Operation(w chain.World, last string, st Statement) *Result {
	if w.Inventory == nil {
		return nil
	}
	who, err := chain.RoleSession(w.Inventory, last)
	if err != nil || who.Role == nil {
		return nil
	}
	p := &planner{w: w, st: st, partition: who.Caller.Partition, account: who.Caller.Account, role: last}
	if w.Cluster != nil {
		p.region = w.Cluster.Region
	}
	planners[st.Kind](p)
	if len(p.requests) == 0 {
		return nil
	}
	res := &Result{Role: last}
	for _, req := range p.requests {
		req.FailReason, req.Purpose = chain.ReasonPermissionMissing, st.Kind.Words()
		c := Evaluate(w.Inventory, who, req)
		if req.EveryBucket && c.Verdict == chain.VerdictOK {
			c = everyBucket(w.Inventory, who, req, c)
		}
		res.Checks = append(res.Checks, c)
	}
	res.decide()
	return res
}

// planner collects the requests of one statement.
type planner struct {
	w                  chain.World
	st                 Statement
	partition, account string // the last role's
	region             string // the cluster's; "" when unknown
	role               string // the last role's ARN
	// https: the statement reaches S3 over HTTPS (COPY, UNLOAD), which
	// fixes aws:SecureTransport on its S3 requests.
	https    bool
	requests []Request
}

func (p *planner) add(r Request) { p.requests = append(p.requests, r) }

// last is the request added last, to qualify it.
func (p *planner) last() *Request { return &p.requests[len(p.requests)-1] }

// regional adds a request on arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE;
// region "" is the cluster's, which may be unknown.
func (p *planner) regional(action, service, region, account, resource string) {
	if region == "" {
		region = p.region
	}
	r := Request{Action: action, Resource: fmt.Sprintf("arn:%s:%s:%s:%s:%s", p.partition, service, region, account, resource)}
	if region == "" {
		r.Resource = fmt.Sprintf("arn:%s:%s:<region>:%s:%s", p.partition, service, account, resource)
		r.Unknown = "the cluster's region is not known (no cluster data, or none of its ARNs names it)"
	}
	p.add(r)
}

func (p *planner) lambda(name string) {
	if strings.HasPrefix(name, "arn:") {
		p.add(Request{Action: "lambda:InvokeFunction", Resource: name, ResourcePolicy: p.w.Inventory.FunctionPolicy(name)})
	} else {
		p.regional("lambda:InvokeFunction", "lambda", "", p.account, "function:"+name)
		if r := p.last(); r.Unknown == "" {
			r.ResourcePolicy = p.w.Inventory.FunctionPolicy(r.Resource)
		}
	}
	functionGap(p.w.Inventory, p.last(), name)
}

// s3Parts splits s3://bucket/key.
func s3Parts(uri string) (bucket, key string, ok bool) {
	if len(uri) < 5 || !strings.EqualFold(uri[:5], "s3://") {
		return "", "", false
	}
	bucket, key, _ = strings.Cut(uri[5:], "/")
	return bucket, key, bucket != ""
}

func (p *planner) s3ARN(res string) string { return "arn:" + p.partition + ":s3:::" + res }

// s3Request is a request on a bucket or its objects. S3 ARNs name no
// account. Without a bucket policy the role's policies decide alone (the
// bucket is taken to be in the role's account: resource policies count
// only when supplied, SPEC §9); with one, whether the request crosses
// accounts is unknown unless the data names the owner (bucketSide).
func (p *planner) s3Request(action, bucket, resource string) Request {
	r := Request{Action: action, Resource: p.s3ARN(resource)}
	p.bucketSide(&r, bucket)
	if p.https {
		r.know(secureTransport)
	}
	return r
}

// secureTransport: COPY and UNLOAD reach S3 over HTTPS, and
// aws:SecureTransport tells whether a request was sent using SSL.
//
// Amazon Redshift Database Developer Guide, "COPY from Amazon S3"
// (https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-source-s3.html):
// "COPY from Amazon S3 uses an HTTPS connection."
// Amazon Redshift Management Guide, "Encryption in transit"
// (https://docs.aws.amazon.com/redshift/latest/mgmt/security-encryption-in-transit.html):
// "To protect your data in transit within the AWS Cloud, Amazon Redshift
// uses hardware accelerated SSL to communicate with Amazon S3 or Amazon
// DynamoDB for COPY, UNLOAD, backup, and restore operations."
// IAM User Guide, "IAM policy elements: Variables and tags"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html):
// "aws:SecureTransport This is a Boolean value that represents whether the
// request was sent using SSL."
func secureTransport(ctx *iam.Context) { ctx.Set("aws:SecureTransport", "true") }

// objectKeys: s3:prefix is a key of the listing actions only, so an object
// request (GetObject, PutObject, DeleteObject) does not carry it and a
// condition on it evaluates as for an absent key.
//
// Service Authorization Reference, "Actions, resources, and condition keys
// for Amazon S3" (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html):
// s3:prefix "Filters access by key name prefix"; the actions table lists it
// among the condition keys of ListBucket and ListBucketVersions, and not
// among those of GetObject, PutObject or DeleteObject.
func objectKeys(ctx *iam.Context) { ctx.SetAbsent("s3:prefix") }

// s3Objects is an object action on one object, or on every object whose
// key starts with keyPrefix when prefix is set.
func (p *planner) s3Objects(action, bucket, keyPrefix string, prefix bool) {
	r := p.s3Request(action, bucket, bucket+"/"+keyPrefix)
	r.Prefix = prefix
	r.know(objectKeys)
	p.add(r)
}

// s3Prefix: every object under the prefix and the bucket listing, with
// s3:prefix set to the prefix.
func (p *planner) s3Prefix(uri string, actions ...string) { p.s3(uri, true, actions) }

// s3Object: one named object (a manifest, a JSONPaths file, a library).
func (p *planner) s3Object(uri string, actions ...string) { p.s3(uri, false, actions) }

// s3 adds the actions on the objects a URI names (all under it when
// prefix) and on listing its bucket, with the key as s3:prefix. Listing a
// whole bucket may send no prefix at all: s3:prefix is then left unknown.
func (p *planner) s3(uri string, prefix bool, actions []string) {
	bucket, key, ok := s3Parts(uri)
	if !ok {
		return
	}
	for _, a := range actions {
		if !strings.EqualFold(a, "s3:ListBucket") {
			p.s3Objects(a, bucket, key, prefix)
			continue
		}
		r := p.s3Request(a, bucket, bucket)
		if key != "" || !prefix {
			r.know(func(ctx *iam.Context) { ctx.Set("s3:prefix", key) })
		}
		p.add(r)
	}
}

// decide: fail if a check fails, else unknown if one is, else ok; the
// reason when all the deciding checks share one.
func (r *Result) decide() {
	r.Verdict = chain.VerdictOK
	var reasons []chain.Reason
	for _, v := range []chain.Verdict{chain.VerdictFail, chain.VerdictUnknown} {
		for _, c := range r.Checks {
			if c.Verdict == v {
				r.Verdict = v
				if !slices.Contains(reasons, c.Reason) {
					reasons = append(reasons, c.Reason)
				}
			}
		}
		if r.Verdict == v {
			break
		}
	}
	if len(reasons) == 1 {
		r.Reason = reasons[0]
	}
}
