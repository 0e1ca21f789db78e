package terraform

import (
	"slices"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/inventory"
)

// tfRole is an aws_iam_role as read, before its policies are complete:
// role policy and attachment resources refine it.
type tfRole struct {
	v            *tfVals
	def          *inventory.RoleDef // nil when the plan does not know the ARN
	name         string
	planned      *inventory.PlannedRoleDef
	inline       []tfInline
	inlineKnown  bool
	managedKnown bool
	gaps         []string
}

func (b *tfBuilder) source(path string) inventory.Source { return b.f.Source(path) }

// role reads an aws_iam_role.
func (b *tfBuilder) role(v *tfVals) error {
	t := &tfRole{v: v}
	b.roles = append(b.roles, t)
	arn, arnKnown, err := required(v, "arn")
	if err != nil {
		return err
	}
	name, nameKnown := v.str("name")
	path, pathKnown := v.str("path")
	if pathKnown && path == "" {
		path = "/"
	}
	if !arnKnown {
		prefix, _ := v.str("name_prefix")
		t.planned = &inventory.PlannedRoleDef{Path: path, Name: name, Prefix: prefix, PathKnown: pathKnown,
			NameKnown: nameKnown && name != "", Source: b.source(v.res.path)}
		b.f.AddPlannedRole(*t.planned)
		return nil
	}
	a, err := inventory.ParseRoleARN(arn)
	if err != nil {
		return badValue(v, "arn", -1, err)
	}
	rolePath, roleName := inventory.SplitResource(a.Resource, "role/")
	switch {
	case nameKnown && name != "" && name != roleName:
		return &inventory.LoadError{Path: v.path("name"), Msg: "name " + inventory.Short(name) + " does not match arn " + inventory.Short(arn)}
	case pathKnown && path != rolePath:
		return &inventory.LoadError{Path: v.path("path"), Msg: "path " + inventory.Short(path) + " does not match arn " + inventory.Short(arn)}
	}
	t.name = roleName
	t.def = &inventory.RoleDef{ARN: arn, Source: b.source(v.res.path)}
	t.def.ID, _ = v.str("unique_id")
	return b.roleMembers(t)
}

// roleMembers reads what an aws_iam_role says besides its identity.
func (b *tfBuilder) roleMembers(t *tfRole) error {
	v, def := t.v, t.def
	tagsAttr := v.tagsAttr()
	def.MemberPaths = map[string]string{
		"RoleId":                  v.path("unique_id"),
		"PermissionsBoundary":     v.path("permissions_boundary"),
		"Tags":                    v.path(tagsAttr),
		"RolePolicyList":          v.path("inline_policy"),
		"AttachedManagedPolicies": v.path("managed_policy_arns"),
	}
	var err error
	if def.Trust, err = b.docAttr(v, "assume_role_policy"); err != nil {
		return err
	}
	b.readInline(t)
	if err := b.readManaged(t); err != nil {
		return err
	}
	if boundary, known := v.str("permissions_boundary"); !known {
		def.BoundaryUnknown = true
	} else if boundary != "" {
		if _, err := inventory.ParsePolicyARN(boundary); err != nil {
			return badValue(v, "permissions_boundary", -1, err)
		}
		def.Boundary = boundary
	}
	tags := v.attr(tagsAttr)
	def.TagsUnknown = v.unknown(tagsAttr) || !tags.complete
	if len(tags.m) > 0 {
		def.Tags = tags.m
	}
	return nil
}

// tagsAttr is the attribute that holds the resource's tags: tags_all, with
// the provider's default tags, when the data has it.
func (v *tfVals) tagsAttr() string {
	if !v.unknown("tags_all") && !v.attr("tags_all").present {
		return "tags"
	}
	return "tags_all"
}

// readInline takes the role's inline_policy blocks.
func (b *tfBuilder) readInline(t *tfRole) {
	v := t.v
	in := v.attr("inline_policy")
	t.inline = in.inline
	switch {
	case v.unknown("inline_policy") || !in.complete:
		t.gaps = append(t.gaps, b.computed(v, "inline_policy"))
	case !in.present:
		t.gaps = append(t.gaps, "the Terraform state has no inline_policy for the role")
	default:
		t.inlineKnown = true
	}
}

// readManaged takes the role's managed_policy_arns.
func (b *tfBuilder) readManaged(t *tfRole) error {
	v := t.v
	switch mp := v.attr("managed_policy_arns"); {
	case v.unknown("managed_policy_arns") || !mp.complete:
		t.gaps = append(t.gaps, b.computed(v, "managed_policy_arns"))
		fallthrough
	case mp.present:
		t.managedKnown = !v.unknown("managed_policy_arns") && mp.complete
		for k, p := range mp.list {
			if _, err := inventory.ParsePolicyARN(p); err != nil {
				return badValue(v, "managed_policy_arns", mp.idx[k], err)
			}
			if !slices.Contains(t.def.Attached, p) {
				t.def.Attached = append(t.def.Attached, p)
				t.def.AttachedAt = append(t.def.AttachedAt, b.source(inventory.IndexPath(v.path("managed_policy_arns"), mp.idx[k])))
			}
		}
	default:
		t.gaps = append(t.gaps, "the Terraform state has no managed_policy_arns for the role")
	}
	return nil
}

// rolesNamed finds the roles of the file that a role policy or attachment
// names (by name, or by ARN), and whether a role the plan creates may be
// the one.
func (b *tfBuilder) rolesNamed(name string) (found []*tfRole, planned bool) {
	for _, t := range b.roles {
		switch {
		case t.def != nil && (t.name == name || t.def.ARN == name):
			found = append(found, t)
		case t.planned != nil && !strings.HasPrefix(name, "arn:") && t.planned.Matches(t.planned.Path, name):
			planned = true
		}
	}
	return found, planned
}

// targets are the roles a role policy or attachment v applies to. When
// that cannot be told, every candidate gets a gap (its permission policies
// are then not all known) and ok is false. ext is set when the role is not
// in the file: the builder checks the roles of other files.
func (b *tfBuilder) targets(v *tfVals, what string) (role string, t *tfRole, ok, ext bool) {
	role, known := v.str("role")
	if !known {
		if b.roleIsPlanned(v) {
			return "", nil, false, false // a role the plan creates: not in the inventory
		}
		gap := b.computed(v, "role") + ", so it may change the policies of any role"
		for _, t := range b.roles {
			t.gaps = append(t.gaps, gap)
		}
		return "", nil, false, true // and of any role in other files
	}
	found, planned := b.rolesNamed(role)
	switch {
	case len(found) == 1:
		return role, found[0], true, false
	case len(found) > 1:
		for _, t := range found {
			t.gaps = append(t.gaps, v.res.addr+" ("+what+") names role "+inventory.Short(role)+", and several roles in "+b.f.Name()+" have that name")
		}
		return role, nil, false, false
	case planned:
		return role, nil, false, false
	}
	return role, nil, false, true
}

// roleIsPlanned: the configuration of v's role attribute references one
// aws_iam_role resource, each of whose instances the plan creates with an
// unknown ARN; such a role is not in the inventory, so what v does to it
// does not matter here.
func (b *tfBuilder) roleIsPlanned(v *tfVals) bool {
	mod, _ := splitAddress(v.res.addr)
	target, ok := b.roleReferenced(v)
	if !ok {
		return false
	}
	n := 0
	for _, t := range b.roles {
		m, res := splitAddress(t.v.res.addr)
		if m == mod && res == target {
			if t.planned == nil {
				return false
			}
			n++
		}
	}
	return n > 0
}

// roleReferenced is the one aws_iam_role resource of v's module that the
// configuration of v's role attribute references (its name or id).
func (b *tfBuilder) roleReferenced(v *tfVals) (string, bool) {
	var target string
	for _, ref := range b.refs(v.res, "role") {
		if ref == "count.index" || ref == "each.key" {
			continue
		}
		m, res := splitAddress(ref)
		if m != "" || !strings.HasPrefix(res, "aws_iam_role.") {
			return "", false
		}
		parts := strings.SplitN(res, ".", 3)
		if len(parts) == 3 && parts[2] != "name" && parts[2] != "id" {
			return "", false
		}
		res = parts[0] + "." + parts[1]
		if target != "" && target != res {
			return "", false
		}
		target = res
	}
	return target, target != ""
}

// finishRoles completes the roles with their policies and adds them.
func (b *tfBuilder) finishRoles() {
	for _, t := range b.roles {
		def := t.def
		if def == nil {
			continue
		}
		for _, in := range t.inline {
			def.Inline = append(def.Inline, inventory.InlineDoc{Name: in.name, Doc: in.doc})
		}
		def.PoliciesKnown = t.inlineKnown && t.managedKnown && len(t.gaps) == 0
		if !def.PoliciesKnown {
			def.PoliciesGap = "not all known: " + strings.Join(t.gaps, "; ")
		}
		b.f.AddRole(*def)
	}
}
