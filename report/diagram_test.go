package report

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"

	"github.com/redshift-preflight/redshift-preflight/checks"
)

const (
	clusterRole = "arn:aws:iam::123456789012:role/RedshiftClusterRole"
	partnerRole = "arn:aws:iam::210987654321:role/data/PartnerS3ReadRole"
	unknownRole = "arn:aws:iam::444444444444:role/Vendor\"Role"
)

// diagramCases are explanations shaped as the explain command builds them.
var diagramCases = []struct {
	name string
	ex   *checks.Explanation
}{
	{"diagram-mixed", &checks.Explanation{
		Chain: clusterRole + "," + partnerRole + "," + unknownRole, Statement: "COPY",
		Reference: &checks.Reference{Roles: []string{clusterRole, partnerRole, unknownRole},
			Hops: []checks.Hop{
				hop("redshift", clusterRole, "RedshiftClusterRole", "123456789012", checks.VerdictOK, ""),
				hop(clusterRole, partnerRole, "data/PartnerS3ReadRole", "210987654321", checks.VerdictFail, checks.TrustExternalID),
				hop(partnerRole, unknownRole, "", "", checks.VerdictUnknown, checks.RoleUnknown),
			},
			Verdict: checks.VerdictFail, Reason: checks.TrustExternalID},
	}},
	{"diagram-default", &checks.Explanation{
		Chain: "default", Statement: "COPY",
		Reference: &checks.Reference{Roles: []string{"default"},
			Hops:    []checks.Hop{{From: "redshift", Verdict: checks.VerdictUnknown}},
			Verdict: checks.VerdictUnknown},
	}},
	{"diagram-syntax", &checks.Explanation{
		Chain: `arn:aws:iam::123456789012:role/A,,<x> "#1|[b]"\N`, Statement: "COPY",
		Problems: []checks.ChainProblem{
			{Rule: checks.ChainEmptyElement, Column: 34, Message: "empty role in the chain (doubled comma)"},
			{Rule: checks.InvalidRoleARN, Column: 35, Message: `<x> "#1|[b]"\N is not a role ARN`},
		},
		Reference: &checks.Reference{Verdict: checks.VerdictFail},
	}},
}

func hop(from, to, role, account string, v checks.Verdict, reason checks.RuleID) checks.Hop {
	return checks.Hop{From: from, To: &to, Role: role, Account: account, Verdict: v, Reason: reason}
}

func TestDiagramGolden(t *testing.T) {
	for _, c := range diagramCases {
		var m, d bytes.Buffer
		if err := Mermaid(&m, c.ex); err != nil {
			t.Fatal(err)
		}
		if err := DOT(&d, c.ex); err != nil {
			t.Fatal(err)
		}
		golden(t, c.name+".mmd.golden", m.Bytes())
		golden(t, c.name+".dot.golden", d.Bytes())
	}
}

// TestDiagramStyles pins what the goldens show: failing edges red, unknown
// ones dashed and orange, labels escaped.
func TestDiagramStyles(t *testing.T) {
	var m, d bytes.Buffer
	ex := diagramCases[0].ex
	if err := Mermaid(&m, ex); err != nil {
		t.Fatal(err)
	}
	if err := DOT(&d, ex); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`redshift -->|"ok"| role1`,
		`role1 -->|"fail: trust-external-id"| role2`,
		`role2 -.->|"unknown: role-unknown"| role3`,
		"linkStyle 1 stroke:red",
		"linkStyle 2 stroke:orange",
		`role3["arn:aws:iam::444444444444:role/Vendor#quot;Role"]`,
	} {
		if !strings.Contains(m.String(), want) {
			t.Errorf("mermaid lacks %q:\n%s", want, m.String())
		}
	}
	if strings.Contains(m.String(), "linkStyle 0") {
		t.Errorf("the ok edge is styled:\n%s", m.String())
	}
	for _, want := range []string{
		`role1 -> role2 [label="fail: trust-external-id", color=red`,
		`role2 -> role3 [label="unknown: role-unknown", color=orange, fontcolor=orange, style=dashed]`,
		`role3 [label="arn:aws:iam::444444444444:role/Vendor\"Role"]`,
		`role2 [label="data/PartnerS3ReadRole\n210987654321"]`,
	} {
		if !strings.Contains(d.String(), want) {
			t.Errorf("dot lacks %q:\n%s", want, d.String())
		}
	}
}

// TestDOTSyntax feeds every DOT golden case to Graphviz. It needs the dot
// program (apt-get install graphviz) and skips only when it is absent.
func TestDOTSyntax(t *testing.T) {
	dot, err := exec.LookPath("dot")
	if err != nil {
		t.Skip("dot (Graphviz) is not installed")
	}
	for _, c := range diagramCases {
		var in bytes.Buffer
		if err := DOT(&in, c.ex); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(dot, "-Tsvg")
		cmd.Stdin = &in
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil || stderr.Len() > 0 || !bytes.Contains(out, []byte("<svg")) {
			t.Errorf("%s: dot -Tsvg: %v\n%s\n%s", c.name, err, stderr.String(), in.String())
		}
	}
}
