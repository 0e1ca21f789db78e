package inventory

import (
	"maps"
	"slices"
	"sync"

	"github.com/redshift-preflight/redshift-preflight/iam"
)

// IAM users and groups come from the UserDetailList and GroupDetailList of
// get-account-authorization-details. Like roles, their documents are
// decoded on first use, their labels registered on the first call of
// Origin, and several files may define them only identically.

// User is one IAM user.
type User struct {
	ARN, Name, Path, Account, ID string
	Inline                       []iam.NamedPolicy // UserPolicyList
	Attached                     []string          // managed policy ARNs
	Groups                       []string          // names of the groups it is in (GroupList)
	Boundary                     string            // permissions boundary policy ARN, or ""
	Tags                         map[string]string
	Source                       Source

	docs            *memberDocs
	policiesMissing string // UserDef.PoliciesMissing
}

// Group is one IAM group.
type Group struct {
	ARN, Name, Path, Account, ID string
	Inline                       []iam.NamedPolicy // GroupPolicyList
	Attached                     []string          // managed policy ARNs
	Source                       Source

	docs            *memberDocs
	policiesMissing string // GroupDef.PoliciesMissing
}

// memberDocs are a user's or group's undecoded inline policies.
type memberDocs struct {
	once        sync.Once
	inline      []Doc
	inlineNames []string
	err         *LoadError
	ref         string // the user or group in labels: user/PATH/NAME [in account ACCOUNT]
}

// memberDocsOf makes placeholders for inline policies, decoded on first use.
func memberDocsOf(inline []InlineDoc) ([]iam.NamedPolicy, *memberDocs) {
	d := &memberDocs{}
	var out []iam.NamedPolicy
	for _, in := range inline {
		d.inline = append(d.inline, in.Doc)
		d.inlineNames = append(d.inlineNames, in.Name)
		out = append(out, iam.NamedPolicy{})
	}
	return out, d
}

func (d *memberDocs) ensure(inline []iam.NamedPolicy) {
	d.once.Do(func() {
		for i, name := range d.inlineNames {
			inline[i].Label = inlineLabel(name, d.ref)
			var err *LoadError
			inline[i].Document, err = d.inline[i].decode()
			if err != nil && d.err == nil {
				d.err = err
			}
		}
	})
}

func (u *User) ensure() {
	if u.docs != nil {
		u.docs.ensure(u.Inline)
	}
}

func (g *Group) ensure() {
	if g.docs != nil {
		g.docs.ensure(g.Inline)
	}
}

func (u *User) decodeErr() *LoadError {
	u.ensure()
	if u.docs == nil {
		return nil
	}
	return u.docs.err
}

func (g *Group) decodeErr() *LoadError {
	g.ensure()
	if g.docs == nil {
		return nil
	}
	return g.docs.err
}

func (u *User) memberSource(member string) Source {
	return Source{File: u.Source.File, Path: iam.JoinPath(u.Source.Path, member)}
}

func (g *Group) memberSource(member string) Source {
	return Source{File: g.Source.File, Path: iam.JoinPath(g.Source.Path, member)}
}

// groupKey identifies a group by account and name, as a user's GroupList
// names it.
func groupKey(account, name string) string { return account + "/" + name }

// User returns the IAM user with exactly this ARN, or nil when the data
// does not hold it.
func (inv *Inventory) User(arn string) *User {
	u := inv.users[arn]
	if u != nil {
		u.ensure()
	}
	return u
}

// Group returns the group of this account and name, or nil.
func (inv *Inventory) Group(account, name string) *Group {
	g := inv.groups[groupKey(account, name)]
	if g != nil {
		g.ensure()
	}
	return g
}

// UserIdentityPolicies are a user's inline policies, the default versions
// of its attached managed policies, then for each of its groups the
// group's inline and attached managed policies. A managed policy or a
// group that is not in the data comes as a policy with a nil Document,
// which the evaluator treats as unknown. So does a user or group whose
// export lacks a policy list (PoliciesMissing): one more policy with a nil
// Document stands for what the list would have held.
func (inv *Inventory) UserIdentityPolicies(u *User) []iam.NamedPolicy {
	u.ensure()
	out := append([]iam.NamedPolicy(nil), u.Inline...)
	for _, arn := range u.Attached {
		out = append(out, inv.managed(arn, KindManaged, u.ARN))
	}
	if u.policiesMissing != "" {
		out = append(out, iam.NamedPolicy{Label: unknownLabel(u.docs.ref, u.policiesMissing)})
	}
	for _, name := range u.Groups {
		g := inv.Group(u.Account, name)
		if g == nil {
			out = append(out, iam.NamedPolicy{Label: absentGroupLabel(name, u.docs.ref)})
			continue
		}
		out = append(out, g.Inline...)
		for _, arn := range g.Attached {
			out = append(out, inv.managed(arn, KindManaged, g.ARN))
		}
		if g.policiesMissing != "" {
			out = append(out, iam.NamedPolicy{Label: unknownLabel(g.docs.ref, g.policiesMissing)})
		}
	}
	return out
}

// UserBoundaryPolicy is the user's permissions boundary, or nil when it has none.
func (inv *Inventory) UserBoundaryPolicy(u *User) *iam.NamedPolicy {
	if u.Boundary == "" {
		return nil
	}
	p := inv.managed(u.Boundary, KindBoundary, u.ARN)
	return &p
}

func absentGroupLabel(name, userRef string) string {
	return "group " + name + " of " + userRef + " (its policies)"
}

func (b *Builder) addUser(u *User) error {
	old := b.inv.users[u.ARN]
	if old == nil {
		b.inv.users[u.ARN] = u
		b.users = append(b.users, u)
		return nil
	}
	what := "user " + u.ARN
	at := func(x *User, member string) Source { return x.memberSource(member) }
	if old.policiesMissing != "" || u.policiesMissing != "" {
		// an export lacking policy lists: nothing to compare them with; keep the complete one
		if old.policiesMissing != "" && u.policiesMissing == "" {
			b.inv.users[u.ARN] = u
			b.users[slices.Index(b.users, old)] = u
		}
		return nil
	}
	switch {
	case old.ID != "" && u.ID != "" && old.ID != u.ID:
		return Conflict(what, at(u, "UserId"), at(old, "UserId"), "the UserId (the user was deleted and re-created?)")
	case old.Boundary != u.Boundary:
		return Conflict(what, at(u, "PermissionsBoundary"), at(old, "PermissionsBoundary"), "the permissions boundary")
	case !maps.Equal(old.Tags, u.Tags):
		return Conflict(what, at(u, "Tags"), at(old, "Tags"), "the tags")
	case !sameSet(old.Groups, u.Groups):
		return Conflict(what, at(u, "GroupList"), at(old, "GroupList"), "the list of groups")
	case !sameSet(old.Attached, u.Attached):
		return Conflict(what, at(u, "AttachedManagedPolicies"), at(old, "AttachedManagedPolicies"), "the list of attached managed policies")
	}
	return sameInline(what, u.docs, old.docs, at(u, "UserPolicyList"), at(old, "UserPolicyList"))
}

func (b *Builder) addGroup(g *Group) error {
	key := groupKey(g.Account, g.Name)
	old := b.inv.groups[key]
	if old == nil {
		b.inv.groups[key] = g
		b.groups = append(b.groups, g)
		return nil
	}
	what := "group " + g.ARN
	at := func(x *Group, member string) Source { return x.memberSource(member) }
	if old.ARN == g.ARN && (old.policiesMissing != "" || g.policiesMissing != "") {
		// an export lacking policy lists: nothing to compare them with; keep the complete one
		if old.policiesMissing != "" && g.policiesMissing == "" {
			b.inv.groups[key] = g
			b.groups[slices.Index(b.groups, old)] = g
		}
		return nil
	}
	switch {
	case old.ARN != g.ARN:
		return Conflict("group "+g.Name+" of account "+g.Account, at(g, "Arn"), at(old, "Arn"), "the ARN")
	case old.ID != "" && g.ID != "" && old.ID != g.ID:
		return Conflict(what, at(g, "GroupId"), at(old, "GroupId"), "the GroupId (the group was deleted and re-created?)")
	case !sameSet(old.Attached, g.Attached):
		return Conflict(what, at(g, "AttachedManagedPolicies"), at(old, "AttachedManagedPolicies"), "the list of attached managed policies")
	}
	return sameInline(what, g.docs, old.docs, at(g, "GroupPolicyList"), at(old, "GroupPolicyList"))
}

// sameInline compares two definitions' inline policies by name and content.
func sameInline(what string, here, there *memberDocs, hereList, thereList Source) error {
	if !sameSet(here.inlineNames, there.inlineNames) {
		return Conflict(what, hereList, thereList, "the list of inline policies")
	}
	for i, name := range here.inlineNames {
		j := slices.Index(there.inlineNames, name)
		if err := SameDocument(what, here.inline[i], there.inline[j], "inline policy "+Short(name)); err != nil {
			return err
		}
	}
	return nil
}

// labelMembers gives users and groups their references in labels and
// registers the origins of managed policies and boundaries that they
// name and the data lacks.
func (b *Builder) labelMembers() {
	inv := b.inv
	count := make(map[string]int, len(b.users)+len(b.groups))
	for _, u := range b.users {
		count[RoleResource(u.ARN)]++
	}
	for _, g := range b.groups {
		count[RoleResource(g.ARN)]++
	}
	ref := func(arn, account string) string {
		r := RoleResource(arn)
		if count[r] > 1 {
			r += " in account " + account
		}
		return r
	}
	for _, g := range b.groups {
		g.docs.ref = ref(g.ARN, g.Account)
		for i, arn := range g.Attached {
			if inv.policies[arn] == nil {
				b.registerAbsent(KindManaged, arn, indexSource(g.memberSource("AttachedManagedPolicies"), i))
			}
		}
	}
	for _, u := range b.users {
		u.docs.ref = ref(u.ARN, u.Account)
		for i, arn := range u.Attached {
			if inv.policies[arn] == nil {
				b.registerAbsent(KindManaged, arn, indexSource(u.memberSource("AttachedManagedPolicies"), i))
			}
		}
		if u.Boundary == "" {
			continue
		}
		if p := inv.policies[u.Boundary]; p != nil {
			inv.origins[ManagedLabel(KindBoundary, p.ARN)] = p.origin(KindBoundary)
		} else {
			b.registerAbsent(KindBoundary, u.Boundary, u.memberSource("PermissionsBoundary"))
		}
	}
}

func indexSource(s Source, i int) Source { return Source{File: s.File, Path: IndexPath(s.Path, i)} }

// registerMemberOrigins registers the labels of users' and groups' inline
// policies and of groups that users name and the data lacks; it runs with
// registerRoleOrigins.
func (inv *Inventory) registerMemberOrigins() {
	for _, g := range inv.groups {
		d := g.docs
		for i, name := range d.inlineNames {
			inv.origins[inlineLabel(name, d.ref)] = docOrigin(PolicyOrigin{Kind: KindInline, Role: g.ARN, Name: name}, &d.inline[i])
		}
		if g.policiesMissing != "" {
			inv.origins[unknownLabel(d.ref, g.policiesMissing)] = origin{PolicyOrigin: PolicyOrigin{Kind: KindUnknown, Role: g.ARN, Source: g.Source, Absent: true}}
		}
	}
	for _, u := range inv.users {
		d := u.docs
		for i, name := range d.inlineNames {
			inv.origins[inlineLabel(name, d.ref)] = docOrigin(PolicyOrigin{Kind: KindInline, Role: u.ARN, Name: name}, &d.inline[i])
		}
		if u.policiesMissing != "" {
			inv.origins[unknownLabel(d.ref, u.policiesMissing)] = origin{PolicyOrigin: PolicyOrigin{Kind: KindUnknown, Role: u.ARN, Source: u.Source, Absent: true}}
		}
		for i, name := range u.Groups {
			if inv.groups[groupKey(u.Account, name)] == nil {
				inv.origins[absentGroupLabel(name, d.ref)] = origin{PolicyOrigin: PolicyOrigin{Kind: KindUnknown, Role: u.ARN, Name: name,
					Source: indexSource(u.memberSource("GroupList"), i), Absent: true}}
			}
		}
	}
}
