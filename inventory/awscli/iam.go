package awscli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/iam"
	"github.com/redshift-preflight/redshift-preflight/inventory"
	"github.com/redshift-preflight/redshift-preflight/inventory/internal/jsonpull"
)

// The lists of get-account-authorization-details are long (thousands of
// roles, mostly policy documents), so they are pulled member by member:
// names are compared without copies and documents kept as bytes of the
// file. What the members hold is checked as in the old hand-written
// reader, in the order the export writes them.

// RoleDetailList reads get-account-authorization-details' RoleDetailList,
// which lists every role of the account.
func RoleDetailList(r *jsonpull.Reader, f *inventory.File) error {
	f.ListsAllRoles()
	return r.Array(func(i int) error { return role(r, f, inventory.IndexPath("RoleDetailList", i), true) })
}

// GetRole reads aws iam get-role output's Role: trust policy, boundary and
// tags, without the role's permission policies.
func GetRole(r *jsonpull.Reader, f *inventory.File) error {
	return role(r, f, "Role", false)
}

// identity is what a role, user or group entry says about itself.
type identity struct {
	arn, id    string
	name, path written
}

// written is a member as the entry wrote it, if it did.
type written struct {
	value   string
	present bool
}

func (w *written) read(r *jsonpull.Reader) (err error) {
	w.value, err = r.String()
	w.present = true
	return err
}

// member reads the identity members of a kind of entry (Role, User,
// Group); ok is false for other members.
func (id *identity) member(r *jsonpull.Reader, key, kind string) (ok bool, err error) {
	switch key {
	case "Arn":
		id.arn, err = r.String()
	case kind + "Name":
		err = id.name.read(r)
	case "Path":
		err = id.path.read(r)
	case kind + "Id":
		id.id, err = r.OptString()
	default:
		return false, nil
	}
	return true, err
}

// check checks the ARN of a kind of identity (role, user, group), and the
// name and path members the export also wrote against it.
func (id *identity) check(kind, nameKey string) error {
	if id.arn == "" {
		return inventory.DataError("missing Arn")
	}
	a, err := inventory.ParseNamedARN(id.arn, kind)
	if err != nil {
		return inventory.Within(err, "Arn")
	}
	path, name := inventory.SplitResource(a.Resource, kind+"/")
	switch {
	case id.name.present && id.name.value != name:
		return inventory.Within(inventory.DataError(nameKey+" "+inventory.Short(id.name.value)+" does not match Arn "+inventory.Short(id.arn)), nameKey)
	case id.path.present && id.path.value != path:
		return inventory.Within(inventory.DataError("Path "+inventory.Short(id.path.value)+" does not match Arn "+inventory.Short(id.arn)), "Path")
	}
	return nil
}

// role reads a RoleDetail (get-account-authorization-details, full is
// true) or a get-role Role (trust policy, boundary and tags only).
func role(r *jsonpull.Reader, f *inventory.File, base string, full bool) error {
	def := inventory.RoleDef{PoliciesKnown: full, Source: f.Source(base)}
	var id identity
	var haveTrust bool
	var lists policyLists
	err := r.Members(func(key []byte) error {
		if ok, err := id.member(r, string(key), "Role"); ok {
			return err
		}
		var err error
		switch string(key) {
		case "AssumeRolePolicyDocument":
			def.Trust, err = document(r, f, inventory.DocPath{Base: base, Leaf: "AssumeRolePolicyDocument"})
			haveTrust = true
		case "RolePolicyList":
			if !full {
				return r.Skip()
			}
			def.Inline, err = inlinePolicies(r, f, base, "RolePolicyList")
			lists.saw("RolePolicyList")
		case "AttachedManagedPolicies":
			if !full {
				return r.Skip()
			}
			def.Attached, err = attachedPolicies(r)
			lists.saw("AttachedManagedPolicies")
		case "PermissionsBoundary":
			def.Boundary, err = boundary(r)
		case "Tags":
			def.Tags, err = tags(r)
		default:
			err = r.Skip()
		}
		return err
	})
	if err != nil {
		return err
	}
	if err := id.check("role", "RoleName"); err != nil {
		return err
	}
	if !haveTrust {
		return inventory.DataError("missing AssumeRolePolicyDocument")
	}
	if full {
		def.PoliciesMissing = lists.missing("RolePolicyList", "AttachedManagedPolicies")
		def.PoliciesKnown = def.PoliciesMissing == ""
	}
	def.ARN, def.ID = id.arn, id.id
	f.AddRole(def)
	return nil
}

// policyLists records which policy lists an authorization-details entry
// has. Real exports always write every list, empty or not; an entry that
// lacks one (edited or generated data) leaves the policies it would hold
// unknown, not absent: a missing list could hide a Deny. IAM API
// Reference, RoleDetail
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_RoleDetail.html):
// RolePolicyList "A list of inline policies embedded in the role. These
// policies are the role's access (permissions) policies.";
// AttachedManagedPolicies "A list of managed policies attached to the
// role. These policies are the role's access (permissions) policies."
type policyLists []string

func (l *policyLists) saw(list string) { *l = append(*l, list) }

// missing says which of lists the entry lacks, for the label of the
// unknown policies; "" when it has them all.
func (l policyLists) missing(lists ...string) string {
	var absent []string
	for _, name := range lists {
		if !slices.Contains(l, name) {
			absent = append(absent, name)
		}
	}
	if len(absent) == 0 {
		return ""
	}
	return "not in the data: the get-account-authorization-details entry has no " + strings.Join(absent, " and ")
}

// document reads a policy document: a JSON object, or a string that holds
// JSON text or URL-encoded JSON text.
func document(r *jsonpull.Reader, f *inventory.File, at inventory.DocPath) (inventory.Doc, error) {
	switch r.Kind() {
	case '{', '"':
		raw, err := r.Value()
		if err != nil {
			return inventory.Doc{}, err
		}
		return jsonpull.Document(f, raw, at)
	}
	return inventory.Doc{}, r.WrongKind("a policy document (an object, a JSON string or a URL-encoded string)")
}

// inlinePolicies reads a RolePolicyList, UserPolicyList or GroupPolicyList
// (list, a member of base).
func inlinePolicies(r *jsonpull.Reader, f *inventory.File, base, list string) ([]inventory.InlineDoc, error) {
	var out []inventory.InlineDoc
	err := r.Array(func(i int) error {
		var in inventory.InlineDoc
		var haveDoc bool
		err := r.Members(func(key []byte) error {
			var err error
			switch string(key) {
			case "PolicyName":
				in.Name, err = r.String()
			case "PolicyDocument":
				in.Doc, err = document(r, f, inventory.DocPath{Base: base, List: list, Index: i, Leaf: "PolicyDocument"})
				haveDoc = true
			default:
				err = r.Skip()
			}
			return err
		})
		switch {
		case err != nil:
			return err
		case in.Name == "":
			return inventory.DataError("missing PolicyName")
		case !haveDoc:
			return inventory.DataError("missing PolicyDocument")
		}
		for _, o := range out {
			if o.Name == in.Name {
				return inventory.Within(inventory.DataError("inline policy "+inventory.Short(in.Name)+" given twice"), "PolicyName")
			}
		}
		out = append(out, in)
		return nil
	})
	return out, err
}

// attachedPolicies reads AttachedManagedPolicies: the policy ARNs.
func attachedPolicies(r *jsonpull.Reader) ([]string, error) {
	var out []string
	err := r.Array(func(int) error {
		arn, err := memberString(r, "PolicyArn")
		switch {
		case err != nil:
			return err
		case arn == "":
			return inventory.DataError("missing PolicyArn")
		}
		if _, err := inventory.ParsePolicyARN(arn); err != nil {
			return inventory.Within(err, "PolicyArn")
		}
		for _, a := range out {
			if a == arn {
				return inventory.Within(inventory.DataError("policy "+inventory.Short(arn)+" attached twice"), "PolicyArn")
			}
		}
		out = append(out, arn)
		return nil
	})
	return out, err
}

// memberString reads an object's string member name, "" when absent.
func memberString(r *jsonpull.Reader, name string) (string, error) {
	var s string
	err := r.Members(func(key []byte) error {
		if string(key) != name {
			return r.Skip()
		}
		var err error
		s, err = r.String()
		return err
	})
	return s, err
}

// boundary reads PermissionsBoundary: the boundary policy's ARN, "" for null.
func boundary(r *jsonpull.Reader) (string, error) {
	if null, err := r.Null(); null || err != nil {
		return "", err
	}
	arn, err := memberString(r, "PermissionsBoundaryArn")
	switch {
	case err != nil:
		return "", err
	case arn == "":
		return "", inventory.DataError("missing PermissionsBoundaryArn")
	}
	if _, err := inventory.ParsePolicyARN(arn); err != nil {
		return "", inventory.Within(err, "PermissionsBoundaryArn")
	}
	return arn, nil
}

// tags reads [{Key, Value}...]; nil when there are none.
func tags(r *jsonpull.Reader) (map[string]string, error) {
	if null, err := r.Null(); null || err != nil {
		return nil, err
	}
	var out map[string]string
	err := r.Array(func(int) error {
		var t tag
		err := r.Members(func(key []byte) error {
			var err error
			switch string(key) {
			case "Key":
				var key string
				key, err = r.String()
				t.Key = &key
			case "Value":
				t.Value, err = r.OptString()
			default:
				err = r.Skip()
			}
			return err
		})
		if err != nil {
			return err
		}
		out, err = t.addTo(out)
		return err
	})
	return out, err
}

// tag is one element of a Tags list.
type tag struct {
	Key   *string
	Value string
}

// addTo adds the tag to m, which it makes when nil.
func (t tag) addTo(m map[string]string) (map[string]string, error) {
	if t.Key == nil {
		return nil, inventory.DataError("missing Key")
	}
	if _, dup := m[*t.Key]; dup {
		return nil, inventory.Within(inventory.DataError("tag "+inventory.Short(*t.Key)+" given twice"), "Key")
	}
	if m == nil {
		m = map[string]string{}
	}
	m[*t.Key] = t.Value
	return m, nil
}

// Policies reads get-account-authorization-details' Policies: managed
// policies with their versions.
func Policies(r *jsonpull.Reader, f *inventory.File) error {
	return r.Array(func(i int) error { return policy(r, f, inventory.IndexPath("Policies", i)) })
}

// policy reads a ManagedPolicyDetail of Policies[].
func policy(r *jsonpull.Reader, f *inventory.File, base string) error {
	def := inventory.PolicyDef{Source: f.Source(base)}
	var defaultID string
	var versions []version
	var haveList bool
	err := r.Members(func(key []byte) error {
		var err error
		switch string(key) {
		case "Arn":
			def.ARN, err = r.String()
		case "PolicyName":
			def.Name, err = r.OptString()
		case "DefaultVersionId":
			defaultID, err = r.OptString()
		case "PolicyVersionList":
			haveList = true
			versions, err = policyVersions(r, f, base)
		default:
			err = r.Skip()
		}
		return err
	})
	if err != nil {
		return err
	}
	if err := checkPolicy(&def); err != nil {
		return err
	}
	if !haveList {
		return inventory.DataError("missing PolicyVersionList (aws iam list-policies output holds no policy documents: " + UseGAAD + ")")
	}
	if err := defaultVersion(f, &def, versions, defaultID, base); err != nil {
		return err
	}
	f.AddPolicy(def)
	return nil
}

// checkPolicy checks the policy's ARN and the name the export also wrote,
// which it takes from the ARN when absent.
func checkPolicy(def *inventory.PolicyDef) error {
	if def.ARN == "" {
		return inventory.DataError("missing Arn")
	}
	a, err := inventory.ParsePolicyARN(def.ARN)
	if err != nil {
		return inventory.Within(err, "Arn")
	}
	if name := a.Resource[strings.LastIndexByte(a.Resource, '/')+1:]; def.Name == "" {
		def.Name = name
	} else if def.Name != name {
		return inventory.Within(inventory.DataError("PolicyName "+inventory.Short(def.Name)+" does not match Arn "+inventory.Short(def.ARN)), "PolicyName")
	}
	return nil
}

// defaultVersion sets the policy's default version: the one the list marks
// (IsDefaultVersion), which DefaultVersionId, when given, must name; when
// no version says it is the default, the one DefaultVersionId names, unless
// that one says it is not. Only the default version is evaluated
// (iam-semantics.md §1). IAM API Reference, ManagedPolicyDetail
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_ManagedPolicyDetail.html):
// DefaultVersionId "The identifier for the version of the policy that is
// set as the default (operative) version."; PolicyVersion
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_PolicyVersion.html):
// IsDefaultVersion "Specifies whether the policy version is set as the
// policy's default version.", Document "The policy document is returned in
// the response to the GetPolicyVersion and GetAccountAuthorizationDetails
// operations." A default version the list lacks, or whose
// Document it lacks, is unknown: the hops and operations that need the
// policy are policy-unknown, the rest of the run is not affected.
func defaultVersion(f *inventory.File, def *inventory.PolicyDef, versions []version, id, base string) error {
	marked := make([]iam.PolicyVersion, 0, len(versions))
	for _, v := range versions {
		if v.marked {
			marked = append(marked, v.PolicyVersion)
		}
	}
	d, err := iam.DefaultVersion(marked)
	switch {
	case err == nil && id != "" && d.VersionID != id:
		return inventory.Within(inventory.DataError("is "+inventory.Short(id)+" but PolicyVersionList marks "+inventory.Short(d.VersionID)+" as the default version"), "DefaultVersionId")
	case err == nil:
		id = d.VersionID
	case anyDefault(marked): // several marked
		return inventory.Within(inventory.DataError(err.Error()), "PolicyVersionList")
	case id == "":
		return inventory.Within(inventory.DataError(fmt.Sprintf("none of %d policy versions is marked default, and there is no DefaultVersionId", len(versions))), "PolicyVersionList")
	case notDefault(versions, id):
		return inventory.Within(inventory.DataError("is "+inventory.Short(id)+" but PolicyVersionList says that version is not the default"), "DefaultVersionId")
	}
	def.VersionID = id
	def.Default = f.AbsentDoc(inventory.DocPath{Base: base, Leaf: "PolicyVersionList"})
	for i, v := range versions {
		def.Versions = append(def.Versions, inventory.VersionDoc{ID: v.VersionID, Doc: v.doc})
		if v.VersionID == id {
			def.Default = versions[i].doc
		}
	}
	return nil
}

func anyDefault(list []iam.PolicyVersion) bool {
	return slices.ContainsFunc(list, func(v iam.PolicyVersion) bool { return v.IsDefaultVersion })
}

// notDefault: the version with this id says it is not the default.
func notDefault(versions []version, id string) bool {
	return slices.ContainsFunc(versions, func(v version) bool { return v.VersionID == id && v.marked && !v.IsDefaultVersion })
}

// version is one PolicyVersionList entry: marked says whether it wrote
// IsDefaultVersion; doc is absent (File.AbsentDoc) when it wrote no Document.
type version struct {
	iam.PolicyVersion
	marked bool
	doc    inventory.Doc
}

// policyVersions reads a PolicyVersionList.
func policyVersions(r *jsonpull.Reader, f *inventory.File, base string) ([]version, error) {
	var list []version
	err := r.Array(func(i int) error {
		var v version
		at := inventory.DocPath{Base: base, List: "PolicyVersionList", Index: i, Leaf: "Document"}
		var haveDoc bool
		err := r.Members(func(key []byte) error {
			var err error
			switch string(key) {
			case "VersionId":
				v.VersionID, err = r.String()
			case "IsDefaultVersion":
				v.IsDefaultVersion, err = r.Bool()
				v.marked = true
			case "Document":
				v.doc, err = document(r, f, at)
				haveDoc = true
			default:
				err = r.Skip()
			}
			return err
		})
		switch {
		case err != nil:
			return err
		case v.VersionID == "":
			return inventory.DataError("missing VersionId")
		case !haveDoc:
			v.doc = f.AbsentDoc(at)
		}
		for _, o := range list {
			if o.VersionID == v.VersionID {
				return inventory.Within(inventory.DataError("version "+inventory.Short(v.VersionID)+" given twice"), "VersionId")
			}
		}
		list = append(list, v)
		return nil
	})
	return list, err
}
