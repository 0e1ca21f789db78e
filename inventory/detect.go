package inventory

import (
	"sort"
	"strings"
)

// A file's format is detected from its top-level keys, never its name.
// Each supported key names one format; keys of a format the tool does not
// read are recognised so that such a file is rejected with advice rather
// than as unknown.

type format uint8

const (
	fmtNone format = iota
	fmtGAAD
	fmtGetRole
	fmtDescribeClusters
	fmtGetNamespace
	fmtListNamespaces
	fmtGetWorkgroup
	fmtListWorkgroups
	fmtTerraformState
	fmtTerraformPlan
	fmtResourcePolicy
	fmtEnd
)

var formatNames = map[format]string{
	fmtGAAD:             "aws iam get-account-authorization-details",
	fmtGetRole:          "aws iam get-role",
	fmtDescribeClusters: "aws redshift describe-clusters",
	fmtGetNamespace:     "aws redshift-serverless get-namespace",
	fmtListNamespaces:   "aws redshift-serverless list-namespaces",
	fmtGetWorkgroup:     "aws redshift-serverless get-workgroup",
	fmtListWorkgroups:   "aws redshift-serverless list-workgroups",
	fmtTerraformState:   "terraform show -json (state)",
	fmtTerraformPlan:    "terraform show -json (plan)",
	fmtResourcePolicy:   "aws s3api get-bucket-policy or aws lambda get-policy",
}

const expectedFormats = "expected the JSON output of aws iam get-account-authorization-details, aws iam get-role, " +
	"aws redshift describe-clusters, aws redshift-serverless get-namespace, list-namespaces, get-workgroup or list-workgroups, " +
	"or terraform show -json (a state or a saved plan)"

const useGAAD = `export the account with "aws iam get-account-authorization-details", which holds every role with its inline and attached managed policies`

// unsupported recognises exports the tool does not read, by their
// top-level keys, and says what to give instead.
func unsupported(keys map[string]bool) string {
	has := func(names ...string) bool {
		for _, n := range names {
			if !keys[n] {
				return false
			}
		}
		return true
	}
	switch {
	case has("PolicyDocument", "PolicyName"):
		return "aws iam get-role-policy output is not supported: " + useGAAD
	case has("PolicyNames"):
		return "aws iam list-role-policies output (policy names only) is not supported: " + useGAAD
	case has("AttachedPolicies"):
		return "aws iam list-attached-role-policies output (policy ARNs only) is not supported: " + useGAAD
	case has("PolicyVersion"):
		return "aws iam get-policy-version output is not supported (it does not name its policy): " + useGAAD
	case has("Policy"):
		return "aws iam get-policy output is not supported (it holds no policy document): " + useGAAD
	case has("Roles"):
		return "aws iam list-roles output is not supported (it omits permissions boundaries and policies): " +
			useGAAD + `, or give "aws iam get-role" output per role`
	case has("UserId", "Account", "Arn"):
		return "aws sts get-caller-identity output holds no IAM or cluster data"
	case has("format_version"):
		return "Terraform JSON output other than terraform show -json: a state has \"values\", a plan \"planned_values\"; " +
			"give the output of terraform show -json (state) or terraform show -json PLANFILE"
	case has("Cluster"):
		return "a single-cluster response (create-cluster, modify-cluster...) is not supported: give aws redshift describe-clusters output"
	}
	return ""
}

func notRecognised(keys []string) string {
	msg := "not a recognised AWS export: " + expectedFormats
	if len(keys) == 0 {
		return msg + " (the file holds an empty object)"
	}
	sort.Strings(keys)
	const max = 6
	more := ""
	if len(keys) > max {
		keys, more = keys[:max], ", ..."
	}
	quoted := make([]string, len(keys))
	for i, k := range keys {
		quoted[i] = short(k)
	}
	return msg + " (top-level keys: " + strings.Join(quoted, ", ") + more + ")"
}
