package inventory

import "github.com/redshift-preflight/redshift-preflight/iam"

// Builder assembles an Inventory from what readers find in files. A reader
// reads one file into a File (NewFile), adding definitions to it; Add then
// merges the file into the inventory, so that a file with an error adds
// nothing, and Finish completes it. The merge rules (merge.go) are the
// same for every input format: identical definitions merge, different ones
// are an error naming both places.
type Builder struct {
	inv        *Inventory
	files      int
	roles      []*Role          // in load order
	users      []*User          // in load order
	groups     []*Group         // in load order
	policies   []*ManagedPolicy // in load order
	namespaces []*NamespaceDef
	workgroups []*WorkgroupDef
	mergeIndex
	external []ExternalRolePolicy // Terraform role policies of roles that their file does not hold
}

// NewBuilder starts an empty inventory.
func NewBuilder() *Builder {
	return &Builder{inv: &Inventory{
		roles:     map[string]*Role{},
		users:     map[string]*User{},
		groups:    map[string]*Group{},
		policies:  map[string]*ManagedPolicy{},
		accounts:  map[string]bool{},
		origins:   map[string]origin{},
		listed:    map[string]bool{},
		resources: map[string]*resourcePolicy{},
	}, mergeIndex: newMergeIndex()}
}

// File is what one input file defines, before it is merged.
type File struct {
	in         *inputFile
	roles      []*Role
	users      []*User
	groups     []*Group
	policies   []*ManagedPolicy
	clusters   []*Cluster
	namespaces []*NamespaceDef
	workgroups []*WorkgroupDef
	listsRoles bool
	planned    []PlannedRoleDef
	external   []ExternalRolePolicy
	resource   *Doc        // get-bucket-policy or lambda get-policy output
	bucketInfo *bucketFile // list-buckets, get-bucket-location output (bucket_facts.go)
	gaps       []Gap
	orgs       []*OrgDef // Organizations data (orgs.go)
	kmsInfo    *kmsFile  // get-key-policy, get-bucket-encryption output (kms.go)
}

// NewFile starts the definitions of the next file, named as the user gave
// it. Its documents are slices of data, which the inventory keeps.
func (b *Builder) NewFile(name string, data []byte) *File {
	b.files++
	return &File{in: &inputFile{name: name, data: data, idx: b.files - 1}}
}

// Name is the file's name.
func (f *File) Name() string { return f.in.name }

// Source is the place at JSON path path in the file.
func (f *File) Source(path string) Source { return Source{File: f.in.name, Path: path} }

// Doc is the policy document raw, a JSON object or string that is the
// slice of the file's data at byte offset offset, at JSON path at.
func (f *File) Doc(raw []byte, offset int, at DocPath) Doc {
	return Doc{raw: raw, off: offset, file: f.in, at: at}
}

// UnknownDoc stands for a document at path at that a Terraform plan does
// not know until apply: it decodes to nil, which evaluates as unknown.
func (f *File) UnknownDoc(at DocPath) Doc { return Doc{file: f.in, at: at, unknown: true} }

// AbsentDoc stands for a document at path at that the file should hold and
// lacks (a policy version without its Document): it decodes to nil, which
// evaluates as unknown. Another file may hold it: merging takes that one.
func (f *File) AbsentDoc(at DocPath) Doc { return Doc{file: f.in, at: at, unknown: true, absent: true} }

// ListsAllRoles says the file lists every role of the accounts of its
// roles and policies (get-account-authorization-details), so that a role
// missing from them is missing (see Inventory.ListsAllRoles).
func (f *File) ListsAllRoles() { f.listsRoles = true }

// InlineDoc is a named inline policy.
type InlineDoc struct {
	Name string
	Doc  Doc
}

// RoleDef is a role as a reader found it. ARN must be a valid role ARN
// (ParseRoleARN): account, path and name are taken from it.
type RoleDef struct {
	ARN, ID  string
	Source   Source
	Trust    Doc
	Inline   []InlineDoc
	Attached []string // managed policy ARNs
	Boundary string   // permissions boundary ARN, or ""
	Tags     map[string]string
	// PoliciesKnown: Inline and Attached are all of the role's permission
	// policies (Role.PoliciesKnown); PoliciesGap says why not, when the
	// reader knows ("" for get-role output, which never lists them).
	PoliciesKnown bool
	PoliciesGap   string
	// PoliciesMissing: an export that should list every permission policy
	// lacks a list of them (RolePolicyList, AttachedManagedPolicies); it
	// says which, and PoliciesKnown is false. Inline and Attached hold the
	// lists it has.
	PoliciesMissing string
	// BoundaryUnknown, TagsUnknown: a Terraform plan does not know them yet.
	BoundaryUnknown, TagsUnknown bool
	// MemberPaths maps the members of an AWS export's role (RoleId,
	// PermissionsBoundary, Tags, RolePolicyList, AttachedManagedPolicies)
	// to the JSON paths that hold them when they are not members of
	// Source.Path; AttachedAt, when set, is where each attached policy is
	// attached. Messages about a role name these places.
	MemberPaths map[string]string
	AttachedAt  []Source
}

// AddRole adds a role.
func (f *File) AddRole(d RoleDef) {
	a, _ := SplitARN(d.ARN)
	r := &Role{ARN: d.ARN, ID: d.ID, Account: a.Account, Source: d.Source, Attached: d.Attached, Boundary: d.Boundary,
		Tags: d.Tags, PoliciesKnown: d.PoliciesKnown, TagsUnknown: d.TagsUnknown, policiesGap: d.PoliciesGap, policiesMissing: d.PoliciesMissing,
		boundaryUnknown: d.BoundaryUnknown, memberPaths: d.MemberPaths, attachedSrc: d.AttachedAt}
	r.Path, r.Name = SplitResource(a.Resource, "role/")
	docs := &roleDocs{trust: d.Trust}
	for _, in := range d.Inline {
		docs.inline = append(docs.inline, in.Doc)
		docs.inlineNames = append(docs.inlineNames, in.Name)
		r.Inline = append(r.Inline, iam.NamedPolicy{})
	}
	r.docs = docs
	f.roles = append(f.roles, r)
}

// UserDef is an IAM user as a reader found it. ARN must be a valid user ARN
// (ParseNamedARN).
type UserDef struct {
	ARN, ID  string
	Source   Source
	Inline   []InlineDoc
	Attached []string
	Groups   []string // names of its groups
	Boundary string
	Tags     map[string]string
	// PoliciesMissing: the export lacks UserPolicyList,
	// AttachedManagedPolicies or GroupList; it says which. The user's
	// permissions are then unknown beyond the lists it has.
	PoliciesMissing string
}

// AddUser adds a user.
func (f *File) AddUser(d UserDef) {
	u := &User{ARN: d.ARN, ID: d.ID, Source: d.Source, Attached: d.Attached, Groups: d.Groups, Boundary: d.Boundary, Tags: d.Tags,
		policiesMissing: d.PoliciesMissing}
	u.Account, u.Path, u.Name = identity(d.ARN, "user/")
	u.Inline, u.docs = memberDocsOf(d.Inline)
	f.users = append(f.users, u)
}

// GroupDef is an IAM group as a reader found it. ARN must be a valid
// group ARN (ParseNamedARN).
type GroupDef struct {
	ARN, ID  string
	Source   Source
	Inline   []InlineDoc
	Attached []string
	// PoliciesMissing: the export lacks GroupPolicyList or
	// AttachedManagedPolicies; it says which.
	PoliciesMissing string
}

// AddGroup adds a group.
func (f *File) AddGroup(d GroupDef) {
	g := &Group{ARN: d.ARN, ID: d.ID, Source: d.Source, Attached: d.Attached, policiesMissing: d.PoliciesMissing}
	g.Account, g.Path, g.Name = identity(d.ARN, "group/")
	g.Inline, g.docs = memberDocsOf(d.Inline)
	f.groups = append(f.groups, g)
}

func identity(arn, kind string) (account, path, name string) {
	a, _ := SplitARN(arn)
	path, name = SplitResource(a.Resource, kind)
	return a.Account, path, name
}

// VersionDoc is one version of a managed policy.
type VersionDoc struct {
	ID  string
	Doc Doc
}

// PolicyDef is a managed policy as a reader found it: its default
// version, and every version the data gives (compared when another file
// defines the policy too). VersionID is "" when the data does not name
// the default version (Terraform).
type PolicyDef struct {
	ARN, Name string
	Source    Source
	VersionID string
	Default   Doc
	Versions  []VersionDoc
}

// AddPolicy adds a managed policy.
func (f *File) AddPolicy(d PolicyDef) {
	f.policies = append(f.policies, &ManagedPolicy{ARN: d.ARN, Name: d.Name, Source: d.Source, VersionID: d.VersionID,
		doc: &policyDoc{def: d.Default, versions: d.Versions}})
}

// AddResourcePolicy adds a bucket or function policy (aws s3api
// get-bucket-policy, aws lambda get-policy output). The resource it
// belongs to is read from the policy when the file is added.
func (f *File) AddResourcePolicy(doc Doc) { f.resource = &doc }

// Add merges the file's definitions into the inventory.
func (b *Builder) Add(f *File) error {
	steps := []func(*File) error{b.addRoles, b.addMembers, b.addPolicies, b.addClusters, b.addServerless, b.addOrganization, b.addBuckets, b.addKMS}
	for _, step := range steps {
		if err := step(f); err != nil {
			return err
		}
	}
	if f.resource != nil {
		if err := b.addResourcePolicy(f.resource); err != nil {
			return err
		}
	}
	b.inv.planned = append(b.inv.planned, f.planned...)
	b.inv.gaps = append(b.inv.gaps, f.gaps...)
	b.external = append(b.external, f.external...)
	return nil
}

func (b *Builder) addRoles(f *File) error {
	for _, r := range f.roles {
		if err := b.addRole(r); err != nil {
			return err
		}
		b.supply(r.Account, f.listsRoles)
	}
	return nil
}

func (b *Builder) addMembers(f *File) error {
	for _, u := range f.users {
		if err := b.addUser(u); err != nil {
			return err
		}
	}
	for _, g := range f.groups {
		if err := b.addGroup(g); err != nil {
			return err
		}
	}
	return nil
}

func (b *Builder) addPolicies(f *File) error {
	for _, p := range f.policies {
		if err := b.addPolicy(p); err != nil {
			return err
		}
		if a, _ := SplitARN(p.ARN); a.Account != "aws" {
			b.supply(a.Account, f.listsRoles)
		}
	}
	return nil
}

// supply records that the data holds roles or policies of the account.
func (b *Builder) supply(account string, listed bool) {
	b.inv.accounts[account] = true
	if listed {
		b.inv.listed[account] = true
	}
}

// Finish builds serverless clusters, applies what Terraform resources in
// one file say about roles in others, labels every policy and returns the
// inventory. The builder must not be used afterwards.
func (b *Builder) Finish() (*Inventory, error) {
	if err := b.serverless(); err != nil {
		return nil, err
	}
	if err := b.checkNoPolicy(); err != nil { // bucket_access.go
		return nil, err
	}
	if err := b.checkMissingBuckets(); err != nil { // bucket_missing.go
		return nil, err
	}
	b.applyExternal()
	b.label()
	b.labelMembers()
	return b.inv, nil
}
