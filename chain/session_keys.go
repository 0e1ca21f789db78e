package chain

import "github.com/redshift-preflight/redshift-preflight/iam"

// setRedshiftSessionKeys records the keys that the sessions Redshift
// obtains fix when one of them assumes the next role of a chain.
//
// aws:MultiFactorAuthPresent is present and false. Present: IAM UG "AWS
// global condition context keys"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent)
// gives its Availability as "This key is included in the request context
// only when the principal uses temporary credentials to make the request."
// and says of {"Null": {"aws:MultiFactorAuthPresent": "false"}} "This
// allows all requests that are made using temporary credentials"; a role
// session's credentials are temporary. False: the key tells "whether
// multi-factor authentication (MFA) was used to validate the temporary
// security credentials that made the request", and Redshift obtains these
// sessions itself, the first as the service principal, which has no MFA
// device (AssumeRole's SerialNumber is "The identification number of the
// MFA device that is associated with the user who is making the AssumeRole
// call", STS API reference). That last step is inferred, not stated.
//
// Connect hops do not call this: there the start principal's code obtains
// the sessions, possibly with MFA.
func setRedshiftSessionKeys(ctx *iam.Context) {
	ctx.Set("aws:MultiFactorAuthPresent", "false")
}
