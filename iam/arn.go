package iam

import (
	"errors"
	"strings"
)

// ARN is an Amazon Resource Name split into its six colon-separated parts;
// Resource keeps any further colons.
type ARN struct {
	Partition string
	Service   string
	Region    string
	Account   string
	Resource  string
}

// ParseARN splits "arn:partition:service:region:account:resource".
// It checks only the shape, not that the parts are valid for the service.
func ParseARN(s string) (ARN, error) {
	parts := strings.SplitN(s, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" {
		return ARN{}, errors.New("not an ARN (want arn:partition:service:region:account:resource): " + quote(s))
	}
	if parts[1] == "" || parts[2] == "" {
		return ARN{}, errors.New("ARN without partition or service: " + quote(s))
	}
	return ARN{Partition: parts[1], Service: parts[2], Region: parts[3], Account: parts[4], Resource: parts[5]}, nil
}

func (a ARN) String() string {
	return "arn:" + a.Partition + ":" + a.Service + ":" + a.Region + ":" + a.Account + ":" + a.Resource
}

// roleName returns the name of an IAM role ARN (the last segment of
// role/[path/]name), the part that identifies the role within its account.
func (a ARN) roleName() (string, bool) {
	return a.iamEntityName("role/")
}

func (a ARN) userName() (string, bool) {
	return a.iamEntityName("user/")
}

func (a ARN) iamEntityName(kind string) (string, bool) {
	if a.Service != "iam" || !strings.HasPrefix(a.Resource, kind) {
		return "", false
	}
	name := a.Resource[strings.LastIndexByte(a.Resource, '/')+1:]
	return name, name != ""
}

// isAccountRoot reports whether a is arn:PARTITION:iam::ACCOUNT:root.
func (a ARN) isAccountRoot() bool {
	return a.Service == "iam" && a.Region == "" && a.Resource == "root" && a.Account != ""
}

// assumedRole splits an STS session ARN's resource,
// assumed-role/ROLE-NAME/SESSION-NAME (no role path) [PRIN].
func (a ARN) assumedRole() (role, session string, ok bool) {
	rest, found := strings.CutPrefix(a.Resource, "assumed-role/")
	if a.Service != "sts" || !found {
		return "", "", false
	}
	role, session, ok = strings.Cut(rest, "/")
	return role, session, ok && role != "" && session != ""
}

// IsAccountID reports whether s is a bare 12-digit AWS account id.
func IsAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
