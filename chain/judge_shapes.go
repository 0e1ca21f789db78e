package chain

import (
	"fmt"

	"github.com/redshift-preflight/redshift-preflight/iam"
)

// rejectedShapeIssue explains a trust policy whose Allow was meant for the
// caller through an entry IAM refuses to save (iam.RejectedShape): such an
// entry names no one, so the hop fails as trust-missing, and the finding
// says which shape IAM rejects and what to write instead. ok is false when
// no Allow of the trust policy holds such an entry for this caller.
func rejectedShapeIssue(auth iam.Authorization, in judgeInput) (Issue, bool) {
	if auth.Resource == nil {
		return Issue{}, false
	}
	var first *iam.RejectedPrincipal
	var refs []iam.StatementRef
	for i, r := range auth.Resource.Rejected {
		if r.Effect != iam.Allow {
			continue
		}
		if first == nil {
			first = &auth.Resource.Rejected[i]
		}
		refs = append(refs, r.Ref)
	}
	if first == nil {
		return Issue{}, false
	}
	why, help := rejectedShapeText(*first, in)
	return Issue{Reason: ReasonTrustMissing, Verdict: VerdictFail, Statements: refs,
		Message: fmt.Sprintf("%s's trust policy does not let %s assume it: %s", in.toName(), in.from, why),
		Help:    help}, true
}

// rejectedShapeText says why IAM refuses the entry and what to write
// instead, naming the caller the way the trust policy must.
func rejectedShapeText(r iam.RejectedPrincipal, in judgeInput) (why, help string) {
	switch r.Shape {
	case iam.ShapePartialWildcardAWS:
		return fmt.Sprintf("IAM rejects a partial wildcard in a principal ARN (%q in %s), so that entry names no one", r.Entry, r.Ref),
			fmt.Sprintf(`name the principal exactly ("AWS": %q), or use "AWS": "*" with the condition {"ArnLike": {"aws:PrincipalArn": %q}}`, in.callerARN(), r.Entry)
	case iam.ShapeWildcardService:
		return fmt.Sprintf("IAM rejects a wildcard in a service principal (%q in %s), so that entry names no one", r.Entry, r.Ref),
			fmt.Sprintf(`name the service exactly: "Service": %q`, in.callerService())
	}
	// iam.ShapeNotPrincipalAllow: the only shape an Allow can hold besides these.
	return fmt.Sprintf(`IAM rejects NotPrincipal with "Effect": "Allow" (%s; NotPrincipal must be used with Deny), so that statement names no one`, r.Ref),
		fmt.Sprintf(`replace NotPrincipal with "Principal": %s`, in.callerPrincipal())
}

// callerService is the service principal the caller acts as: the connect
// path's start service, else Redshift.
func (in judgeInput) callerService() string {
	if in.service != "" {
		return in.service
	}
	return RedshiftService
}

// callerARN is the ARN a trust policy names the caller by: the previous
// role's or the start user's.
func (in judgeInput) callerARN() string {
	if in.fromRole != nil {
		return in.fromRole.ARN
	}
	return in.fromARN
}

// callerPrincipal is the Principal element that names the caller.
func (in judgeInput) callerPrincipal() string {
	if arn := in.callerARN(); arn != "" {
		return fmt.Sprintf(`{"AWS": %q}`, arn)
	}
	return fmt.Sprintf(`{"Service": %q}`, in.callerService())
}
