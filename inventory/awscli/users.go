package awscli

import (
	"slices"

	"github.com/redshift-preflight/redshift-preflight/inventory"
	"github.com/redshift-preflight/redshift-preflight/inventory/internal/jsonpull"
)

// UserDetailList reads get-account-authorization-details' UserDetailList.
func UserDetailList(r *jsonpull.Reader, f *inventory.File) error {
	return r.Array(func(i int) error { return user(r, f, inventory.IndexPath("UserDetailList", i)) })
}

// user reads a UserDetail.
func user(r *jsonpull.Reader, f *inventory.File, base string) error {
	def := inventory.UserDef{Source: f.Source(base)}
	var id identity
	var lists policyLists
	err := r.Members(func(key []byte) error {
		if ok, err := id.member(r, string(key), "User"); ok {
			return err
		}
		var err error
		switch string(key) {
		case "UserPolicyList":
			def.Inline, err = inlinePolicies(r, f, base, "UserPolicyList")
			lists.saw("UserPolicyList")
		case "AttachedManagedPolicies":
			def.Attached, err = attachedPolicies(r)
			lists.saw("AttachedManagedPolicies")
		case "GroupList":
			def.Groups, err = groupNames(r)
			lists.saw("GroupList")
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
	if err := id.check("user", "UserName"); err != nil {
		return err
	}
	def.PoliciesMissing = lists.missing("UserPolicyList", "AttachedManagedPolicies", "GroupList")
	def.ARN, def.ID = id.arn, id.id
	f.AddUser(def)
	return nil
}

// GroupDetailList reads get-account-authorization-details' GroupDetailList.
func GroupDetailList(r *jsonpull.Reader, f *inventory.File) error {
	return r.Array(func(i int) error { return group(r, f, inventory.IndexPath("GroupDetailList", i)) })
}

// group reads a GroupDetail.
func group(r *jsonpull.Reader, f *inventory.File, base string) error {
	def := inventory.GroupDef{Source: f.Source(base)}
	var id identity
	var lists policyLists
	err := r.Members(func(key []byte) error {
		if ok, err := id.member(r, string(key), "Group"); ok {
			return err
		}
		var err error
		switch string(key) {
		case "GroupPolicyList":
			def.Inline, err = inlinePolicies(r, f, base, "GroupPolicyList")
			lists.saw("GroupPolicyList")
		case "AttachedManagedPolicies":
			def.Attached, err = attachedPolicies(r)
			lists.saw("AttachedManagedPolicies")
		default:
			err = r.Skip()
		}
		return err
	})
	if err != nil {
		return err
	}
	if err := id.check("group", "GroupName"); err != nil {
		return err
	}
	def.PoliciesMissing = lists.missing("GroupPolicyList", "AttachedManagedPolicies")
	def.ARN, def.ID = id.arn, id.id
	f.AddGroup(def)
	return nil
}

// groupNames reads a user's GroupList: group names, each once.
func groupNames(r *jsonpull.Reader) ([]string, error) {
	if null, err := r.Null(); null || err != nil {
		return nil, err
	}
	var out []string
	err := r.Array(func(int) error {
		name, err := r.String()
		switch {
		case err != nil:
			return err
		case name == "":
			return inventory.DataError("empty group name")
		case slices.Contains(out, name):
			return inventory.DataError("group " + inventory.Short(name) + " given twice")
		}
		out = append(out, name)
		return nil
	})
	return out, err
}
