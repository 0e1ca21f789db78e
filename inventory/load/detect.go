package load

import (
	"bytes"
	"sort"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/internal/files"
	"github.com/redshift-preflight/redshift-preflight/inventory"
	"github.com/redshift-preflight/redshift-preflight/inventory/awscli"
	"github.com/redshift-preflight/redshift-preflight/inventory/internal/jsonpull"
	"github.com/redshift-preflight/redshift-preflight/inventory/terraform"
)

// A file's format is detected from its top-level keys, never its name.
// Each supported key names one format and the reader of its value, which
// reads it as it comes, in one pass over the file; the format is checked
// once the whole top level is read. Keys of a format the tool does not
// read are recognised so that such a file is rejected with advice rather
// than as unknown.

type format uint8

const (
	fmtNone format = iota
	fmtGAAD
	fmtGetRole
	fmtDescribeClusters
	fmtGetNamespace
	fmtListNamespaces
	fmtGetWorkgroup
	fmtListWorkgroups
	fmtTerraformState
	fmtTerraformPlan
	fmtResourcePolicy
	fmtCollectGaps
	fmtOrganizations
	fmtListBuckets
	fmtBucketLocation
	fmtBucketEncryption
	fmtListAliases
	fmtDescribeKey
	fmtOwnershipControls
	fmtNoBucketPolicy
	fmtNoBucket
	fmtEnd
)

var formatNames = map[format]string{
	fmtGAAD:              "aws iam get-account-authorization-details",
	fmtGetRole:           "aws iam get-role",
	fmtDescribeClusters:  "aws redshift describe-clusters",
	fmtGetNamespace:      "aws redshift-serverless get-namespace",
	fmtListNamespaces:    "aws redshift-serverless list-namespaces",
	fmtGetWorkgroup:      "aws redshift-serverless get-workgroup",
	fmtListWorkgroups:    "aws redshift-serverless list-workgroups",
	fmtTerraformState:    "terraform show -json (state)",
	fmtTerraformPlan:     "terraform show -json (plan)",
	fmtResourcePolicy:    "aws s3api get-bucket-policy, aws lambda get-policy or aws kms get-key-policy",
	fmtCollectGaps:       "redshift-preflight collect's gaps.json",
	fmtOrganizations:     "aws organizations describe-organization, list-roots, list-accounts or collect's organizations.json",
	fmtListBuckets:       "aws s3api list-buckets",
	fmtBucketLocation:    "aws s3api get-bucket-location",
	fmtBucketEncryption:  "aws s3api get-bucket-encryption",
	fmtListAliases:       "aws kms list-aliases",
	fmtDescribeKey:       "aws kms describe-key",
	fmtOwnershipControls: "aws s3api get-bucket-ownership-controls",
	fmtNoBucketPolicy:    "a NoSuchBucketPolicy file",
	fmtNoBucket:          "a NoSuchBucket file",
}

// member is a top-level key's format and the reader of its value.
type member struct {
	format format
	read   func(*jsonpull.Reader, *inventory.File) error
}

var members = map[string]member{
	"RoleDetailList":  {fmtGAAD, awscli.RoleDetailList},
	"Policies":        {fmtGAAD, awscli.Policies},
	"UserDetailList":  {fmtGAAD, awscli.UserDetailList},
	"GroupDetailList": {fmtGAAD, awscli.GroupDetailList},
	"Role":            {fmtGetRole, awscli.GetRole},
	"Clusters":        {fmtDescribeClusters, awscli.Clusters},
	"namespace":       {fmtGetNamespace, awscli.Namespace},
	"namespaces":      {fmtListNamespaces, awscli.Namespaces},
	"workgroup":       {fmtGetWorkgroup, awscli.Workgroup},
	"workgroups":      {fmtListWorkgroups, awscli.Workgroups},
	"CollectGaps":     {fmtCollectGaps, awscli.CollectGaps},
	"CollectedFiles":  {fmtCollectGaps, awscli.CollectedFiles},
	"CollectFormat":   {fmtCollectGaps, awscli.CollectFormat},
	// AWS Organizations (awscli/orgs.go): each key is one CLI output or a
	// member of collect's organizations.json, so all are one format.
	"Organization":                      {fmtOrganizations, awscli.DescribeOrganization},
	"Roots":                             {fmtOrganizations, awscli.ListRoots},
	"Accounts":                          {fmtOrganizations, awscli.ListAccounts},
	"OrganizationParents":               {fmtOrganizations, awscli.OrganizationParents},
	"OrganizationPolicies":              {fmtOrganizations, awscli.OrganizationPolicies},
	"OrganizationPolicyTypes":           {fmtOrganizations, awscli.OrganizationPolicyTypes},
	"OrganizationsFormat":               {fmtOrganizations, awscli.OrganizationsFormat},
	"Buckets":                           {fmtListBuckets, awscli.Buckets},
	"LocationConstraint":                {fmtBucketLocation, awscli.BucketLocation},
	"ServerSideEncryptionConfiguration": {fmtBucketEncryption, awscli.BucketEncryption},
	"Aliases":                           {fmtListAliases, awscli.Aliases},
	"KeyMetadata":                       {fmtDescribeKey, awscli.KeyMetadata},
	"OwnershipControls":                 {fmtOwnershipControls, awscli.OwnershipControls},
	"NoSuchBucketPolicy":                {fmtNoBucketPolicy, awscli.NoSuchBucketPolicy},
	"NoSuchBucket":                      {fmtNoBucket, awscli.NoSuchBucket},
}

const expectedFormats = "expected the JSON output of aws iam get-account-authorization-details, aws iam get-role, " +
	"aws redshift describe-clusters, aws redshift-serverless get-namespace, list-namespaces, get-workgroup or list-workgroups, " +
	"or terraform show -json (a state or a saved plan)"

// scan is one file's top level as it is read.
type scan struct {
	r       *jsonpull.Reader
	f       *inventory.File
	formats map[format]bool
	keys    map[string]bool
	tf      terraform.Output // read once the format is known
	// truncated, incomplete: the member that says more pages follow.
	truncated, incomplete string
}

// readData detects the format of a file's data and reads it into f.
func readData(f *inventory.File, data []byte, release func(upto int)) error {
	if bytes.HasPrefix(data, []byte("\xFF\xFE")) || bytes.HasPrefix(data, []byte("\xFE\xFF")) {
		return inventory.DataError("the file is UTF-16 encoded (as PowerShell's > writes it); save it as UTF-8")
	}
	text := files.TrimBOM(data)
	s := &scan{r: jsonpull.New(f.Name(), text), f: f, formats: map[format]bool{}, keys: map[string]bool{}}
	if release != nil {
		bom := len(data) - len(text)
		s.r.OnProgress(func(offset int) { release(bom + offset) })
	}
	if err := s.topLevel(); err != nil {
		return err
	}
	if err := s.r.End(); err != nil {
		return err
	}
	if err := s.check(); err != nil {
		return err
	}
	if s.formats[fmtTerraformState] || s.formats[fmtTerraformPlan] {
		return terraform.Read(s.r, f, s.tf, s.formats[fmtTerraformPlan])
	}
	return nil
}

// topLevel reads the top-level object, each member by its reader.
func (s *scan) topLevel() error {
	switch k := s.r.Kind(); k {
	case '{':
	case 0:
		if err := s.r.End(); err != nil {
			return err
		}
		return inventory.DataError("empty file")
	default:
		if err := s.r.Skip(); err != nil {
			return err
		}
		return inventory.DataError("not a recognised AWS export: the top level is " + article(jsonpull.KindName(k)) + ", want an object; " + expectedFormats)
	}
	return s.r.Object(s.member)
}

// member reads one top-level member.
func (s *scan) member(key string) error {
	s.keys[key] = true
	if m, ok := members[key]; ok {
		s.formats[m.format] = true
		return m.read(s.r, s.f)
	}
	switch key {
	case "Policy":
		if s.r.Kind() != '"' { // aws iam get-policy: an object, recognised as unsupported
			return s.r.Skip()
		}
		s.formats[fmtResourcePolicy] = true
		return awscli.ResourcePolicy(s.r, s.f)
	case "format_version", "values", "planned_values", "resource_changes", "configuration":
		return s.tf.Capture(s.r, key)
	case "IsTruncated", "Truncated": // Truncated: kms list-aliases
		more, err := s.r.Bool()
		if more {
			s.truncated = key
		}
		return err
	case "Account": // added to list-buckets output (inventory/bucket_facts.go)
		return awscli.BucketsAccount(s.r, s.f)
	case "Bucket": // added to get-bucket-location, get-bucket-encryption and get-bucket-ownership-controls output; a NoSuchBucket(Policy) file's
		return awscli.LocationBucket(s.r, s.f)
	case "KeyArn": // added to kms get-key-policy output (inventory/kms.go)
		return awscli.KeyARN(s.r, s.f)
	case "PolicyName": // kms get-key-policy output names its policy, not its key
		if s.r.Kind() != '"' {
			return s.r.Skip()
		}
		return awscli.PolicyName(s.r, s.f)
	case "Marker", "NextToken", "nextToken", "ContinuationToken", "NextMarker":
		tok, err := s.r.OptString()
		if tok != "" && s.incomplete == "" {
			s.incomplete = key
		}
		return err
	}
	return s.r.Skip()
}

// check decides the format from the keys seen and rejects incomplete pages.
func (s *scan) check() error {
	s.terraformFormat()
	switch len(s.formats) {
	case 0:
		if msg := unsupported(s.keys); msg != "" {
			return inventory.DataError(msg)
		}
		return inventory.DataError(notRecognised(s.keys))
	case 1:
	default:
		var names []string
		for f := fmtGAAD; f < fmtEnd; f++ {
			if s.formats[f] {
				names = append(names, formatNames[f])
			}
		}
		return inventory.DataError("ambiguous export: the top-level keys are those of " + strings.Join(names, " and ") +
			" output; give each export its own file")
	}
	switch {
	case s.truncated != "":
		return &inventory.LoadError{Path: s.truncated, Msg: "the export is incomplete (" + s.truncated + " is true, more pages follow): " +
			"export with the AWS CLI without --max-items, which fetches every page"}
	case s.incomplete != "":
		return &inventory.LoadError{Path: s.incomplete, Msg: "the export is incomplete (" + s.incomplete + " is set, more pages follow): " +
			"export with the AWS CLI without --max-items, which fetches every page"}
	}
	return nil
}

// terraformFormat recognises terraform show -json output from the
// top-level keys: format_version with values (a state) or with
// planned_values, resource_changes or configuration (a plan). An empty
// state is printed as format_version alone.
func (s *scan) terraformFormat() {
	t := &s.tf
	if !t.HaveVersion {
		return
	}
	if t.Values.Value != nil {
		s.formats[fmtTerraformState] = true
	}
	if t.PlannedValues.Value != nil || t.ResourceChanges.Value != nil || t.Configuration.Value != nil {
		s.formats[fmtTerraformPlan] = true
	}
	if len(s.formats) > 0 {
		return
	}
	for k := range s.keys {
		if k != "format_version" && k != "terraform_version" {
			return
		}
	}
	s.formats[fmtTerraformState] = true
}

// unsupported recognises exports the tool does not read, by their
// top-level keys, and says what to give instead.
func unsupported(keys map[string]bool) string {
	has := func(names ...string) bool {
		for _, n := range names {
			if !keys[n] {
				return false
			}
		}
		return true
	}
	switch {
	case has("PolicyDocument", "PolicyName"):
		return "aws iam get-role-policy output is not supported: " + awscli.UseGAAD
	case has("PolicyNames"):
		return "aws iam list-role-policies output (policy names only) is not supported: " + awscli.UseGAAD
	case has("AttachedPolicies"):
		return "aws iam list-attached-role-policies output (policy ARNs only) is not supported: " + awscli.UseGAAD
	case has("PolicyVersion"):
		return "aws iam get-policy-version output is not supported (it does not name its policy): " + awscli.UseGAAD
	case has("Policy"):
		return "aws iam get-policy output is not supported (it holds no policy document): " + awscli.UseGAAD
	case has("Roles"):
		return "aws iam list-roles output is not supported (it omits permissions boundaries and policies): " +
			awscli.UseGAAD + `, or give "aws iam get-role" output per role`
	case has("UserId", "Account", "Arn"):
		return "aws sts get-caller-identity output holds no IAM or cluster data"
	case has("format_version"):
		return "Terraform JSON output other than terraform show -json: a state has \"values\", a plan \"planned_values\"; " +
			"give the output of terraform show -json (state) or terraform show -json PLANFILE"
	case has("Cluster"):
		return "a single-cluster response (create-cluster, modify-cluster...) is not supported: give aws redshift describe-clusters output"
	}
	return ""
}

func notRecognised(keySet map[string]bool) string {
	msg := "not a recognised AWS export: " + expectedFormats
	if len(keySet) == 0 {
		return msg + " (the file holds an empty object)"
	}
	keys := make([]string, 0, len(keySet))
	for k := range keySet {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	const max = 6
	more := ""
	if len(keys) > max {
		keys, more = keys[:max], ", ..."
	}
	quoted := make([]string, len(keys))
	for i, k := range keys {
		quoted[i] = inventory.Short(k)
	}
	return msg + " (top-level keys: " + strings.Join(quoted, ", ") + more + ")"
}

func article(kind string) string {
	switch kind {
	case "array", "object":
		return "an " + kind
	case "not a JSON value":
		return kind
	}
	return "a " + kind
}
