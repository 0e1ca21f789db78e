package main

import "strings"

// The help of each command: an example and the exit codes, shown by
// --help under DESCRIPTION.

const exitUsageHelp = "  2  usage error or input that cannot be read (the message says which)"

func checkHelp() string {
	return helpText(
		"redshift-preflight check --iam iam/ --cluster cluster.json --db-user etl_user migrations/",
		"  0  no finding at or above --fail-on (default error)",
		"  1  at least one finding at or above --fail-on",
		"  2  usage error, unreadable path, a path or pattern that matches no SQL file, or IAM/cluster data that cannot be read")
}

func explainHelp() string {
	return helpText(
		"redshift-preflight explain --iam iam/ --cluster cluster.json --statement UNLOAD --target s3://bucket/prefix 'arn:aws:iam::123456789012:role/A,arn:aws:iam::210987654321:role/B'",
		"  0  no error finding: the chain works as far as the data can tell",
		"  1  an error finding (a hop, the chain or the operation fails)",
		exitUsageHelp)
}

func connectHelp() string {
	return helpText(
		"redshift-preflight connect --iam iam/ --cluster cluster.json --start ec2.amazonaws.com --chain arn:aws:iam::123456789012:role/app --db-user analyst --db-name analytics",
		"  0  the principal gets the credentials and no finding reaches --fail-on",
		"  1  it does not, or a finding reaches --fail-on",
		exitUsageHelp)
}

func collectHelp() string {
	return helpText(
		"redshift-preflight collect --out aws/ --region us-east-1 --role-arn arn:aws:iam::210987654321:role/PreflightRead migrations/",
		"  0  data collected; calls that were denied or failed are listed on stderr and in DIR/gaps.json",
		exitUsageHelp,
		"  3  nothing usable was collected (every call failed: no credentials, an endpoint that does not answer...)")
}

func rulesHelp() string {
	return helpText("redshift-preflight rules chain-whitespace", "  0  printed", "  2  unknown rule id")
}

func versionHelp() string {
	return helpText("redshift-preflight version", "  0  printed")
}

// appHelp is the top-level help's description: one example per command
// and the exit codes they share.
func appHelp() string {
	return strings.Join([]string{
		"Examples:",
		"  redshift-preflight check migrations/",
		"  redshift-preflight check --iam iam/ --cluster cluster.json --db-user etl_user migrations/",
		"  redshift-preflight explain --iam iam/ --cluster cluster.json 'arn:aws:iam::123456789012:role/A'",
		"  redshift-preflight connect --iam iam/ --start ec2.amazonaws.com --chain arn:aws:iam::123456789012:role/app --db-user analyst --db-name analytics",
		"  redshift-preflight collect --out aws/ --region us-east-1",
		"  redshift-preflight rules chain-whitespace",
		"",
		"'redshift-preflight COMMAND --help' shows a command's flags, an example and its exit codes.",
		"",
		"Exit codes:",
		"  0  no problem (check: no finding at or above --fail-on)",
		"  1  problems found",
		exitUsageHelp,
	}, "\n")
}

func helpText(example string, exitCodes ...string) string {
	return "Example:\n  " + example + "\n\nExit codes:\n" + strings.Join(exitCodes, "\n")
}
