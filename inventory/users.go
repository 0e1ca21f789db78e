package inventory

import (
	"maps"
	"slices"
	"strings"
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

	docs *memberDocs
}

// Group is one IAM group.
type Group struct {
	ARN, Name, Path, Account, ID string
	Inline                       []iam.NamedPolicy // GroupPolicyList
	Attached                     []string          // managed policy ARNs
	Source                       Source

	docs *memberDocs
}

// memberDocs are a user's or group's undecoded inline policies.
type memberDocs struct {
	once        sync.Once
	inline      []docRef
	inlineNames []string
	err         *LoadError
	ref         string // the user or group in labels: user/PATH/NAME [in account ACCOUNT]
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
// which the evaluator treats as unknown.
func (inv *Inventory) UserIdentityPolicies(u *User) []iam.NamedPolicy {
	u.ensure()
	out := append([]iam.NamedPolicy(nil), u.Inline...)
	for _, arn := range u.Attached {
		out = append(out, inv.managed(arn, KindManaged, u.ARN))
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

// user reads a UserDetail of UserDetailList.
func (p *fileParser) user(base string) error {
	s := &p.s
	u := &User{Source: Source{File: p.out.name, Path: base}}
	d := &memberDocs{}
	var name, path string
	var haveName, havePath bool
	err := s.object(func(key string) error {
		var err error
		switch key {
		case "Arn":
			u.ARN, err = s.str()
		case "UserName":
			name, err = s.str()
			haveName = true
		case "Path":
			path, err = s.str()
			havePath = true
		case "UserId":
			u.ID, err = s.optStr()
		case "UserPolicyList":
			u.Inline, d.inline, d.inlineNames, err = p.inlinePolicies(base, key)
		case "AttachedManagedPolicies":
			u.Attached, err = p.attachedPolicies()
		case "GroupList":
			u.Groups, err = p.groupNames()
		case "PermissionsBoundary":
			u.Boundary, err = p.boundary()
		case "Tags":
			u.Tags, err = p.tags()
		default:
			err = s.skip()
		}
		return err
	})
	if err != nil {
		return err
	}
	id, err := namedEntity(u.ARN, "user", "UserName", written{name, haveName}, written{path, havePath})
	if err != nil {
		return err
	}
	u.Account, u.Path, u.Name = id.account, id.path, id.name
	u.docs = d
	p.out.users = append(p.out.users, u)
	return nil
}

// group reads a GroupDetail of GroupDetailList.
func (p *fileParser) group(base string) error {
	s := &p.s
	g := &Group{Source: Source{File: p.out.name, Path: base}}
	d := &memberDocs{}
	var name, path string
	var haveName, havePath bool
	err := s.object(func(key string) error {
		var err error
		switch key {
		case "Arn":
			g.ARN, err = s.str()
		case "GroupName":
			name, err = s.str()
			haveName = true
		case "Path":
			path, err = s.str()
			havePath = true
		case "GroupId":
			g.ID, err = s.optStr()
		case "GroupPolicyList":
			g.Inline, d.inline, d.inlineNames, err = p.inlinePolicies(base, key)
		case "AttachedManagedPolicies":
			g.Attached, err = p.attachedPolicies()
		default:
			err = s.skip()
		}
		return err
	})
	if err != nil {
		return err
	}
	id, err := namedEntity(g.ARN, "group", "GroupName", written{name, haveName}, written{path, havePath})
	if err != nil {
		return err
	}
	g.Account, g.Path, g.Name = id.account, id.path, id.name
	g.docs = d
	p.out.groups = append(p.out.groups, g)
	return nil
}

// written is a member as the export wrote it, if it did.
type written struct {
	value   string
	present bool
}

type entityID struct{ account, path, name string }

// namedEntity reads a user's or group's identity from its ARN and checks the
// name and path members the export also wrote against it.
func namedEntity(arn, kind, nameKey string, name, path written) (entityID, error) {
	if arn == "" {
		return entityID{}, dataError("missing Arn")
	}
	a, err := parseNamedARN(arn, kind)
	if err != nil {
		return entityID{}, within(err, "Arn")
	}
	var id entityID
	id.account = a.Account
	id.path, id.name = splitResource(a.Resource, kind+"/")
	switch {
	case name.present && name.value != id.name:
		return entityID{}, within(dataError(nameKey+" "+short(name.value)+" does not match Arn "+short(arn)), nameKey)
	case path.present && path.value != id.path:
		return entityID{}, within(dataError("Path "+short(path.value)+" does not match Arn "+short(arn)), "Path")
	}
	return id, nil
}

// groupNames reads a user's GroupList: group names.
func (p *fileParser) groupNames() ([]string, error) {
	s := &p.s
	if null, err := s.isNull(); null || err != nil {
		return nil, err
	}
	var out []string
	err := s.array(func(int) error {
		name, err := s.str()
		switch {
		case err != nil:
			return err
		case name == "":
			return dataError("empty group name")
		case slices.Contains(out, name):
			return dataError("group " + short(name) + " given twice")
		}
		out = append(out, name)
		return nil
	})
	return out, err
}

// parseNamedARN checks arn:PARTITION:iam::ACCOUNT:KIND/[PATH/]NAME.
func parseNamedARN(s, kind string) (iam.ARN, error) {
	a, ok := splitARN(s)
	if ok && a.Service == "iam" && a.Region == "" && iam.IsAccountID(a.Account) &&
		strings.HasPrefix(a.Resource, kind+"/") && !strings.HasSuffix(a.Resource, "/") && !strings.Contains(a.Resource, "//") {
		return a, nil
	}
	return iam.ARN{}, dataError("want " + article(kind) + " ARN arn:PARTITION:iam::ACCOUNT:" + kind + "/[PATH/]NAME, got " + short(s))
}

// splitResource splits KIND/a/b/Name into the IAM path "/a/b/" and "Name".
func splitResource(res, prefix string) (path, name string) {
	rest := strings.TrimPrefix(res, prefix)
	k := strings.LastIndexByte(rest, '/')
	return "/" + rest[:k+1], rest[k+1:]
}

func (l *loader) addUser(u *User) error {
	old := l.inv.users[u.ARN]
	if old == nil {
		l.inv.users[u.ARN] = u
		l.users = append(l.users, u)
		return nil
	}
	what := "user " + u.ARN
	at := func(x *User, member string) Source { return x.memberSource(member) }
	switch {
	case old.ID != "" && u.ID != "" && old.ID != u.ID:
		return conflict(what, at(u, "UserId"), at(old, "UserId"), "the UserId (the user was deleted and re-created?)")
	case old.Boundary != u.Boundary:
		return conflict(what, at(u, "PermissionsBoundary"), at(old, "PermissionsBoundary"), "the permissions boundary")
	case !maps.Equal(old.Tags, u.Tags):
		return conflict(what, at(u, "Tags"), at(old, "Tags"), "the tags")
	case !sameSet(old.Groups, u.Groups):
		return conflict(what, at(u, "GroupList"), at(old, "GroupList"), "the list of groups")
	case !sameSet(old.Attached, u.Attached):
		return conflict(what, at(u, "AttachedManagedPolicies"), at(old, "AttachedManagedPolicies"), "the list of attached managed policies")
	}
	return sameInline(what, u.docs, old.docs, at(u, "UserPolicyList"), at(old, "UserPolicyList"))
}

func (l *loader) addGroup(g *Group) error {
	key := groupKey(g.Account, g.Name)
	old := l.inv.groups[key]
	if old == nil {
		l.inv.groups[key] = g
		l.groups = append(l.groups, g)
		return nil
	}
	what := "group " + g.ARN
	at := func(x *Group, member string) Source { return x.memberSource(member) }
	switch {
	case old.ARN != g.ARN:
		return conflict("group "+g.Name+" of account "+g.Account, at(g, "Arn"), at(old, "Arn"), "the ARN")
	case old.ID != "" && g.ID != "" && old.ID != g.ID:
		return conflict(what, at(g, "GroupId"), at(old, "GroupId"), "the GroupId (the group was deleted and re-created?)")
	case !sameSet(old.Attached, g.Attached):
		return conflict(what, at(g, "AttachedManagedPolicies"), at(old, "AttachedManagedPolicies"), "the list of attached managed policies")
	}
	return sameInline(what, g.docs, old.docs, at(g, "GroupPolicyList"), at(old, "GroupPolicyList"))
}

// sameInline compares two definitions' inline policies by name and content.
func sameInline(what string, here, there *memberDocs, hereList, thereList Source) error {
	if !sameSet(here.inlineNames, there.inlineNames) {
		return conflict(what, hereList, thereList, "the list of inline policies")
	}
	for i, name := range here.inlineNames {
		j := slices.Index(there.inlineNames, name)
		if err := sameDoc(what, here.inline[i], there.inline[j], "inline policy "+short(name)); err != nil {
			return err
		}
	}
	return nil
}

// labelMembers gives users and groups their references in labels and
// registers the origins of managed policies and boundaries that they
// name and the data lacks.
func (l *loader) labelMembers() {
	inv := l.inv
	count := make(map[string]int, len(l.users)+len(l.groups))
	for _, u := range l.users {
		count[roleResource(u.ARN)]++
	}
	for _, g := range l.groups {
		count[roleResource(g.ARN)]++
	}
	ref := func(arn, account string) string {
		r := roleResource(arn)
		if count[r] > 1 {
			r += " in account " + account
		}
		return r
	}
	for _, g := range l.groups {
		g.docs.ref = ref(g.ARN, g.Account)
		for i, arn := range g.Attached {
			if inv.policies[arn] == nil {
				l.registerAbsent(KindManaged, arn, indexSource(g.memberSource("AttachedManagedPolicies"), i))
			}
		}
	}
	for _, u := range l.users {
		u.docs.ref = ref(u.ARN, u.Account)
		for i, arn := range u.Attached {
			if inv.policies[arn] == nil {
				l.registerAbsent(KindManaged, arn, indexSource(u.memberSource("AttachedManagedPolicies"), i))
			}
		}
		if u.Boundary == "" {
			continue
		}
		if p := inv.policies[u.Boundary]; p != nil {
			inv.origins[ManagedLabel(KindBoundary, p.ARN)] = PolicyOrigin{Kind: KindBoundary, Name: p.ARN, Source: p.doc.def.source(), Absent: p.doc.def.unknown}
		} else {
			l.registerAbsent(KindBoundary, u.Boundary, u.memberSource("PermissionsBoundary"))
		}
	}
}

func indexSource(s Source, i int) Source { return Source{File: s.File, Path: indexPath(s.Path, i)} }

// registerMemberOrigins registers the labels of users' and groups' inline
// policies and of groups that users name and the data lacks; it runs with
// registerRoleOrigins.
func (inv *Inventory) registerMemberOrigins() {
	for _, g := range inv.groups {
		d := g.docs
		for i, name := range d.inlineNames {
			inv.origins[inlineLabel(name, d.ref)] = PolicyOrigin{Kind: KindInline, Role: g.ARN, Name: name, Source: d.inline[i].source()}
		}
	}
	for _, u := range inv.users {
		d := u.docs
		for i, name := range d.inlineNames {
			inv.origins[inlineLabel(name, d.ref)] = PolicyOrigin{Kind: KindInline, Role: u.ARN, Name: name, Source: d.inline[i].source()}
		}
		for i, name := range u.Groups {
			if inv.groups[groupKey(u.Account, name)] == nil {
				inv.origins[absentGroupLabel(name, d.ref)] = PolicyOrigin{Kind: KindUnknown, Role: u.ARN, Name: name,
					Source: indexSource(u.memberSource("GroupList"), i), Absent: true}
			}
		}
	}
}
