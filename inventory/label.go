package inventory

import (
	"cmp"

	"github.com/redshift-preflight/redshift-preflight/iam"
)

// label gives every role its reference in labels and registers the
// origins of managed policies and boundaries. A role is "role/PATH/NAME",
// with its account added when several accounts have a role of that path
// and name. The labels of role documents are set when the role is first
// handed out and registered on the first call of Origin, so that loading
// thousands of roles does not build thousands of strings no check reads.
func (b *Builder) label() {
	inv := b.inv
	count := make(map[string]int, len(b.roles))
	for _, r := range b.roles {
		count[RoleResource(r.ARN)]++
	}
	for _, r := range b.roles {
		ref := RoleResource(r.ARN)
		if count[ref] > 1 {
			ref += " in account " + r.Account
		}
		r.docs.ref = ref
		if !r.PoliciesKnown {
			r.unknownLabel = unknownLabel(ref, cmp.Or(r.policiesGap, r.policiesMissing))
		}
	}
	for _, p := range b.policies {
		inv.origins[ManagedLabel(KindManaged, p.ARN)] = p.origin(KindManaged)
	}
	for _, r := range b.roles {
		for i, arn := range r.Attached {
			if inv.policies[arn] == nil {
				b.registerAbsent(KindManaged, arn, r.attachedSource(i))
			}
		}
		if r.boundaryUnknown {
			r.boundaryLabel = "permissions boundary of " + r.docs.ref + " (not known until the Terraform plan is applied)"
			inv.origins[r.boundaryLabel] = origin{PolicyOrigin: PolicyOrigin{Kind: KindBoundary, Role: r.ARN, Source: r.memberSource("PermissionsBoundary"), Absent: true}}
			continue
		}
		if r.Boundary == "" {
			continue
		}
		if p := inv.policies[r.Boundary]; p != nil {
			inv.origins[ManagedLabel(KindBoundary, p.ARN)] = p.origin(KindBoundary)
		} else {
			b.registerAbsent(KindBoundary, r.Boundary, r.memberSource("PermissionsBoundary"))
		}
	}
}

// memberSource is where a member of the role's definition is: the member
// of an AWS export (RoleId, PermissionsBoundary, Tags, RolePolicyList,
// AttachedManagedPolicies), or the Terraform attribute that holds it.
func (r *Role) memberSource(member string) Source {
	if path, ok := r.memberPaths[member]; ok {
		return Source{File: r.Source.File, Path: path}
	}
	return Source{File: r.Source.File, Path: iam.JoinPath(r.Source.Path, member)}
}

// attachedSource is where the role's i-th attached policy is attached.
func (r *Role) attachedSource(i int) Source {
	if i < len(r.attachedSrc) {
		return r.attachedSrc[i]
	}
	return Source{File: r.Source.File, Path: IndexPath(iam.JoinPath(r.Source.Path, "AttachedManagedPolicies"), i)}
}

// registerAbsent records, for a managed policy that is not in the data,
// the first place a role refers to it.
func (b *Builder) registerAbsent(kind PolicyKind, arn string, ref Source) {
	label := ManagedLabel(kind, arn)
	if _, done := b.inv.origins[label]; !done {
		b.inv.origins[label] = origin{PolicyOrigin: PolicyOrigin{Kind: kind, Name: arn, Source: ref, Absent: true}}
	}
}

// registerRoleOrigins registers the labels of every role's documents; it
// runs once, on the first call of Origin.
func (inv *Inventory) registerRoleOrigins() {
	inv.registerMemberOrigins()
	for _, r := range inv.roles {
		d := r.docs
		if d == nil {
			continue
		}
		inv.origins[trustLabel(d.ref)] = docOrigin(PolicyOrigin{Kind: KindTrust, Role: r.ARN}, &d.trust)
		for i, name := range d.inlineNames {
			inv.origins[inlineLabel(name, d.ref)] = docOrigin(PolicyOrigin{Kind: KindInline, Role: r.ARN, Name: name}, &d.inline[i])
		}
		if !r.PoliciesKnown {
			inv.origins[r.unknownLabel] = origin{PolicyOrigin: PolicyOrigin{Kind: KindUnknown, Role: r.ARN, Source: r.Source, Absent: true}}
		}
	}
}

func trustLabel(ref string) string        { return "trust policy of " + ref }
func inlineLabel(name, ref string) string { return "inline policy " + name + " of " + ref }
func unknownLabel(ref, why string) string {
	if why == "" {
		why = "not in the data: get-role output does not list them"
	}
	return "permission policies of " + ref + " (" + why + ")"
}

// docOrigin completes o with the document behind it: its place, and
// whether the data holds it.
func docOrigin(o PolicyOrigin, d *Doc) origin {
	o.Source, o.Absent = d.source(), d.unknown
	if d.unknown {
		return origin{PolicyOrigin: o}
	}
	return origin{PolicyOrigin: o, doc: d}
}

// origin is where the policy's default version is, used as kind.
func (p *ManagedPolicy) origin(kind PolicyKind) origin {
	return docOrigin(PolicyOrigin{Kind: kind, Name: p.ARN}, &p.doc.def)
}
