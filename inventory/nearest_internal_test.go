package inventory

import (
	"strings"
	"testing"
)

func TestBoundedDistance(t *testing.T) {
	tests := []struct {
		a, b  string
		bound int
		want  int
		ok    bool
	}{
		{"redshiftclusterrole", "redshiftclusterrole", 3, 0, true},
		{"redshiftclustrerole", "redshiftclusterrole", 3, 2, true},
		{"redshift-unlaod", "redshift-unload", 3, 2, true},
		{"abc", "abcd", 3, 1, true},
		{"abcd", "abc", 3, 1, true},
		{"kitten", "sitting", 3, 3, true},
		{"kitten", "sitting", 2, 0, false},
		{"abcdefgh", "a", 3, 0, false},
		{"", "ab", 3, 2, true},
		{"flaw", "lawn", 1, 0, false},
		{"flaw", "lawn", 2, 2, true},
	}
	for _, tt := range tests {
		got, ok := boundedDistance(tt.a, tt.b, tt.bound)
		if ok != tt.ok || ok && got != tt.want {
			t.Errorf("boundedDistance(%q, %q, %d) = %d, %v; want %d, %v", tt.a, tt.b, tt.bound, got, ok, tt.want, tt.ok)
		}
	}
}

func TestNearestRole(t *testing.T) {
	inv := &Inventory{roles: map[string]*Role{}}
	for _, arn := range []string{
		"arn:aws:iam::111111111111:role/service-role/redshift-unload",
		"arn:aws:iam::111111111111:role/RedshiftClusterRole",
		"arn:aws:iam::111111111111:role/data/PartnerPathRole",
		"arn:aws:iam::111111111111:role/Ab",
		"arn:aws:iam::222222222222:role/RedshiftCopyRole",
		"arn:aws-cn:iam::111111111111:role/RedshiftCopyRole",
	} {
		rest := arn[strings.Index(arn, ":role/")+len(":role"):]
		i := strings.LastIndex(rest, "/")
		inv.roles[arn] = &Role{ARN: arn, Account: strings.Split(arn, ":")[4], Path: rest[:i+1], Name: rest[i+1:]}
	}
	tests := []struct {
		name, path, role, want string
	}{
		{"case only", "/", "redshiftclusterrole", "arn:aws:iam::111111111111:role/RedshiftClusterRole"},
		{"path dropped", "/", "PartnerPathRole", "arn:aws:iam::111111111111:role/data/PartnerPathRole"},
		{"typo under a path", "/service-role/", "redshift-unlaod", "arn:aws:iam::111111111111:role/service-role/redshift-unload"},
		{"path forgotten and a typo: too far", "/", "redshift-unlaod", ""},
		{"too far", "/", "RedshiftCopyRole", ""}, // the same name in other accounts and partitions does not count
		{"short names need an exact match but for case", "/", "Ac", ""},
		{"short name, case", "/", "AB", "arn:aws:iam::111111111111:role/Ab"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ""
			if r := inv.NearestRole("aws", "111111111111", tt.path, tt.role); r != nil {
				got = r.ARN
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
