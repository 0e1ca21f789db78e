package terraform

import "testing"

func TestSplitAddress(t *testing.T) {
	for addr, want := range map[string][2]string{
		"aws_iam_role.x":    {"", "aws_iam_role.x"},
		"aws_iam_role.x[0]": {"", "aws_iam_role.x"},
		`module.a[0].module.b["k.z"].aws_iam_role.x["a.b"]`: {"module.a.module.b", "aws_iam_role.x"},
		`module.a["x]y"].aws_iam_role.x`:                    {"module.a", "aws_iam_role.x"},
		"aws_iam_role.x.arn":                                {"", "aws_iam_role.x.arn"},
		"module.a":                                          {"", "module.a"},
		"data.aws_iam_role.d.name":                          {"", "data.aws_iam_role.d.name"},
	} {
		if m, r := splitAddress(addr); m != want[0] || r != want[1] {
			t.Errorf("%s: %q %q, want %q", addr, m, r, want)
		}
	}
}
