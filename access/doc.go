// Package access answers "may principal P do action A on resource R?" for
// the two places the tool asks it: what the last role of a chain must be
// allowed to do for its statement (operation checks, SPEC §9), and whether
// the access role of a connection may get database credentials (SPEC §10).
//
// Evaluate is the one evaluator: it takes a chain.Principal (whose
// Context carries the one role-tag context of the tool) and a Request,
// runs iam.Authorize over the principal's identity policies, boundary and
// the resource's policy, and explains the decision as a Check: one result
// shape, whose verdict is never ok unless AWS would certainly allow.
//
// Operation turns a statement into Requests with one planner per statement
// kind (plans.go): adding a statement kind to package redshift means adding
// its planner here, and a test checks that every kind has one. Credentials
// builds the requests of the connect path.
//
// "Every object under s3://bucket/prefix" is one prefix request
// (iam.Request.ResourcePrefix): a statement covering only part of it makes
// the check unknown. COPY ... MANIFEST reads the objects the manifest lists:
// each one when Statement carries a local copy's entries, else every object
// of every bucket must be readable for ok (manifest.go).
package access
