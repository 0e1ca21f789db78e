package chain

import (
	"strings"
	"testing"
)

func TestParseRoleARNValid(t *testing.T) {
	tests := []struct {
		in   string
		want RoleARN
	}{
		{"arn:aws:iam::123456789012:role/A", RoleARN{"aws", "123456789012", "/", "A"}},
		{"arn:aws:iam::123456789012:role/service-role/RedshiftSpectrumRole", RoleARN{"aws", "123456789012", "/service-role/", "RedshiftSpectrumRole"}},
		{"arn:aws:iam::123456789012:role/a/b/c/Name", RoleARN{"aws", "123456789012", "/a/b/c/", "Name"}},
		{"arn:aws-cn:iam::123456789012:role/Loader", RoleARN{"aws-cn", "123456789012", "/", "Loader"}},
		{"arn:aws-us-gov:iam::123456789012:role/Loader", RoleARN{"aws-us-gov", "123456789012", "/", "Loader"}},
		{"arn:aws-iso-b:iam::123456789012:role/Loader", RoleARN{"aws-iso-b", "123456789012", "/", "Loader"}},
		{"arn:aws-eusc:iam::123456789012:role/Loader", RoleARN{"aws-eusc", "123456789012", "/", "Loader"}},
		{"arn:aws:iam::123456789012:role/a+b=c,d.e@f-g_h", RoleARN{"aws", "123456789012", "/", "a+b=c,d.e@f-g_h"}},
		{"arn:aws:iam::123456789012:role/" + strings.Repeat("n", 64), RoleARN{"aws", "123456789012", "/", strings.Repeat("n", 64)}},
		// A path may hold any printable ASCII, colons and quotes included.
		{"arn:aws:iam::123456789012:role/p:a'th#,/R", RoleARN{"aws", "123456789012", "/p:a'th#,/", "R"}},
		{"arn:aws:iam::123456789012:role/" + strings.Repeat("p", 510) + "/R", RoleARN{"aws", "123456789012", "/" + strings.Repeat("p", 510) + "/", "R"}},
	}
	for _, tt := range tests {
		got, probs := ParseRoleARN(tt.in)
		if len(probs) != 0 {
			t.Errorf("ParseRoleARN(%q) problems: %+v", tt.in, probs)
		}
		if got != tt.want {
			t.Errorf("ParseRoleARN(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
		if s := got.String(); s != tt.in {
			t.Errorf("ParseRoleARN(%q).String() = %q", tt.in, s)
		}
	}
}

func TestRoleARNStringEmptyPath(t *testing.T) {
	a := RoleARN{Partition: "aws", Account: "123456789012", Name: "X"}
	if got, want := a.String(), "arn:aws:iam::123456789012:role/X"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

// arnCase is one invalid ARN: each problem gives the exact text its span covers
// (at) and, for an empty span, where it points (pos).
type arnCase struct {
	name string
	in   string
	want []wantProblem
}

type wantProblem struct {
	at  string // s[span]; "" for an empty span
	pos int    // span start, checked always
	msg string
}

const nameChars = "; names allow letters, digits and _+=,.@-"

func TestParseRoleARNProblems(t *testing.T) {
	long := strings.Repeat("n", 65)
	longPath := "/" + strings.Repeat("p", 511) + "/"
	tests := []arnCase{
		{"empty", "", []wantProblem{{"", 0, "role ARN is empty"}}},
		{"account 13 digits (AWS docs example)", "arn:aws:iam::0123456789012:role/MyRedshiftRole", []wantProblem{
			{"0123456789012", 13, "account id must be 12 digits, found 13: 0123456789012 (the example account id of the AWS documentation)"}}},
		{"account 13 digits", "arn:aws:iam::1234567890123:role/A", []wantProblem{
			{"1234567890123", 13, "account id must be 12 digits, found 13: 1234567890123"}}},
		{"account 11 digits", "arn:aws:iam::12345678901:role/A", []wantProblem{
			{"12345678901", 13, "account id must be 12 digits, found 11: 12345678901"}}},
		{"account with dashes", "arn:aws:iam::1234-5678-9012:role/A", []wantProblem{
			{"1234-5678-9012", 13, "account id must be 12 digits without dashes, found 1234-5678-9012"}}},
		{"account not digits", "arn:aws:iam::12345678901x:role/A", []wantProblem{
			{"12345678901x", 13, `account id must be 12 digits, found "12345678901x"`}}},
		{"account empty", "arn:aws:iam:::role/A", []wantProblem{
			{"", 13, "account id is missing: expected 12 digits"}}},
		{"account missing (management guide example)", "arn:aws:iam::role/RoleA", []wantProblem{
			{"", 13, `role ARN has no account id: expected "arn:aws:iam::<12-digit account>:role/RoleA"`}}},
		{"region field missing", "arn:aws:iam:123456789012:role/A", []wantProblem{
			{"", 12, "role ARN is missing the empty region field: expected iam::123456789012 (two colons)"}}},
		{"region set", "arn:aws:iam:us-east-1:123456789012:role/A", []wantProblem{
			{"us-east-1", 12, `region must be empty in an IAM role ARN (IAM is global), found "us-east-1"`}}},
		{"user ARN", "arn:aws:iam::123456789012:user/johndoe", []wantProblem{
			{"user", 26, "element is an IAM user ARN, not a role"}}},
		{"policy ARN, AWS managed: the account is not blamed", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", []wantProblem{
			{"policy", 17, "element is an IAM policy ARN, not a role"}}},
		{"instance profile ARN", "arn:aws:iam::123456789012:instance-profile/P", []wantProblem{
			{"instance-profile", 26, "element is an IAM instance profile ARN, not a role"}}},
		{"account root ARN", "arn:aws:iam::123456789012:root", []wantProblem{
			{"root", 26, "element is an account root ARN, not a role"}}},
		{"unknown resource type", "arn:aws:iam::123456789012:thing/A", []wantProblem{
			{"thing", 26, `resource type must be role, found "thing"`}}},
		{"resource empty", "arn:aws:iam::123456789012:", []wantProblem{
			{"", 26, "resource is missing: expected role/<name>"}}},
		{"resource type upper case", "arn:aws:iam::123456789012:Role/A", []wantProblem{
			{"Role", 26, "resource type must be lower case role, found Role"}}},
		{"STS assumed-role ARN", "arn:aws:sts::123456789012:assumed-role/A/s", []wantProblem{
			{"sts", 8, "element is an STS assumed-role session ARN, not a role ARN: use the role's ARN arn:aws:iam::123456789012:role/A (with its path, if any)"}}},
		{"other service", "arn:aws:s3:::my-bucket", []wantProblem{
			{"s3", 8, `element is an ARN of service "s3", not an IAM role ARN: the service must be iam`}}},
		{"service upper case", "arn:aws:IAM::123456789012:role/A", []wantProblem{
			{"IAM", 8, "service must be lower case iam, found IAM"}}},
		{"service empty", "arn:aws:::123456789012:role/A", []wantProblem{
			{"", 8, "service is missing: expected iam"}}},
		{"unknown partition", "arn:awz:iam::123456789012:role/A", []wantProblem{
			{"awz", 4, `unknown partition "awz": expected one of aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc`}}},
		{"partition upper case", "arn:AWS-CN:iam::123456789012:role/A", []wantProblem{
			{"AWS-CN", 4, "partition must be lower case: found AWS-CN, expected aws-cn"}}},
		{"partition empty", "arn::iam::123456789012:role/A", []wantProblem{
			{"", 4, "partition is missing: expected one of aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc"}}},
		{"prefix upper case", "ARN:aws:iam::123456789012:role/A", []wantProblem{
			{"ARN", 0, "prefix must be lower case arn:, found ARN:"}}},
		{"wrong prefix", "urn:aws:iam::123456789012:role/A", []wantProblem{
			{"urn", 0, `role ARN must start with arn:, found "urn:"`}}},
		{"too few fields", "arn:aws:iam", []wantProblem{
			{"arn:aws:iam", 0, "role ARN has 3 colon-separated fields, expected 6: arn:<partition>:iam::<account>:role/<name>"}}},
		{"S3 URI", "s3://bucket/prefix", []wantProblem{
			{"s3://bucket/prefix", 0, "element is an S3 URI, not an IAM role ARN: expected arn:<partition>:iam::<account>:role/<name>"}}},
		{"URL", "https://example.com/role", []wantProblem{
			{"https://example.com/role", 0, "element is a URL, not an IAM role ARN: expected arn:<partition>:iam::<account>:role/<name>"}}},
		{"bare role name", "MyRedshiftRole", []wantProblem{
			{"MyRedshiftRole", 0, `element is a bare role name, not a role ARN: expected "arn:aws:iam::<account>:role/MyRedshiftRole"`}}},
		{"role path without prefix", "role/MyRedshiftRole", []wantProblem{
			{"role/MyRedshiftRole", 0, `element is missing the ARN prefix: expected "arn:<partition>:iam::<account>:role/MyRedshiftRole"`}}},
		{"not an ARN", "my role", []wantProblem{
			{"my role", 0, "element is not a role ARN: expected arn:<partition>:iam::<account>:role/<name>"}}},
		{"CREDENTIALS key", "aws_iam_role=arn:aws:iam::123456789012:role/A", []wantProblem{
			{"aws_iam_role=", 0, "element starts with the CREDENTIALS key aws_iam_role=, which IAM_ROLE does not take: give the role ARN alone"}}},
		{"name 65 characters", "arn:aws:iam::123456789012:role/" + long, []wantProblem{
			{long, 31, "role name is too long: 65 characters, at most 64"}}},
		{"name illegal character", "arn:aws:iam::123456789012:role/My!Role", []wantProblem{
			{"!", 33, "role name contains an illegal character: '!'" + nameChars}}},
		{"name with space", "arn:aws:iam::123456789012:role/My Role", []wantProblem{
			{" ", 33, "role name contains an illegal character: a space" + nameChars}}},
		{"name with non-ASCII letter: span covers the whole character", "arn:aws:iam::123456789012:role/Ré", []wantProblem{
			{"é", 32, "role name contains an illegal character: 'é' (U+00E9)" + nameChars}}},
		{"name with no-break space", "arn:aws:iam::123456789012:role/A\u00a0B", []wantProblem{
			{"\u00a0", 32, "role name contains an illegal character: a no-break space (U+00A0)" + nameChars}}},
		{"name with invalid UTF-8", "arn:aws:iam::123456789012:role/A\xffB", []wantProblem{
			{"\xff", 32, "role name contains an illegal character: byte 0xFF (invalid UTF-8)" + nameChars}}},
		{"name with control character", "arn:aws:iam::123456789012:role/A\x01", []wantProblem{
			{"\x01", 32, "role name contains an illegal character: U+0001" + nameChars}}},
		{"name missing after path", "arn:aws:iam::123456789012:role/service-role/", []wantProblem{
			{"", 44, "role name is missing after the last /"}}},
		{"name missing", "arn:aws:iam::123456789012:role", []wantProblem{
			{"", 30, "role name is missing: expected role/<name>"}}},
		{"path with illegal character", "arn:aws:iam::123456789012:role/my path/R", []wantProblem{
			{" ", 33, "role path contains an illegal character: a space; paths allow printable ASCII without spaces"}}},
		{"path with non-ASCII character", "arn:aws:iam::123456789012:role/caf\u00e9/R", []wantProblem{
			{"\u00e9", 34, "role path contains an illegal character: 'é' (U+00E9); paths allow printable ASCII without spaces"}}},
		{"path empty between slashes", "arn:aws:iam::123456789012:role//R", []wantProblem{
			{"//", 30, "role path must not be empty between its slashes: expected / or /<path>/"}}},
		{"path 513 characters", "arn:aws:iam::123456789012:role" + longPath + "R", []wantProblem{
			{longPath, 30, "role path is too long: 513 characters, at most 512"}}},
		{"several independent mistakes, in position order", "arn:aws:iam:us-east-1:0123456789012:role/" + long, []wantProblem{
			{"us-east-1", 12, `region must be empty in an IAM role ARN (IAM is global), found "us-east-1"`},
			{"0123456789012", 22, "account id must be 12 digits, found 13: 0123456789012 (the example account id of the AWS documentation)"},
			{long, 41, "role name is too long: 65 characters, at most 64"},
		}},
		{"all upper case", "ARN:AWS:IAM::123456789012:ROLE/X", []wantProblem{
			{"ARN", 0, "prefix must be lower case arn:, found ARN:"},
			{"AWS", 4, "partition must be lower case: found AWS, expected aws"},
			{"IAM", 8, "service must be lower case iam, found IAM"},
			{"ROLE", 26, "resource type must be lower case role, found ROLE"},
		}},
		{"long text is clipped in messages", "arn:aws:iam::123456789012:" + strings.Repeat("x", 100) + "/A", []wantProblem{
			{strings.Repeat("x", 100), 26, `resource type must be role, found "` + strings.Repeat("x", 79) + `…"`}}},
		{"control characters are escaped in messages", "arn:aws:sts::123456789012:assumed-role/A\nB/s", []wantProblem{
			{"sts", 8, `element is an STS assumed-role session ARN, not a role ARN: use the role's ARN arn:aws:iam::123456789012:role/A\nB (with its path, if any)`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, probs := ParseRoleARN(tt.in)
			checkProblems(t, tt.in, probs, tt.want)
		})
	}
}

// checkProblems compares problems by kind, span (through the text it covers)
// and message, and reports them in a form that is easy to paste back.
func checkProblems(t *testing.T, s string, got []Problem, want []wantProblem) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%q: got %d problems, want %d:\n%s", s, len(got), len(want), dump(s, got))
	}
	for i, p := range got {
		w := want[i]
		if p.Kind != KindInvalidARN {
			t.Errorf("%q problem %d: kind %v, want %v", s, i, p.Kind, KindInvalidARN)
		}
		if at := s[p.Span.Start:p.Span.End]; at != w.at || p.Span.Start != w.pos {
			t.Errorf("%q problem %d: span %v covers %q, want %q at %d", s, i, p.Span, at, w.at, w.pos)
		}
		if p.Message != w.msg {
			t.Errorf("%q problem %d: message\n got %q\nwant %q", s, i, p.Message, w.msg)
		}
	}
}

func dump(s string, probs []Problem) string {
	var b strings.Builder
	for _, p := range probs {
		b.WriteString("\t" + p.Kind.String() + " " + s[p.Span.Start:p.Span.End] + " " + p.Message + "\n")
	}
	return b.String()
}
