package chain

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

const sessionOnly = "CREATE EXTERNAL SCHEMA ... FROM DATA CATALOG, ALTER EXTERNAL SCHEMA, CREATE DATABASE and SHOW DATABASES FROM DATA CATALOG"

// roles returns a chain of n distinct valid role ARNs.
func roles(n int) string {
	r := make([]string, n)
	for i := range r {
		r[i] = fmt.Sprintf("arn:aws:iam::123456789012:role/R%d", i)
	}
	return strings.Join(r, ",")
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name         string
		text         string
		opaque       []Span
		max          int
		allowSession bool
		want         []Problem
	}{
		{name: "one role", text: arnA},
		{name: "two roles", text: arnA + "," + arnB},
		{name: "ten roles, default max", text: roles(10)},
		{
			// R0..R9 are 33 bytes plus a comma; R10 starts at 340 and is 34 bytes.
			name: "eleven roles, max 10",
			text: roles(11),
			max:  10,
			want: []Problem{{KindTooLong, Span{340, 374}, "role chain has 11 roles, at most 10 are allowed"}},
		},
		{
			name: "max <= 0 means 10",
			text: roles(11),
			max:  -1,
			want: []Problem{{KindTooLong, Span{340, 374}, "role chain has 11 roles, at most 10 are allowed"}},
		},
		{
			name: "max 2: span covers every role past the limit",
			text: roles(4),
			max:  2,
			want: []Problem{{KindTooLong, Span{68, 135}, "role chain has 4 roles, at most 2 are allowed"}},
		},
		{
			name: "quoted default",
			text: "default",
			want: []Problem{{KindDefaultQuoted, Span{0, 7}, "quoted default is not the default role keyword: write default without quotes"}},
		},
		{
			name: "quoted DEFAULT, any case",
			text: "DEFAULT",
			want: []Problem{{KindDefaultQuoted, Span{0, 7}, "quoted default is not the default role keyword: write default without quotes"}},
		},
		{
			name: "default in a chain, not also an invalid ARN",
			text: arnA + ",Default",
			want: []Problem{{KindDefaultInChain, Span{33, 40}, "default cannot be part of a role chain: name the default role by its ARN"}},
		},
		{name: "SESSION where allowed", text: "SESSION", allowSession: true},
		{
			name: "SESSION where not allowed",
			text: "SESSION",
			want: []Problem{{KindInvalidARN, Span{0, 7}, "role value SESSION is only allowed in " + sessionOnly}},
		},
		{
			name:         "session in lower case where allowed",
			text:         "session",
			allowSession: true,
			want:         []Problem{{KindInvalidARN, Span{0, 7}, "role value session must be upper case: write SESSION"}},
		},
		{
			name: "session in lower case where not allowed",
			text: "Session",
			want: []Problem{{KindInvalidARN, Span{0, 7}, "role value Session is not a role ARN, and upper-case SESSION is only allowed in " + sessionOnly}},
		},
		{
			name:         "SESSION in a chain",
			text:         "SESSION," + arnA,
			allowSession: true,
			want:         []Problem{{KindInvalidARN, Span{0, 7}, "role value SESSION cannot be part of a role chain: it must be the whole value"}},
		},
		{
			name: "ARN problems are shifted to the value",
			text: arnA + ",arn:aws:iam::0123456789012:role/B",
			want: []Problem{{KindInvalidARN, Span{46, 59}, "account id must be 12 digits, found 13: 0123456789012 (the example account id of the AWS documentation)"}},
		},
		{
			name: "IAM user in a chain",
			text: arnA + ",arn:aws:iam::123456789012:user/johndoe",
			want: []Problem{{KindInvalidARN, Span{59, 63}, "element is an IAM user ARN, not a role"}},
		},
		{
			name:   "opaque elements are not ARN-checked",
			text:   "arn:aws:iam::${acct}:role/X,{{ var('r') }}",
			opaque: []Span{{13, 20}, {28, 42}},
		},
		{
			name:   "opaque elements count toward the limit",
			text:   "${a},${b}," + arnA,
			opaque: []Span{{0, 4}, {5, 9}},
			max:    2,
			want:   []Problem{{KindTooLong, Span{10, 42}, "role chain has 3 roles, at most 2 are allowed"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			elems, splitProbs := Split(tt.text, tt.opaque)
			if len(splitProbs) != 0 {
				t.Fatalf("Split(%q) problems: %+v", tt.text, splitProbs)
			}
			got := Check(elems, tt.max, tt.allowSession)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Check(%q)\n got %+v\nwant %+v", tt.text, got, tt.want)
			}
		})
	}
}

func TestCheckEmpty(t *testing.T) {
	if got := Check(nil, 0, false); got != nil {
		t.Errorf("Check(nil) = %+v, want nil", got)
	}
}

func ExampleSplit() {
	value := "arn:aws:iam::123456789012:role/A, arn:aws:iam::0123456789012:role/B"
	elems, probs := Split(value, nil)
	probs = append(probs, Check(elems, 0, false)...)
	for _, e := range elems {
		fmt.Printf("element %d-%d %s\n", e.Span.Start, e.Span.End, e.Text)
	}
	for _, p := range probs {
		fmt.Printf("%s %d-%d: %s\n", p.Kind, p.Span.Start, p.Span.End, p.Message)
	}
	// Output:
	// element 0-32 arn:aws:iam::123456789012:role/A
	// element 34-67 arn:aws:iam::0123456789012:role/B
	// Whitespace 33-34: role chain must not contain whitespace
	// InvalidARN 47-60: account id must be 12 digits, found 13: 0123456789012 (the example account id of the AWS documentation)
}

func BenchmarkSplitCheck(b *testing.B) {
	value := "arn:aws:iam::123456789012:role/RoleA,arn:aws:iam::210987654321:role/service-role/RoleB,arn:aws:iam::111122223333:role/RoleC"
	b.ReportAllocs()
	b.SetBytes(int64(len(value)))
	for b.Loop() {
		elems, probs := Split(value, nil)
		if len(probs) != 0 || len(Check(elems, 0, false)) != 0 {
			b.Fatal("unexpected problems")
		}
	}
}

// TestCrossPartition: every role of a chain must be in the first role's
// partition; elements that are no role ARN, or opaque, are left to their
// own problems.
func TestCrossPartition(t *testing.T) {
	tests := []struct {
		chain string
		want  []string // messages
	}{
		{"arn:aws:iam::123456789012:role/A,arn:aws:iam::210987654321:role/B", nil},
		{"arn:aws:iam::123456789012:role/A,arn:aws-cn:iam::210987654321:role/B",
			[]string{"role B is in partition aws-cn, the chain's first role in aws: a role cannot assume a role of another partition"}},
		{"arn:aws-us-gov:iam::123456789012:role/A,arn:aws:iam::210987654321:role/B,arn:aws-us-gov:iam::210987654321:role/C",
			[]string{"role B is in partition aws, the chain's first role in aws-us-gov: a role cannot assume a role of another partition"}},
		{"not-an-arn,arn:aws-cn:iam::210987654321:role/B,arn:aws:iam::210987654321:role/C",
			[]string{"role C is in partition aws, the chain's first role in aws-cn: a role cannot assume a role of another partition"}},
	}
	for _, tt := range tests {
		elems, _ := Split(tt.chain, nil)
		var got []string
		for _, p := range crossPartition(elems) {
			if p.Kind != KindInvalidARN {
				t.Errorf("%s: kind %v", tt.chain, p.Kind)
			}
			got = append(got, p.Message)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s:\n got %q\nwant %q", tt.chain, got, tt.want)
		}
	}
}
