package inventory

import (
	"strings"

	"github.com/redshift-preflight/redshift-preflight/iam"
)

// role reads a RoleDetail (get-account-authorization-details, full is
// true) or a get-role Role (trust policy, boundary and tags only).
func (p *fileParser) role(base string, full bool) error {
	s := &p.s
	r := &Role{PoliciesKnown: full, Source: Source{File: p.out.name, Path: base}}
	d := &roleDocs{}
	var name, path string
	var haveName, havePath, haveTrust bool
	err := s.object(func(key string) error {
		var err error
		switch key {
		case "Arn":
			r.ARN, err = s.str()
		case "RoleName":
			name, err = s.str()
			haveName = true
		case "Path":
			path, err = s.str()
			havePath = true
		case "RoleId":
			r.ID, err = s.optStr()
		case "AssumeRolePolicyDocument":
			d.trust, err = p.doc(base, "", 0, "AssumeRolePolicyDocument")
			haveTrust = true
		case "RolePolicyList":
			if !full {
				return s.skip()
			}
			r.Inline, d.inline, d.inlineNames, err = p.inlinePolicies(base, key)
		case "AttachedManagedPolicies":
			if !full {
				return s.skip()
			}
			r.Attached, err = p.attachedPolicies()
		case "PermissionsBoundary":
			r.Boundary, err = p.boundary()
		case "Tags":
			r.Tags, err = p.tags()
		default:
			err = s.skip()
		}
		return err
	})
	if err != nil {
		return err
	}
	if r.ARN == "" {
		return dataError("missing Arn")
	}
	a, err := parseRoleARN(r.ARN)
	if err != nil {
		return within(err, "Arn")
	}
	r.Account = a.Account
	r.Path, r.Name = splitRoleResource(a.Resource)
	switch {
	case haveName && name != r.Name:
		return within(dataError("RoleName "+short(name)+" does not match Arn "+short(r.ARN)), "RoleName")
	case havePath && path != r.Path:
		return within(dataError("Path "+short(path)+" does not match Arn "+short(r.ARN)), "Path")
	case !haveTrust:
		return dataError("missing AssumeRolePolicyDocument")
	}
	r.docs = d
	p.out.roles = append(p.out.roles, r)
	return nil
}

// inlinePolicies reads a RolePolicyList, UserPolicyList or GroupPolicyList
// (list, a member of base): placeholders for the policies, whose documents
// are decoded on first use, their undecoded documents and their names.
func (p *fileParser) inlinePolicies(base, list string) ([]iam.NamedPolicy, []docRef, []string, error) {
	s := &p.s
	var out []iam.NamedPolicy
	var refs []docRef
	var names []string
	err := s.array(func(i int) error {
		var name string
		var ref docRef
		var haveDoc bool
		err := s.object(func(key string) error {
			var err error
			switch key {
			case "PolicyName":
				name, err = s.str()
			case "PolicyDocument":
				ref, err = p.doc(base, list, i, "PolicyDocument")
				haveDoc = true
			default:
				err = s.skip()
			}
			return err
		})
		switch {
		case err != nil:
			return err
		case name == "":
			return dataError("missing PolicyName")
		case !haveDoc:
			return dataError("missing PolicyDocument")
		}
		for _, n := range names {
			if n == name {
				return within(dataError("inline policy "+short(name)+" given twice"), "PolicyName")
			}
		}
		out = append(out, iam.NamedPolicy{})
		refs = append(refs, ref)
		names = append(names, name)
		return nil
	})
	return out, refs, names, err
}

// attachedPolicies reads AttachedManagedPolicies: the policy ARNs.
func (p *fileParser) attachedPolicies() ([]string, error) {
	s := &p.s
	var out []string
	err := s.array(func(int) error {
		var arn string
		err := s.object(func(key string) error {
			var err error
			if key == "PolicyArn" {
				arn, err = s.str()
			} else {
				err = s.skip()
			}
			return err
		})
		switch {
		case err != nil:
			return err
		case arn == "":
			return dataError("missing PolicyArn")
		}
		if _, err := parsePolicyARN(arn); err != nil {
			return within(err, "PolicyArn")
		}
		for _, a := range out {
			if a == arn {
				return within(dataError("policy "+short(arn)+" attached twice"), "PolicyArn")
			}
		}
		out = append(out, arn)
		return nil
	})
	return out, err
}

// boundary reads PermissionsBoundary: the boundary policy's ARN, "" for null.
func (p *fileParser) boundary() (string, error) {
	s := &p.s
	if null, err := s.isNull(); null || err != nil {
		return "", err
	}
	var arn string
	err := s.object(func(key string) error {
		var err error
		if key == "PermissionsBoundaryArn" {
			arn, err = s.str()
		} else {
			err = s.skip()
		}
		return err
	})
	switch {
	case err != nil:
		return "", err
	case arn == "":
		return "", dataError("missing PermissionsBoundaryArn")
	}
	if _, err := parsePolicyARN(arn); err != nil {
		return "", within(err, "PermissionsBoundaryArn")
	}
	return arn, nil
}

// policy reads a ManagedPolicyDetail of Policies[].
func (p *fileParser) policy(base string) error {
	s := &p.s
	mp := &ManagedPolicy{Source: Source{File: p.out.name, Path: base}}
	d := &policyDoc{}
	var defaultID string
	var haveDefaultID, haveList bool
	var versions []iam.PolicyVersion
	err := s.object(func(key string) error {
		var err error
		switch key {
		case "Arn":
			mp.ARN, err = s.str()
		case "PolicyName":
			mp.Name, err = s.optStr()
		case "DefaultVersionId":
			defaultID, err = s.optStr()
			haveDefaultID = defaultID != ""
		case "PolicyVersionList":
			haveList = true
			versions, d.versions, err = p.versions(base)
		default:
			err = s.skip()
		}
		return err
	})
	if err != nil {
		return err
	}
	if mp.ARN == "" {
		return dataError("missing Arn")
	}
	a, err := parsePolicyARN(mp.ARN)
	if err != nil {
		return within(err, "Arn")
	}
	if name := a.Resource[strings.LastIndexByte(a.Resource, '/')+1:]; mp.Name == "" {
		mp.Name = name
	} else if mp.Name != name {
		return within(dataError("PolicyName "+short(mp.Name)+" does not match Arn "+short(mp.ARN)), "PolicyName")
	}
	if !haveList {
		return dataError("missing PolicyVersionList (aws iam list-policies output holds no policy documents: " + useGAAD + ")")
	}
	def, err := iam.DefaultVersion(versions)
	if err != nil {
		return within(dataError(err.Error()), "PolicyVersionList")
	}
	if haveDefaultID && def.VersionID != defaultID {
		return within(dataError("is "+short(defaultID)+" but PolicyVersionList marks "+short(def.VersionID)+" as the default version"), "DefaultVersionId")
	}
	for _, v := range d.versions {
		if v.id == def.VersionID {
			d.def = v.doc
		}
	}
	mp.VersionID = def.VersionID
	mp.doc = d
	p.out.policies = append(p.out.policies, mp)
	return nil
}

func (p *fileParser) versions(base string) ([]iam.PolicyVersion, []versionRef, error) {
	s := &p.s
	var list []iam.PolicyVersion
	var refs []versionRef
	err := s.array(func(i int) error {
		var v iam.PolicyVersion
		var ref docRef
		var haveDoc bool
		err := s.object(func(key string) error {
			var err error
			switch key {
			case "VersionId":
				v.VersionID, err = s.str()
			case "IsDefaultVersion":
				v.IsDefaultVersion, err = s.boolean()
			case "Document":
				ref, err = p.doc(base, "PolicyVersionList", i, "Document")
				haveDoc = true
			default:
				err = s.skip()
			}
			return err
		})
		switch {
		case err != nil:
			return err
		case v.VersionID == "":
			return dataError("missing VersionId")
		case !haveDoc:
			return dataError("missing Document")
		}
		for _, o := range refs {
			if o.id == v.VersionID {
				return within(dataError("version "+short(v.VersionID)+" given twice"), "VersionId")
			}
		}
		list = append(list, v)
		refs = append(refs, versionRef{id: v.VersionID, doc: ref})
		return nil
	})
	return list, refs, err
}

// parseRoleARN checks arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME.
func parseRoleARN(s string) (iam.ARN, error) {
	a, ok := splitARN(s)
	if ok && a.Service == "iam" && a.Region == "" && iam.IsAccountID(a.Account) &&
		strings.HasPrefix(a.Resource, "role/") && !strings.HasSuffix(a.Resource, "/") && !strings.Contains(a.Resource, "//") {
		return a, nil
	}
	return iam.ARN{}, dataError("want a role ARN arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME, got " + short(s))
}

// parsePolicyARN checks arn:PARTITION:iam::ACCOUNT:policy/[PATH/]NAME,
// where ACCOUNT is "aws" for AWS-managed policies.
func parsePolicyARN(s string) (iam.ARN, error) {
	a, ok := splitARN(s)
	if ok && a.Service == "iam" && a.Region == "" && (iam.IsAccountID(a.Account) || a.Account == "aws") &&
		strings.HasPrefix(a.Resource, "policy/") && !strings.HasSuffix(a.Resource, "/") && !strings.Contains(a.Resource, "//") {
		return a, nil
	}
	return iam.ARN{}, dataError("want a managed policy ARN arn:PARTITION:iam::ACCOUNT:policy/[PATH/]NAME, got " + short(s))
}

// splitARN is iam.ParseARN without its allocations (a load splits one or
// more ARNs per role).
func splitARN(s string) (iam.ARN, bool) {
	rest, ok := strings.CutPrefix(s, "arn:")
	if !ok {
		return iam.ARN{}, false
	}
	var parts [4]string
	for i := range parts {
		k := strings.IndexByte(rest, ':')
		if k < 0 {
			return iam.ARN{}, false
		}
		parts[i], rest = rest[:k], rest[k+1:]
	}
	if parts[0] == "" || parts[1] == "" {
		return iam.ARN{}, false
	}
	return iam.ARN{Partition: parts[0], Service: parts[1], Region: parts[2], Account: parts[3], Resource: rest}, true
}

// splitRoleResource splits role/a/b/Name into the IAM path "/a/b/" and "Name".
func splitRoleResource(res string) (path, name string) {
	rest := strings.TrimPrefix(res, "role/")
	k := strings.LastIndexByte(rest, '/')
	return "/" + rest[:k+1], rest[k+1:]
}
