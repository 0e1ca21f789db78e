package awscli

import (
	"strings"

	"github.com/redshift-preflight/redshift-preflight/iam"
	"github.com/redshift-preflight/redshift-preflight/inventory"
	"github.com/redshift-preflight/redshift-preflight/inventory/internal/jsonpull"
)

// The members of an authorization-details RoleDetail that are read; get-role
// output's Role has the same shape without the permission policies.
type roleCore struct {
	Arn                      string
	RoleName, Path           *string
	RoleId                   string
	AssumeRolePolicyDocument jsonpull.Raw
	PermissionsBoundary      *boundary
	Tags                     []tag
}

type roleDetail struct {
	roleCore                `json:",inline"`
	RolePolicyList          []inlinePolicy
	AttachedManagedPolicies []attachedPolicy
}

type inlinePolicy struct {
	PolicyName     string
	PolicyDocument jsonpull.Raw
}

type attachedPolicy struct{ PolicyArn string }

type boundary struct{ PermissionsBoundaryArn string }

type tag struct {
	Key   *string
	Value string
}

// RoleDetailList reads get-account-authorization-details' RoleDetailList,
// which lists every role of the account.
func RoleDetailList(r *jsonpull.Reader, f *inventory.File) error {
	f.ListsAllRoles()
	return decodeList(r, "RoleDetailList", func(d *roleDetail, base string) error {
		def, err := d.roleCore.def(f, base)
		if err != nil {
			return err
		}
		def.PoliciesKnown = true
		if def.Inline, err = inlinePolicies(f, d.RolePolicyList, base, "RolePolicyList"); err != nil {
			return err
		}
		if def.Attached, err = attachedPolicies(d.AttachedManagedPolicies); err != nil {
			return inventory.Within(err, "AttachedManagedPolicies")
		}
		return roleChecked(f, def, d.roleCore)
	})
}

// GetRole reads aws iam get-role output's Role: trust policy, boundary and
// tags, without the role's permission policies.
func GetRole(r *jsonpull.Reader, f *inventory.File) error {
	var d roleCore
	if err := r.Decode(&d); err != nil {
		return err
	}
	def, err := d.def(f, "Role")
	if err != nil {
		return err
	}
	return roleChecked(f, def, d)
}

// def reads what both shapes give; errors are relative to the role.
func (d roleCore) def(f *inventory.File, base string) (inventory.RoleDef, error) {
	def := inventory.RoleDef{ARN: d.Arn, ID: d.RoleId, Source: f.Source(base)}
	var err error
	if d.AssumeRolePolicyDocument.Value != nil {
		const member = "AssumeRolePolicyDocument"
		if def.Trust, err = jsonpull.Document(f, d.AssumeRolePolicyDocument, inventory.DocPath{Base: base, Leaf: member}); err != nil {
			return def, inventory.Within(err, member)
		}
	}
	if def.Boundary, err = d.PermissionsBoundary.arn(); err != nil {
		return def, inventory.Within(err, "PermissionsBoundary")
	}
	def.Tags, err = tags(d.Tags)
	return def, inventory.Within(err, "Tags")
}

// roleChecked checks the role's identity and adds it.
func roleChecked(f *inventory.File, def inventory.RoleDef, d roleCore) error {
	if err := checkIdentity(d.Arn, "role", "RoleName", d.RoleName, d.Path); err != nil {
		return err
	}
	if d.AssumeRolePolicyDocument.Value == nil {
		return inventory.DataError("missing AssumeRolePolicyDocument")
	}
	f.AddRole(def)
	return nil
}

// checkIdentity checks a role's, user's or group's ARN, and the name and
// path members the export also wrote against it.
func checkIdentity(arn, kind, nameMember string, name, path *string) error {
	if arn == "" {
		return inventory.DataError("missing Arn")
	}
	a, err := inventory.ParseNamedARN(arn, kind)
	if err != nil {
		return inventory.Within(err, "Arn")
	}
	wantPath, wantName := inventory.SplitResource(a.Resource, kind+"/")
	switch {
	case name != nil && *name != wantName:
		return inventory.Within(inventory.DataError(nameMember+" "+inventory.Short(*name)+" does not match Arn "+inventory.Short(arn)), nameMember)
	case path != nil && *path != wantPath:
		return inventory.Within(inventory.DataError("Path "+inventory.Short(*path)+" does not match Arn "+inventory.Short(arn)), "Path")
	}
	return nil
}

// inlinePolicies reads a RolePolicyList, UserPolicyList or GroupPolicyList
// (list, a member of base); errors are relative to base.
func inlinePolicies(f *inventory.File, list []inlinePolicy, base, member string) ([]inventory.InlineDoc, error) {
	var out []inventory.InlineDoc
	for i, p := range list {
		in, err := inlinePolicyAt(f, p, inventory.DocPath{Base: base, List: member, Index: i, Leaf: "PolicyDocument"})
		if err == nil {
			for _, o := range out {
				if o.Name == in.Name {
					err = inventory.Within(inventory.DataError("inline policy "+inventory.Short(in.Name)+" given twice"), "PolicyName")
				}
			}
		}
		if err != nil {
			return nil, inventory.Within(inventory.WithinIndex(err, i), member)
		}
		out = append(out, in)
	}
	return out, nil
}

func inlinePolicyAt(f *inventory.File, p inlinePolicy, at inventory.DocPath) (inventory.InlineDoc, error) {
	doc, err := jsonpull.Document(f, p.PolicyDocument, at)
	switch {
	case p.PolicyDocument.Value != nil && err != nil:
		return inventory.InlineDoc{}, inventory.Within(err, "PolicyDocument")
	case p.PolicyName == "":
		return inventory.InlineDoc{}, inventory.DataError("missing PolicyName")
	case p.PolicyDocument.Value == nil:
		return inventory.InlineDoc{}, inventory.DataError("missing PolicyDocument")
	}
	return inventory.InlineDoc{Name: p.PolicyName, Doc: doc}, nil
}

// attachedPolicies reads AttachedManagedPolicies: the policy ARNs.
func attachedPolicies(list []attachedPolicy) ([]string, error) {
	var out []string
	for i, p := range list {
		err := checkAttached(p, out)
		if err != nil {
			return nil, inventory.WithinIndex(err, i)
		}
		out = append(out, p.PolicyArn)
	}
	return out, nil
}

func checkAttached(p attachedPolicy, before []string) error {
	if p.PolicyArn == "" {
		return inventory.DataError("missing PolicyArn")
	}
	if _, err := inventory.ParsePolicyARN(p.PolicyArn); err != nil {
		return inventory.Within(err, "PolicyArn")
	}
	for _, a := range before {
		if a == p.PolicyArn {
			return inventory.Within(inventory.DataError("policy "+inventory.Short(a)+" attached twice"), "PolicyArn")
		}
	}
	return nil
}

// arn is the boundary policy's ARN, "" for none (null or absent).
func (b *boundary) arn() (string, error) {
	switch {
	case b == nil:
		return "", nil
	case b.PermissionsBoundaryArn == "":
		return "", inventory.DataError("missing PermissionsBoundaryArn")
	}
	if _, err := inventory.ParsePolicyARN(b.PermissionsBoundaryArn); err != nil {
		return "", inventory.Within(err, "PermissionsBoundaryArn")
	}
	return b.PermissionsBoundaryArn, nil
}

// tags reads [{Key, Value}...]; nil when there are none.
func tags(list []tag) (map[string]string, error) {
	var out map[string]string
	for i, t := range list {
		if t.Key == nil {
			return nil, inventory.WithinIndex(inventory.DataError("missing Key"), i)
		}
		if _, dup := out[*t.Key]; dup {
			return nil, inventory.WithinIndex(inventory.Within(inventory.DataError("tag "+inventory.Short(*t.Key)+" given twice"), "Key"), i)
		}
		if out == nil {
			out = map[string]string{}
		}
		out[*t.Key] = t.Value
	}
	return out, nil
}

// The members of a ManagedPolicyDetail of Policies[] that are read.
type policyDetail struct {
	Arn               string
	PolicyName        string
	DefaultVersionId  string
	PolicyVersionList *[]policyVersion
}

type policyVersion struct {
	VersionId        string
	IsDefaultVersion bool
	Document         jsonpull.Raw
}

// Policies reads get-account-authorization-details' Policies: managed
// policies with their versions.
func Policies(r *jsonpull.Reader, f *inventory.File) error {
	return decodeList(r, "Policies", func(d *policyDetail, base string) error { return policy(f, d, base) })
}

func policy(f *inventory.File, d *policyDetail, base string) error {
	def := inventory.PolicyDef{ARN: d.Arn, Name: d.PolicyName, Source: f.Source(base)}
	var err error
	if d.PolicyVersionList != nil {
		if def.Versions, err = versions(f, *d.PolicyVersionList, base); err != nil {
			return inventory.Within(err, "PolicyVersionList")
		}
	}
	if d.Arn == "" {
		return inventory.DataError("missing Arn")
	}
	a, err := inventory.ParsePolicyARN(d.Arn)
	if err != nil {
		return inventory.Within(err, "Arn")
	}
	if name := a.Resource[strings.LastIndexByte(a.Resource, '/')+1:]; def.Name == "" {
		def.Name = name
	} else if def.Name != name {
		return inventory.Within(inventory.DataError("PolicyName "+inventory.Short(def.Name)+" does not match Arn "+inventory.Short(d.Arn)), "PolicyName")
	}
	if d.PolicyVersionList == nil {
		return inventory.DataError("missing PolicyVersionList (aws iam list-policies output holds no policy documents: " + UseGAAD + ")")
	}
	if err := defaultVersion(&def, *d.PolicyVersionList, d.DefaultVersionId); err != nil {
		return err
	}
	f.AddPolicy(def)
	return nil
}

// defaultVersion sets the policy's default version: the one the list marks,
// which DefaultVersionId, when given, must name.
func defaultVersion(def *inventory.PolicyDef, list []policyVersion, id string) error {
	versions := make([]iam.PolicyVersion, len(list))
	for i, v := range list {
		versions[i] = iam.PolicyVersion{VersionID: v.VersionId, IsDefaultVersion: v.IsDefaultVersion}
	}
	d, err := iam.DefaultVersion(versions)
	if err != nil {
		return inventory.Within(inventory.DataError(err.Error()), "PolicyVersionList")
	}
	if id != "" && d.VersionID != id {
		return inventory.Within(inventory.DataError("is "+inventory.Short(id)+" but PolicyVersionList marks "+inventory.Short(d.VersionID)+" as the default version"), "DefaultVersionId")
	}
	def.VersionID = d.VersionID
	for _, v := range def.Versions {
		if v.ID == d.VersionID {
			def.Default = v.Doc
		}
	}
	return nil
}

// versions reads a PolicyVersionList; errors are relative to it.
func versions(f *inventory.File, list []policyVersion, base string) ([]inventory.VersionDoc, error) {
	var out []inventory.VersionDoc
	for i, v := range list {
		doc, err := version(f, v, out, inventory.DocPath{Base: base, List: "PolicyVersionList", Index: i, Leaf: "Document"})
		if err != nil {
			return nil, inventory.WithinIndex(err, i)
		}
		out = append(out, inventory.VersionDoc{ID: v.VersionId, Doc: doc})
	}
	return out, nil
}

func version(f *inventory.File, v policyVersion, before []inventory.VersionDoc, at inventory.DocPath) (inventory.Doc, error) {
	doc, err := jsonpull.Document(f, v.Document, at)
	switch {
	case v.Document.Value != nil && err != nil:
		return doc, inventory.Within(err, "Document")
	case v.VersionId == "":
		return doc, inventory.DataError("missing VersionId")
	case v.Document.Value == nil:
		return doc, inventory.DataError("missing Document")
	}
	for _, o := range before {
		if o.ID == v.VersionId {
			return doc, inventory.Within(inventory.DataError("version "+inventory.Short(v.VersionId)+" given twice"), "VersionId")
		}
	}
	return doc, nil
}
