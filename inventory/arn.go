package inventory

import (
	"strings"

	"github.com/redshift-preflight/redshift-preflight/iam"
)

// What the AWS model allows as identifiers, which every reader checks the
// same way. Errors are DataErrors for the reader to place.

// ParseRoleARN checks arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME.
func ParseRoleARN(s string) (iam.ARN, error) { return ParseNamedARN(s, "role") }

// ParsePolicyARN checks arn:PARTITION:iam::ACCOUNT:policy/[PATH/]NAME,
// where ACCOUNT is "aws" for AWS-managed policies.
func ParsePolicyARN(s string) (iam.ARN, error) {
	if a, ok := SplitARN(s); ok && isIAMResource(a, "policy/", true) {
		return a, nil
	}
	return iam.ARN{}, DataError("want a managed policy ARN arn:PARTITION:iam::ACCOUNT:policy/[PATH/]NAME, got " + Short(s))
}

// ParseNamedARN checks arn:PARTITION:iam::ACCOUNT:KIND/[PATH/]NAME for a
// kind of IAM identity (role, user, group).
func ParseNamedARN(s, kind string) (iam.ARN, error) {
	if a, ok := SplitARN(s); ok && isIAMResource(a, kind+"/", false) {
		return a, nil
	}
	return iam.ARN{}, DataError("want a " + kind + " ARN arn:PARTITION:iam::ACCOUNT:" + kind + "/[PATH/]NAME, got " + Short(s))
}

// isIAMResource: a is a global IAM ARN of the account (or of "aws", for
// AWS-managed policies) whose resource is prefix, an optional path and a name.
func isIAMResource(a iam.ARN, prefix string, awsManaged bool) bool {
	return a.Service == "iam" && a.Region == "" && (iam.IsAccountID(a.Account) || awsManaged && a.Account == "aws") &&
		strings.HasPrefix(a.Resource, prefix) && !strings.HasSuffix(a.Resource, "/") && !strings.Contains(a.Resource, "//")
}

// SplitARN is iam.ParseARN without its allocations (a load splits one or
// more ARNs per role).
func SplitARN(s string) (iam.ARN, bool) {
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

// SplitResource splits KIND/a/b/Name into the IAM path "/a/b/" and "Name".
func SplitResource(res, prefix string) (path, name string) {
	rest := strings.TrimPrefix(res, prefix)
	k := strings.LastIndexByte(rest, '/')
	return "/" + rest[:k+1], rest[k+1:]
}

// RoleResource is the resource part of a role (user, group) ARN, role/PATH/NAME.
func RoleResource(arn string) string {
	a, _ := SplitARN(arn)
	return a.Resource
}

// ParseNamespaceARN checks a provisioned cluster's namespace ARN,
// arn:PARTITION:redshift:REGION:ACCOUNT:namespace:ID.
func ParseNamespaceARN(text string) (iam.ARN, error) {
	a, ok := SplitARN(text)
	if !ok || a.Service != "redshift" || !strings.HasPrefix(a.Resource, "namespace:") || a.Region == "" || !iam.IsAccountID(a.Account) {
		return iam.ARN{}, DataError("want arn:PARTITION:redshift:REGION:ACCOUNT:namespace:ID, got " + Short(text))
	}
	return a, nil
}

// ParseServerlessARN checks arn:PARTITION:redshift-serverless:REGION:ACCOUNT:KIND/ID.
func ParseServerlessARN(text, kind string) (iam.ARN, error) {
	a, ok := SplitARN(text)
	if !ok || a.Service != "redshift-serverless" || !strings.HasPrefix(a.Resource, kind) || a.Region == "" || !iam.IsAccountID(a.Account) {
		return iam.ARN{}, DataError("want arn:PARTITION:redshift-serverless:REGION:ACCOUNT:" + kind + "ID, got " + Short(text))
	}
	return a, nil
}

const wantStatus = `want "in-sync", "adding" or "removing", got `

// StatusError is the error for an apply status AWS does not report.
func StatusError(status string) error { return DataError(wantStatus + Short(status)) }

// ParseIamRoleEntry reads one element of a namespace's iamRoles, which the
// service returns as "IamRole(applyStatus=in-sync, iamRoleArn=arn:...)",
// keys in either order, and which SDK users and Terraform reduce to the
// bare role ARN (conventions.md §3.5). A bare ARN is an association in
// effect: the list is the namespace's associated roles. Role names may
// hold ',' and '=', so the ARN is what remains once the status is taken
// from its end of the list.
func ParseIamRoleEntry(text string) (Association, error) {
	t := strings.TrimSpace(text)
	bad := func() (Association, error) {
		return Association{}, DataError(`want "IamRole(applyStatus=STATUS, iamRoleArn=ARN)" or a role ARN, got ` + Short(text))
	}
	inner, ok := strings.CutPrefix(t, "IamRole(")
	if !ok {
		if !strings.HasPrefix(t, "arn:") {
			return bad()
		}
		if _, err := ParseRoleARN(t); err != nil {
			return Association{}, err
		}
		return Association{RoleARN: t, Status: StatusInSync}, nil
	}
	inner, ok = strings.CutSuffix(inner, ")")
	if !ok {
		return bad()
	}
	const statusKey, arnKey = "applyStatus=", "iamRoleArn="
	inner = strings.TrimSpace(inner)
	var a Association
	switch {
	case strings.HasPrefix(inner, statusKey):
		status, rest, found := strings.Cut(inner[len(statusKey):], ",")
		if !found {
			return bad()
		}
		arn, found := strings.CutPrefix(strings.TrimSpace(rest), arnKey)
		if !found {
			return bad()
		}
		a = Association{RoleARN: strings.TrimSpace(arn), Status: strings.TrimSpace(status)}
	case strings.HasPrefix(inner, arnKey):
		rest := inner[len(arnKey):]
		k := strings.LastIndex(rest, statusKey)
		if k < 0 {
			return bad()
		}
		arn, found := strings.CutSuffix(strings.TrimSpace(rest[:k]), ",")
		if !found {
			return bad()
		}
		a = Association{RoleARN: strings.TrimSpace(arn), Status: strings.TrimSpace(rest[k+len(statusKey):])}
	default:
		return bad()
	}
	if !ValidStatus(a.Status) {
		return Association{}, DataError("applyStatus: " + wantStatus + Short(a.Status))
	}
	if _, err := ParseRoleARN(a.RoleARN); err != nil {
		return Association{}, err
	}
	return a, nil
}

// CheckWorkgroupID checks a serverless workgroup's workgroupId, which forms
// the external id Redshift passes (Cluster.ExternalID): the service gives
// a UUID; anything but letters, digits and '-' cannot be one.
func CheckWorkgroupID(id string) error {
	if id == "" || strings.ContainsFunc(id, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-')
	}) {
		return DataError("want the workgroup's id (a UUID such as 1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d), got " + Short(id))
	}
	return nil
}
