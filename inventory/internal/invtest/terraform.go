package invtest

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Builders of terraform show -json output for tests.

// TFState is a state whose root module holds these resources.
func TFState(resources ...string) string {
	return `{"format_version":"1.0","terraform_version":"1.9.8","values":{"root_module":{"resources":[` + strings.Join(resources, ",") + `]}}}`
}

// TFPlan is a plan: planned resources, resource changes, configuration
// resources of the root module.
func TFPlan(planned, changes, config []string) string {
	return `{"format_version":"1.2","terraform_version":"1.9.8","planned_values":{"root_module":{"resources":[` + strings.Join(planned, ",") +
		`]}},"resource_changes":[` + strings.Join(changes, ",") + `],"configuration":{"root_module":{"resources":[` + strings.Join(config, ",") + `]}}}`
}

// TFR is a resource with values (and, optionally, sensitive_values).
func TFR(typ, name, values string, sensitive ...string) string {
	s := `{}`
	if len(sensitive) > 0 {
		s = sensitive[0]
	}
	return `{"address":"` + typ + `.` + name + `","mode":"managed","type":"` + typ + `","name":"` + name +
		`","provider_name":"registry.terraform.io/hashicorp/aws","schema_version":0,"values":{` + values + `},"sensitive_values":` + s + `}`
}

// TFC is a resource change.
func TFC(typ, name, actions, before, after, unknown string) string {
	return `{"address":"` + typ + `.` + name + `","mode":"managed","type":"` + typ + `","name":"` + name + `","change":{"actions":[` + actions +
		`],"before":` + before + `,"after":` + after + `,"after_unknown":` + unknown + `}}`
}

// TFConf is a configuration resource whose attribute has references.
func TFConf(typ, name, attr string, refs ...string) string {
	return `{"address":"` + typ + `.` + name + `","mode":"managed","type":"` + typ + `","name":"` + name +
		`","expressions":{"` + attr + `":{"references":["` + strings.Join(refs, `","`) + `"]}}}`
}

// Q quotes a string as Go does, which is JSON for the strings tests use.
func Q(s string) string { return fmt.Sprintf("%q", s) }

// Documents as Terraform writes them: JSON strings.
const (
	TFTrust  = `"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"redshift.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"`
	TFPolicy = `"{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}"`
)

// TFRoleValues are an aws_iam_role's values with no policies; extra members
// ("name=value", or "name=" to leave one out) replace or add to them.
func TFRoleValues(name string, extra ...string) string {
	m := map[string]string{
		"arn": Q("arn:aws:iam::123456789012:role/" + name), "name": Q(name), "path": `"/"`, "assume_role_policy": TFTrust,
		"inline_policy": `[]`, "managed_policy_arns": `[]`, "permissions_boundary": `""`, "tags": `{}`, "tags_all": `{}`,
	}
	for _, e := range extra {
		k, v, _ := strings.Cut(e, "=")
		if v == "" {
			delete(m, k)
		} else {
			m[k] = v
		}
	}
	keys := slices.Sorted(maps.Keys(m))
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = Q(k) + ":" + m[k]
	}
	return strings.Join(parts, ",")
}
