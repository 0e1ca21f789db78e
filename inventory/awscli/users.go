package awscli

import (
	"slices"

	"github.com/redshift-preflight/redshift-preflight/inventory"
	"github.com/redshift-preflight/redshift-preflight/inventory/internal/jsonpull"
)

// The members of a UserDetail of UserDetailList that are read.
type userDetail struct {
	Arn                     string
	UserName, Path          *string
	UserId                  string
	UserPolicyList          []inlinePolicy
	AttachedManagedPolicies []attachedPolicy
	GroupList               []string
	PermissionsBoundary     *boundary
	Tags                    []tag
}

// The members of a GroupDetail of GroupDetailList that are read.
type groupDetail struct {
	Arn                     string
	GroupName, Path         *string
	GroupId                 string
	GroupPolicyList         []inlinePolicy
	AttachedManagedPolicies []attachedPolicy
}

// UserDetailList reads get-account-authorization-details' UserDetailList.
func UserDetailList(r *jsonpull.Reader, f *inventory.File) error {
	return decodeList(r, "UserDetailList", func(d *userDetail, base string) error { return user(f, d, base) })
}

func user(f *inventory.File, d *userDetail, base string) error {
	def := inventory.UserDef{ARN: d.Arn, ID: d.UserId, Source: f.Source(base)}
	var err error
	if def.Inline, err = inlinePolicies(f, d.UserPolicyList, base, "UserPolicyList"); err != nil {
		return err
	}
	if def.Attached, err = attachedPolicies(d.AttachedManagedPolicies); err != nil {
		return inventory.Within(err, "AttachedManagedPolicies")
	}
	if def.Groups, err = groupNames(d.GroupList); err != nil {
		return inventory.Within(err, "GroupList")
	}
	if def.Boundary, err = d.PermissionsBoundary.arn(); err != nil {
		return inventory.Within(err, "PermissionsBoundary")
	}
	if def.Tags, err = tags(d.Tags); err != nil {
		return inventory.Within(err, "Tags")
	}
	if err := checkIdentity(d.Arn, "user", "UserName", d.UserName, d.Path); err != nil {
		return err
	}
	f.AddUser(def)
	return nil
}

// GroupDetailList reads get-account-authorization-details' GroupDetailList.
func GroupDetailList(r *jsonpull.Reader, f *inventory.File) error {
	return decodeList(r, "GroupDetailList", func(d *groupDetail, base string) error { return group(f, d, base) })
}

func group(f *inventory.File, d *groupDetail, base string) error {
	def := inventory.GroupDef{ARN: d.Arn, ID: d.GroupId, Source: f.Source(base)}
	var err error
	if def.Inline, err = inlinePolicies(f, d.GroupPolicyList, base, "GroupPolicyList"); err != nil {
		return err
	}
	if def.Attached, err = attachedPolicies(d.AttachedManagedPolicies); err != nil {
		return inventory.Within(err, "AttachedManagedPolicies")
	}
	if err := checkIdentity(d.Arn, "group", "GroupName", d.GroupName, d.Path); err != nil {
		return err
	}
	f.AddGroup(def)
	return nil
}

// groupNames checks a user's GroupList: group names, each once.
func groupNames(names []string) ([]string, error) {
	for i, name := range names {
		switch {
		case name == "":
			return nil, inventory.WithinIndex(inventory.DataError("empty group name"), i)
		case slices.Contains(names[:i], name):
			return nil, inventory.WithinIndex(inventory.DataError("group "+inventory.Short(name)+" given twice"), i)
		}
	}
	return names, nil
}
