package terraform

import (
	"slices"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/inventory"
)

// docAttr is the policy document in attribute attr of v: unknown when a
// plan does not know it yet.
func (b *tfBuilder) docAttr(v *tfVals, attr string) (inventory.Doc, error) {
	switch a := v.attr(attr); {
	case v.unknown(attr):
		return b.f.UnknownDoc(inventory.DocPath{Base: v.res.vpath, Leaf: attr}), nil
	case !a.present:
		return inventory.Doc{}, &inventory.LoadError{Path: v.res.path, Msg: "missing " + attr}
	case a.null:
		return inventory.Doc{}, &inventory.LoadError{Path: v.path(attr), Msg: "want a policy document (a JSON string), got null"}
	default:
		return a.doc, nil
	}
}

// external records a role policy or attachment whose role is not in the
// file, for the builder to check against the roles of other files.
func (b *tfBuilder) external(v *tfVals, what string, e inventory.ExternalRolePolicy) {
	e.What = v.res.addr + " (" + what + " in " + b.f.Name() + ")"
	e.Source = b.source(v.res.path)
	b.f.AddExternalRolePolicy(e)
}

// rolePolicy applies an aws_iam_role_policy to its role: deleted (the
// before value of a resource apply deletes) removes the policy.
func (b *tfBuilder) rolePolicy(v *tfVals, deleted bool) error {
	const what = "aws_iam_role_policy"
	if id, known := v.str("id"); known && !v.attr("role").present && !v.attr("name").present {
		// An id alone ("ROLE:NAME"): IAM names hold no ':'.
		if role, name, ok := strings.Cut(id, ":"); ok {
			v.attrs["role"] = &tfAttr{present: true, str: role}
			v.attrs["name"] = &tfAttr{present: true, str: name}
		}
	}
	if _, _, err := required(v, "role"); err != nil {
		return err
	}
	name, nameKnown, err := required(v, "name")
	if err != nil {
		return err
	}
	var doc inventory.Doc
	if !deleted {
		if doc, err = b.docAttr(v, "policy"); err != nil {
			return err
		}
	}
	role, t, ok, ext := b.targets(v, what)
	switch {
	case ext:
		b.external(v, what, inventory.ExternalRolePolicy{Role: role, Inline: name, Doc: doc, Deleted: deleted, Unknown: role == "" || !nameKnown})
		return nil
	case !ok || t.def == nil:
		return nil
	case !nameKnown:
		t.gaps = append(t.gaps, b.computed(v, "name"))
		return nil
	}
	return t.applyInline(tfInline{name: name, doc: doc, resource: v.res.addr}, deleted)
}

// applyInline gives the role an inline policy of an aws_iam_role_policy,
// or takes it away.
func (t *tfRole) applyInline(in tfInline, deleted bool) error {
	k := slices.IndexFunc(t.inline, func(o tfInline) bool { return o.name == in.name })
	if deleted {
		if k >= 0 && t.inline[k].resource == "" {
			t.inline = slices.Delete(t.inline, k, k+1)
		}
		return nil
	}
	switch {
	case k < 0:
		t.inline = append(t.inline, in)
	case t.inline[k].resource == "":
		t.inline[k] = in // the resource is newer than the role's inline_policy
	default:
		return inventory.SameDocument("role "+t.def.ARN, in.doc, t.inline[k].doc, "inline policy "+inventory.Short(in.name))
	}
	return nil
}

// attachment applies an aws_iam_role_policy_attachment to its role.
func (b *tfBuilder) attachment(v *tfVals, deleted bool) error {
	const what = "aws_iam_role_policy_attachment"
	if _, _, err := required(v, "role"); err != nil {
		return err
	}
	arn, arnKnown, err := required(v, "policy_arn")
	if err != nil {
		return err
	}
	if arnKnown {
		if _, err := inventory.ParsePolicyARN(arn); err != nil {
			return badValue(v, "policy_arn", -1, err)
		}
	}
	role, t, ok, ext := b.targets(v, what)
	switch {
	case ext:
		b.external(v, what, inventory.ExternalRolePolicy{Role: role, PolicyARN: arn, Deleted: deleted, Unknown: role == "" || !arnKnown})
		return nil
	case !ok || t.def == nil:
		return nil
	case !arnKnown:
		t.gaps = append(t.gaps, b.computed(v, "policy_arn"))
		return nil
	}
	def, at := t.def, b.source(v.path("policy_arn"))
	k := slices.Index(def.Attached, arn)
	switch {
	case deleted && k >= 0:
		def.Attached = slices.Delete(def.Attached, k, k+1)
		def.AttachedAt = slices.Delete(def.AttachedAt, k, k+1)
	case !deleted && k < 0:
		def.Attached = append(def.Attached, arn)
		def.AttachedAt = append(def.AttachedAt, at)
	case !deleted:
		def.AttachedAt[k] = at
	}
	return nil
}

// policy reads an aws_iam_policy: its policy is the default version.
func (b *tfBuilder) policy(v *tfVals) error {
	arn, known, err := required(v, "arn")
	if err != nil || !known {
		return err // a policy the plan creates: nothing can name it yet
	}
	a, err := inventory.ParsePolicyARN(arn)
	if err != nil {
		return badValue(v, "arn", -1, err)
	}
	def := inventory.PolicyDef{ARN: arn, Name: a.Resource[strings.LastIndexByte(a.Resource, '/')+1:], Source: b.source(v.res.path)}
	if name, known := v.str("name"); known && name != "" && name != def.Name {
		return &inventory.LoadError{Path: v.path("name"), Msg: "name " + inventory.Short(name) + " does not match arn " + inventory.Short(arn)}
	}
	if path, known := v.str("path"); known && path != "" && "policy"+path+def.Name != a.Resource {
		return &inventory.LoadError{Path: v.path("path"), Msg: "path " + inventory.Short(path) + " does not match arn " + inventory.Short(arn)}
	}
	if def.Default, err = b.docAttr(v, "policy"); err != nil {
		return err
	}
	b.f.AddPolicy(def)
	return nil
}
