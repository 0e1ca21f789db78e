package inventory

import (
	"slices"
	"strings"
)

// A Terraform plan or state says things about roles beyond their own
// definitions: a plan creates roles whose ARN it does not know yet, and a
// role policy or attachment resource may name a role that another file
// defines. Readers hand these over as they are; they are applied once
// every file is read.

// PlannedRoleDef is a role a Terraform plan creates whose ARN the plan does
// not know yet (known after apply): its path and name, or the prefix its
// name_prefix allows, where known.
type PlannedRoleDef struct {
	Path, Name, Prefix   string
	PathKnown, NameKnown bool
	Source               Source
}

// Matches reports whether the planned role may be the role of this path
// and name.
func (p PlannedRoleDef) Matches(path, name string) bool {
	if p.PathKnown && p.Path != path {
		return false
	}
	if p.NameKnown {
		return p.Name == name
	}
	return strings.HasPrefix(name, p.Prefix)
}

// AddPlannedRole records a role a Terraform plan creates with an unknown
// ARN (see Inventory.PlannedRole).
func (f *File) AddPlannedRole(p PlannedRoleDef) { f.planned = append(f.planned, p) }

// ExternalRolePolicy is a Terraform role policy or attachment resource
// whose role is not in its file (it is managed elsewhere). Once every
// file is read, each role of that name in another file that does not show
// what the resource says gets permission policies that are not all known.
type ExternalRolePolicy struct {
	Role      string // the role's name, or its ARN; "" when the plan does not know it (any role)
	Inline    string // the inline policy's name; "" for an attachment
	Doc       Doc    // the inline policy's document
	PolicyARN string // the attached policy's ARN
	Deleted   bool   // a plan deletes the resource
	Unknown   bool   // the plan does not know the role, the policy's name or the policy ARN
	What      string // the resource, for messages
	Source    Source
}

// AddExternalRolePolicy records a role policy or attachment resource whose
// role its file does not hold.
func (f *File) AddExternalRolePolicy(e ExternalRolePolicy) { f.external = append(f.external, e) }

// applyExternal: a Terraform role policy or attachment whose role is not
// in its file names a role that another file holds (or none). Every role
// of that name (in any account: a name does not say which) that does not
// show what the resource says gets permission policies that are not all
// known.
func (b *Builder) applyExternal() {
	for _, e := range b.external {
		for _, r := range b.roles {
			if r.Source.File == e.Source.File || !r.PoliciesKnown || e.Role != "" && r.Name != e.Role && r.ARN != e.Role || e.shownBy(r) {
				continue
			}
			r.PoliciesKnown = false
			switch {
			case e.Role == "":
				r.policiesGap = "not all known: " + e.What + " changes the policies of a role the Terraform plan does not name until apply"
			case e.Unknown:
				r.policiesGap = "not all known: " + e.What + " changes the policies of a role named " + Short(e.Role) +
					" in a way the Terraform plan does not know until apply"
			default:
				verb := "gives"
				if e.Deleted {
					verb = "takes away"
				}
				thing := "managed policy " + e.PolicyARN
				if e.Inline != "" {
					thing = "inline policy " + Short(e.Inline)
				}
				r.policiesGap = "not all known: " + e.What + " " + verb + " " + thing + " of a role named " + Short(e.Role) +
					", and this definition does not agree"
			}
		}
	}
}

// shownBy: r already is as the resource leaves it.
func (e ExternalRolePolicy) shownBy(r *Role) bool {
	if e.Unknown {
		return false
	}
	if e.Inline == "" {
		return slices.Contains(r.Attached, e.PolicyARN) != e.Deleted
	}
	k := slices.Index(r.docs.inlineNames, e.Inline)
	if e.Deleted || k < 0 {
		return (k >= 0) != e.Deleted
	}
	return SameDocument("", e.Doc, r.docs.inline[k], "") == nil
}
