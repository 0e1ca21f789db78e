package iam

// Decision is the outcome of evaluating a request against policies [EVAL].
// The zero value is ImplicitDeny, so a Decision nobody computed never reads
// as allowed.
type Decision uint8

const (
	// ImplicitDeny: no applicable statement allows the request (and none
	// certainly denies it; a Deny that only might apply is reported in
	// Result.Deny as Maybe).
	ImplicitDeny Decision = iota
	// Allowed: an Allow certainly applies and no Deny can apply.
	Allowed
	// ExplicitDeny: a Deny statement certainly applies.
	ExplicitDeny
	// Unknown: the data cannot decide whether the request is allowed,
	// because a condition key, principal or policy document is not known.
	Unknown
)

func (d Decision) String() string {
	switch d {
	case ImplicitDeny:
		return "implicit-deny"
	case Allowed:
		return "allow"
	case ExplicitDeny:
		return "explicit-deny"
	case Unknown:
		return "unknown"
	}
	return "Decision(?)"
}

// decide applies "explicit deny > allow > implicit deny" [EVAL] to the
// three-valued facts "some Deny applies" and "some path allows".
// A request that certainly is not allowed stays ImplicitDeny even when a
// Deny only might apply: whichever way that Deny goes, it is refused.
func decide(deny, allow Tri) Decision {
	switch {
	case deny == True:
		return ExplicitDeny
	case allow == False:
		return ImplicitDeny
	case deny == False && allow == True:
		return Allowed
	default:
		return Unknown
	}
}

// Effect is a statement's Effect element [EFFECT]. The zero value is
// invalid; the decoder only produces Allow or Deny.
type Effect uint8

const (
	Allow Effect = iota + 1
	Deny
)

func (e Effect) String() string {
	switch e {
	case Allow:
		return "Allow"
	case Deny:
		return "Deny"
	}
	return "Effect(?)"
}
