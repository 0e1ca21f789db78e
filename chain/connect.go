package chain

import (
	"fmt"
	"strings"

	"github.com/redshift-preflight/redshift-preflight/iam"
)

// ValidateStart reports whether start can begin a connect path: a service
// principal, or the ARN of an IAM role or user.
func ValidateStart(start string) error {
	if !strings.HasPrefix(start, "arn:") {
		if c, err := iam.ParseCaller(start); err == nil && c.Type == iam.ServicePrincipal {
			return nil
		}
		return fmt.Errorf("want a service principal such as ec2.amazonaws.com, or an IAM role or user ARN, got %q", start)
	}
	c, err := iam.ParseCaller(start)
	if err == nil && (c.Type == iam.UserPrincipal || (c.Type == iam.RoleSessionPrincipal && c.ARN != "")) {
		return nil
	}
	return fmt.Errorf("want an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME) or user ARN (arn:aws:iam::ACCOUNT:user/NAME), got %q", start)
}

// ConnectHops walks a connect path (SPEC §10): start assumes the first
// role of roles, each role the next. Every hop is evaluated as if the
// earlier ones succeeded. Connect hops are made by the caller's code, not
// by Redshift: no cluster association is needed and no sts:ExternalId is
// passed (iam-semantics.md §9, "Other start principals").
func ConnectHops(w World, start string, roles []string) []Hop {
	w.DBUser = "" // sts:ExternalId is Redshift's, and Redshift makes none of these hops
	hops := make([]Hop, 0, len(roles))
	for i, role := range roles {
		if i == 0 {
			hops = append(hops, w.startHop(start, role))
		} else {
			hops = append(hops, w.roleHop(roles[i-1], role, true))
		}
	}
	return hops
}

// startHop: the start principal assumes the first role.
func (w World) startHop(start, roleARN string) Hop {
	if err := ValidateStart(start); err != nil {
		h := Hop{From: start, To: roleARN}
		h.add(Issue{Verdict: VerdictUnknown, Message: "start: " + err.Error()})
		return h.decide()
	}
	caller, _ := iam.ParseCaller(start)
	switch caller.Type {
	case iam.RoleSessionPrincipal:
		return w.roleHop(start, roleARN, true)
	case iam.UserPrincipal:
		return w.userHop(caller, roleARN)
	}
	h := Hop{From: start, To: roleARN}
	role := h.lookup(w.Inventory, roleARN)
	if role != nil {
		// The service acts wherever the instance runs: region unknown, so a
		// regional Service entry is undecided. It passes no external id.
		caller := iam.ServiceCaller(start, "")
		ctx := iam.PrincipalContext(caller).SetAbsent("sts:ExternalId")
		auth := iam.AuthorizeAssumeRole(caller, roleARN, role.Trust, nil, nil, ctx)
		h.judge(auth, judgeInput{from: start, to: role, toARN: roleARN, world: w, connect: true, service: start})
	}
	return h.decide()
}

// userHop: an IAM user assumes the first role. The user's identity
// policies are its own, its groups' and the managed policies attached to
// either (inventory.UserIdentityPolicies); a user not in the IAM data, or
// a group of it that is not, leaves its side unknown: the hop can then
// fail on the trust policy, but never be ok.
func (w World) userHop(caller iam.Caller, roleARN string) Hop {
	h := Hop{From: caller.ARN, To: roleARN}
	inv := w.Inventory
	role := h.lookup(inv, roleARN)
	trust := iam.NamedPolicy{Label: "unknown trust policy of " + roleARN}
	if role != nil {
		trust = role.Trust
	}
	user := UserPrincipal(inv, caller)
	identity, boundary := user.Policies(inv)
	auth := iam.AuthorizeAssumeRole(caller, roleARN, trust, identity, boundary, user.Context())
	h.judge(auth, judgeInput{from: caller.Name, to: role, toARN: roleARN, world: w, connect: true, fromARN: caller.ARN})
	return h.decide()
}
