package checks

// The documentation of every rule, as `redshift-preflight rules RULE` prints
// it: what it finds, why it matters, how to fix it.
const (
	docSyntaxError = `Reports SQL the tool cannot read: an unterminated quoted string, quoted
identifier, block comment, dollar-quoted string or template tag, text the
scanner rejects, a credential clause with no value (IAM_ROLE followed by
nothing usable, reported at the keyword), a placeholder whose value is
neither default nor a quoted string, a CREDENTIALS string Redshift cannot
read (spaces, keys it does not know, neither a role nor a key pair), and a
credential clause where the statement's grammar has none (CREATE DATABASE
... FROM INTEGRATION or FROM DATASHARE).

An invisible character in code (a no-break space or other Unicode space, a
zero-width character, a byte order mark past the start of the file, a
bidirectional control) is white space to the tool, so the statement is still
checked, but Redshift reads it as part of a name: the first of each
statement is reported, escaped (\u200b), and every reference of the
statement fails.

A statement whose end an unterminated literal swallows keeps the clauses
before the literal, with their other rules (a hard-coded key there is still
reported, masked); each of them also gets this finding, as Redshift cannot
run the statement. Any error of this kind on one clause fails every
reference of the statement.

Redshift strings differ from PostgreSQL's: a backslash escapes the next
character, so 'it\'s' is one string and 'C:\' is not terminated.

Bad:   COPY t FROM 's3://b/p' IAM_ROLE;
Good:  COPY t FROM 's3://b/p' IAM_ROLE default;`

	docInvalidEncoding = `Reports a file that is not UTF-8 text: a byte that cannot start or continue
a UTF-8 character, a NUL byte (binary files), or UTF-16. Nothing else in the
file is checked, because positions and quotes cannot be trusted.

Fix: save the file as UTF-8 (iconv -f LATIN1 -t UTF-8).`

	docChainWhitespace = `Reports spaces, tabs, line breaks or other white space inside a quoted
IAM_ROLE or CATALOG_ROLE value (or the aws_iam_role of a CREDENTIALS string),
outside template placeholders. Redshift documents that a role chain "must not
contain spaces"; the statement fails at run time.

Bad:   IAM_ROLE 'arn:aws:iam::123456789012:role/A, arn:aws:iam::210987654321:role/B'
Good:  IAM_ROLE 'arn:aws:iam::123456789012:role/A,arn:aws:iam::210987654321:role/B'`

	docChainEmptyElement = `Reports an empty element in a role chain: a comma at the start or end, two
commas in a row, or an empty string ''. Redshift cannot assume an empty role.

Bad:   IAM_ROLE 'arn:aws:iam::123456789012:role/A,,arn:aws:iam::123456789012:role/B'
Good:  IAM_ROLE 'arn:aws:iam::123456789012:role/A,arn:aws:iam::123456789012:role/B'`

	docChainTooLong = `Reports a chain with more roles than --max-chain (default 10, the limit
Redshift documents for CREATE EXTERNAL SCHEMA and Spectrum: "you can chain up
to 10 roles"). The finding covers the roles past the limit.`

	docDefaultInChain = `Reports 'default' as one element of a multi-role chain. default is a bare
keyword meaning the cluster's default IAM role and stands only on its own
(IAM_ROLE default); inside a quoted chain it is just a string that is not an
ARN.

Bad:   IAM_ROLE 'default,arn:aws:iam::210987654321:role/B'
Good:  IAM_ROLE 'arn:aws:iam::123456789012:role/ClusterDefault,arn:aws:iam::210987654321:role/B'`

	docDefaultQuoted = `Reports IAM_ROLE 'default'. The cluster's default role is selected by the
unquoted keyword; in quotes Redshift reads a role ARN "default" and fails.

Bad:   IAM_ROLE 'default'
Good:  IAM_ROLE default`

	docDefaultNotAllowed = `Reports IAM_ROLE default where Redshift does not accept it: auto-copy jobs
(COPY ... JOB CREATE) need an explicit role ARN, and CATALOG_ROLE has no
default form at all.

Bad:   COPY t FROM 's3://b/p' IAM_ROLE default JOB CREATE load_t;
Good:  COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/Loader' JOB CREATE load_t;`

	docInvalidRoleARN = `Reports a chain element that is not arn:<partition>:iam::<12-digit account>:role/[path/]<name>:
an unknown partition, a service other than iam, a region where none belongs,
an account id that is not 12 digits (the AWS docs' 13-digit example
0123456789012 is a common paste), a user or policy ARN, a bare role name,
or characters a role name cannot hold, and a role of another partition than
the chain's first (AssumeRole does not cross partitions). 'SESSION' is accepted only where
Redshift accepts it (CREATE EXTERNAL SCHEMA ... DATA CATALOG, ALTER EXTERNAL
SCHEMA, CREATE DATABASE). The finding points at the offending part.`

	docTypographicQuotes = `Reports a value wrapped in typographic quotes (‘…’ or “…”) instead of
straight ones, usually pasted from a word processor or from the Redshift
documentation, whose syntax blocks print ‘arn…’. Redshift reads them as part
of an identifier and the statement fails. The text between them is still
checked as the intended value.`

	docBidiControl = `Reports a bidirectional control character outside comments: the embeddings,
overrides and isolates U+202A to U+202E and U+2066 to U+2069, and the marks
U+200E, U+200F and U+061C. They are invisible and reorder how the text around
them is displayed, so a reviewer can read a statement, a string or a role ARN
in an order other than the one Redshift reads ("Trojan Source", Boucher and
Anderson, 2021). The finding points at the character and shows it escaped
(\u202e); comments are left alone, as right-to-left prose may need the marks.
In code, outside strings and identifiers, the character is also a syntax
error: Redshift reads it as part of a name.

Fix: delete the character; an editor that shows invisible characters (or
grep -P '[\x{202a}-\x{202e}\x{2066}-\x{2069}]') finds it.`

	docHardcodedSecret = `Reports key material written into SQL: ACCESS_KEY_ID, SECRET_ACCESS_KEY,
SESSION_TOKEN or MASTER_SYMMETRIC_KEY with a literal value (quoted, unquoted
or in double quotes), the same keys inside a CREDENTIALS string in any case
(AWS_SECRET_ACCESS_KEY=, Token=) or run into its role chain by a comma typo,
and key material anywhere else: an access key id (AKIA..., ASIA...), or a
value after a key name (aws_secret_access_key=..., "SecretAccessKey": ...)
in a comment, in a string that never ends, in any statement. Migrations
live in git, so a key leaks to everyone who can read the repository and
stays in its history, comments included. The tool never prints the value,
only a masked form.

Fix: use IAM_ROLE (a role associated with the cluster), or pass the value
through a placeholder your deployment tool fills from a secret store; rotate
any key that was committed.`

	docMissingAuthorization = `Reports a statement that needs AWS authorization but has no IAM_ROLE,
CREDENTIALS or access key clause (COPY, UNLOAD, CREATE EXTERNAL SCHEMA except
FROM REDSHIFT and FROM KAFKA, CREATE EXTERNAL FUNCTION, CREATE [EXTERNAL]
MODEL, CREATE LIBRARY from S3), and key clauses given without their partner
(ACCESS_KEY_ID without SECRET_ACCESS_KEY, SESSION_TOKEN without both).

Bad:   COPY t FROM 's3://b/p' FORMAT CSV;
Good:  COPY t FROM 's3://b/p' IAM_ROLE default FORMAT CSV;`

	docConflictingAuthorization = `Reports authorization clauses Redshift refuses to combine: IAM_ROLE with
CREDENTIALS, ACCESS_KEY_ID, SECRET_ACCESS_KEY or SESSION_TOKEN; CREDENTIALS
with key clauses; MASTER_SYMMETRIC_KEY with CREDENTIALS (put
master_symmetric_key inside the CREDENTIALS string instead); and the same
clause given twice. Each clause involved is reported, and every reference of
the statement fails: Redshift refuses the statement as a whole.`

	docSessionIdentity = `Reports IAM_ROLE 'SESSION' (or CATALOG_ROLE 'SESSION'): Redshift then acts
with the federated identity of the user who runs the SQL (for example an IAM
Identity Center user), not with a role. There is no role to look up and no
hop to walk, so the reference has no hops and its verdict is unknown
(unchecked without data): what that identity may do is decided by its
identity provider's permissions and Lake Formation grants, which IAM exports
do not hold. 'SESSION' is accepted by CREATE EXTERNAL SCHEMA ... FROM DATA
CATALOG, ALTER EXTERNAL SCHEMA, CREATE DATABASE and SHOW DATABASES FROM DATA
CATALOG; elsewhere it is an invalid-role-arn.`

	docUnresolvedPlaceholder = `Reports a template placeholder (Flyway/Liquibase ${name}, Jinja {{ ... }},
psql :name) in a credential value when no value was supplied with --var or
--vars-file, or by the project's own files (flyway.conf, dbt_project.yml,
...), the environment (dbt's env_var()) or a var() default. The element
holding it cannot be checked; supply the value your deployment uses to check
it. A value nothing offline can supply is reported with its reason instead: a
dbt macro's argument, a name set in the template, a Jinja expression, a
procedure's variable.`

	docPlaceholderExpansionLimit = `Reports where placeholder values stop being substituted because together
they would add more than 16 times the file's size to it (at least 1 MiB:
a short file may still use long values). Substituting without a bound
lets a small file demand gigabytes (10,000 ${a} with a 10 KB value); past
the bound the remaining placeholders are left as written, so the elements
holding them are not checked. One finding per file, at the first
placeholder left unsubstituted, counts the others.`

	docBadInclude = `Reports an include, includeAll or sqlFile of a Liquibase changelog that
cannot be followed: the file does not exist, lies outside the project (above
the repository root, or without one the directory of liquibase.properties),
or includes a changelog that is already being included (a cycle). The SQL
of a file that is not followed is not checked, and Liquibase itself would
fail on the changelog. The finding is at the attribute naming the file.

Bad:   <include file="changes/002-load.xml" relativeToChangelogFile="true"/>
       (no such file beside the changelog)
Good:  the path as it is in the repository, relative to the changelog
       with relativeToChangelogFile="true", else to the search path.`

	docDeprecatedCredentialsSyntax = `Reports the CREDENTIALS 'aws_iam_role=...' / 'aws_access_key_id=...' form.
AWS recommends the IAM_ROLE parameter; the string form is case-sensitive,
cannot hold spaces, and invites pasting keys into SQL.

Bad:   CREDENTIALS 'aws_iam_role=arn:aws:iam::123456789012:role/Loader'
Good:  IAM_ROLE 'arn:aws:iam::123456789012:role/Loader'`

	docNotAssociated = `Reports a chain whose first role is not among the cluster's associated IAM
roles (describe-clusters IamRoles, or the serverless namespace's iamRoles).
Redshift can only assume roles associated with the cluster, and only roles of
the cluster's own account can be associated. A first role in another partition
than the cluster (arn:aws-cn or arn:aws-us-gov for a cluster in aws) is
reported as such, since it can never be associated; a role that does not exist
is role-not-found instead.

Fix: aws redshift modify-cluster-iam-roles --cluster-identifier CLUSTER --add-iam-roles ROLE_ARN`

	docAssociationRemoving = `Reports a first role whose association has ApplyStatus "removing": by the
time the migration runs, the cluster will not be able to use it.`

	docAssociationPending = `Reports a first role whose association has ApplyStatus "adding": it may not
be usable yet. The hop's verdict is unknown until the association is in-sync.`

	docNoDefaultRole = `Reports IAM_ROLE default on a cluster (or namespace) with no default IAM
role: Redshift has nothing to resolve it to and the statement fails.`

	docRoleNotFound = `Reports a role ARN whose account is in the IAM data but which names no role
there. The lookup is exact and case-sensitive, as the ARN Redshift passes to
STS. The nearest role of the same account is suggested ("did you mean
role/service-role/redshift-unload?"): the same name but for case, the same
name under another path, or a path and name within 3 edits. A first role
that does not exist gets this finding instead of not-associated, whose
association command could not help.`

	docRoleUnknown = `Reports a role in an account whose IAM data was not given: the hop cannot be
checked and its verdict is unknown. Add that account's
get-account-authorization-details export with --iam.`

	docTrustMissing = `Reports a role whose trust policy does not allow the previous principal to
call sts:AssumeRole: the Redshift service (redshift.amazonaws.com) for the
first role, the previous role (by its ARN or its account) for later ones.`

	docBucketRegionMismatch = `Reports a COPY or UNLOAD whose S3 bucket, by the data, is in another AWS
Region than the one the statement reaches: the cluster's region when it has
no REGION option, else the REGION it names. Redshift sends the request to
that region's S3 endpoint and S3 refuses it ("The bucket you are attempting
to access must be addressed using the specified endpoint"). The bucket's
region comes from aws s3api get-bucket-location output with a "Bucket"
member added, from aws s3api list-buckets output with "Account" added (its
BucketRegion), or from redshift-preflight collect; without it, or without
the cluster's region, nothing is reported. A COPY is checked on every
bucket it reads: the one FROM names, the buckets of the objects a COPY ...
MANIFEST lists (when a local copy of the manifest is given with --manifest)
and the bucket of its JSONPaths file ("If the REGION parameter is
specified, all resources, including a manifest file or multiple Amazon S3
buckets, must be located in the specified Region."). Fix: add or correct
REGION 'the-bucket-region' (the help names it), or, when the buckets are in
several regions, move the objects or split the COPY.`

	docBucketNotFound = `Reports a statement (COPY, UNLOAD, or any statement with an s3:// target)
whose S3 bucket did not exist when the data was collected: S3 answered
NoSuchBucket when redshift-preflight collect asked about it, which collect
records as s3-nobucket-BUCKET.json ({"Bucket": "B", "NoSuchBucket": true}).
The Amazon S3 API Reference's list of error codes: "NoSuchBucket: The
specified bucket does not exist." A bucket that exists but belongs to
another account is answered AccessDenied, never NoSuchBucket, so this is not
a permission the collector lacked. Redshift's request on a missing bucket
fails whatever the roles may do, so the statement fails, and its operation
checks on the bucket fail with this rule as the reason. A COPY is checked on
every bucket it reads: FROM's, the buckets a local copy of its manifest
lists (--manifest) and its JSONPaths file's. The fact holds as of the
collect run: a bucket created since (or by an earlier migration step) is
not seen until collect runs again. Fix: create the bucket, in the account
and region the statement expects (bucket names are global, so until then
anyone may take the name), or fix the bucket name in the SQL; then collect
again.`

	docTrustRegion = `Reports a first role that trusts Redshift only through regional service
principals (redshift.us-west-2.amazonaws.com) of regions other than the
cluster's.`

	docTrustExternalID = `Reports a trust policy whose only failing condition is sts:ExternalId:
Redshift passes the database user's ARN
(arn:aws:redshift:REGION:ACCOUNT:dbuser:CLUSTER/USER; for Redshift
Serverless arn:aws:redshift:REGION:ACCOUNT:dbuser:serverless-ACCOUNT-WORKGROUPID/USER,
WORKGROUPID being the workgroup's workgroupId from aws redshift-serverless
get-workgroup or list-workgroups, not its name) as the external id, and the
policy admits other users only. Checked for the user given with --db-user;
without one, or without the workgroupId of a serverless workgroup, the hop
is unknown (condition-unverifiable). For chained roles AWS documents the
mechanism only by reference; the tool assumes the same external id is
passed on every hop.`

	docAssumePermissionMissing = `Reports a hop whose caller's identity policies (inline, and the default
versions of attached managed policies) do not allow sts:AssumeRole on the
next role where AWS requires it: across accounts always, and in the same
account when the trust policy names the account rather than the role.`

	docExplicitDeny = `Reports a Deny statement that certainly applies to the hop, in the trust
policy of the role assumed or in the caller's identity policies (NotAction
and NotResource denies included). A Deny wins over every Allow.`

	docBoundaryDeny = `Reports a caller whose permissions boundary denies, or does not allow,
sts:AssumeRole on the next role. A boundary limits what identity policies
can grant; a same-account trust that names the caller's session or "*" is
the only way around it.`

	docPolicyUnknown = `Reports a hop that depends on a managed policy whose document is missing
from the IAM data (typically an AWS-managed policy exported without
--filter AWSManagedPolicy). The hop's verdict is unknown.`

	docConditionUnverifiable = `Reports a hop whose outcome depends on a condition the data cannot decide:
aws:SourceIp, aws:CurrentTime, aws:SourceArn and the like, or sts:ExternalId
when no --db-user is given. The hop's verdict is unknown.`

	docTrustWildcardPrincipal = `Reports a role that can be assumed only because its trust policy allows
any principal ("*" or {"AWS": "*"}). It works, but anyone who can reach STS
may try; name the role or account that needs it.`

	docConnectPermissionMissing = `Reports a connection (redshift-preflight connect, or a [[connections]] table
of the config file) whose last role may not get database credentials:
redshift:GetClusterCredentials on the database user's ARN
(arn:aws:redshift:REGION:ACCOUNT:dbuser:CLUSTER/USER) and on the database's
(...:dbname:CLUSTER/DB), evaluated with redshift:DbUser and redshift:DbName
known; redshift:CreateClusterUser on the user with --auto-create, and
redshift:JoinGroup on each ...:dbgroup:CLUSTER/GROUP with --db-groups.
redshift:GetClusterCredentialsWithIAM on the database (which connects as
IAMR:ROLE) is accepted instead when no groups are requested; for Redshift
Serverless, redshift-serverless:GetCredentials on the workgroup. A Deny, a
missing Allow, a permissions boundary, or an access role in another account
than the cluster's fails it. Conditions the data cannot decide (aws:ResourceTag:
dbuser and dbname resources carry no tags; redshift:DurationSeconds) make
the connection unknown instead (condition-unverifiable).

Fix: allow the actions on those ARNs in a policy of the access role, e.g.
{"Effect": "Allow", "Action": "redshift:GetClusterCredentials", "Resource":
["arn:aws:redshift:us-east-1:123456789012:dbuser:my-cluster/${redshift:DbUser}",
"arn:aws:redshift:us-east-1:123456789012:dbname:my-cluster/analytics"]}`

	docPermissionMissing = `Reports a chain whose last role lacks a permission the statement needs, as
the Redshift documentation lists them: COPY from S3 reads the prefix
(s3:GetObject on bucket/prefix*, s3:ListBucket on the bucket; s3:GetObject on
a manifest or JSONPaths file, and on each object a manifest lists when a
local copy is given with --manifest), COPY from DynamoDB or EMR needs
dynamodb:Scan and DescribeTable or elasticmapreduce:ListInstances, UNLOAD
writes the prefix (s3:ListBucket, GetObject, PutObject; DeleteObject with
CLEANPATH; kms:GenerateDataKey with KMS_KEY_ID), CREATE EXTERNAL FUNCTION
invokes the Lambda function (arn:aws:lambda:<cluster region>:<last role's
account>:function:<name>) or SageMaker endpoint, CREATE EXTERNAL SCHEMA reads
the Glue catalog, the Secrets Manager secret (SECRET_ARN), Kinesis or MSK,
CREATE MODEL uses its S3 bucket and SageMaker, CREATE LIBRARY reads its S3
object.

A prefix stands for every object under it: a policy statement counts only
if its Resource matches all of them ('?' is one character, so bucket/data/?
does not cover data/), and one matching only some makes the check unknown.
COPY and UNLOAD reach S3 over HTTPS (aws:SecureTransport is true); object
actions carry no s3:prefix. The actions missing for one cause are one finding
listing them, with one help listing the statements to add.

The last role's identity policies and permissions boundary are evaluated,
with the bucket policy (aws s3api get-bucket-policy output) or the Lambda
function policy (aws lambda get-policy output) when given with --iam;
across accounts both sides must allow. An outcome the data cannot decide is
reported by permission-unknown instead. The operation is not evaluated when
a hop of the chain fails.`

	docPermissionUnknown = `Reports an operation permission of the last role (see permission-missing)
that the data cannot decide: it depends on a condition key that cannot be
known offline, on a policy document that is not in the data (an AWS-managed
policy exported without --filter AWSManagedPolicy, a KMS key policy), on a
resource the SQL does not name (Glue tables, Kinesis streams, MSK topics, the
objects a COPY ... MANIFEST lists when no local copy is given with
--manifest), on whether a bucket is in the role's account, or an Allow or a
Deny covers only part of the prefix the statement reads or writes. The check
is never reported as ok; the JSON "operation" block lists it as unknown.`

	docAssumeRoleNotGranted = `Reports a COPY, UNLOAD, CREATE EXTERNAL FUNCTION or CREATE MODEL whose role
chain the database user may not use. By default every user may use every
role associated with the cluster; once a superuser runs

    REVOKE ASSUMEROLE ON ALL FROM PUBLIC FOR ALL;

a user needs GRANT ASSUMEROLE ON '<chain>' (or ON default, or ON ALL) TO the
user, a group it is in, a role it holds, or PUBLIC, FOR the command (or FOR
ALL). A grant on a chain covers exactly that chain: 'A,B' granted does not
allow 'A' alone. Redshift then refuses the statement: User <u> does not
have ASSUMEROLE permission on IAM role "<arn>" for COPY.

The GRANT and REVOKE ASSUMEROLE statements of all checked files are replayed
in run order (Flyway versions V1 < V1.1 < V2 < V10, then R__ repeatable
migrations, then other files by path; U__ undo migrations are skipped), so
each statement sees the grants of earlier files and earlier statements.
When the revoke ran before these migrations, say so in the configuration:
[assumerole] restricted = true. The user's groups and roles come from
[assumerole] groups and roles; superuser = true turns the check off.

Only checked with --db-user (or db_user): without it nothing is reported.
CREATE LIBRARY and CREATE EXTERNAL SCHEMA are not governed (the FOR list
cannot name them); a chain holding a placeholder without a value is not
checked.

Fix: GRANT ASSUMEROLE ON '<chain>' TO <user> FOR COPY; (as a superuser,
in an earlier migration).`

	docBroadIdentityPolicy = `Reports an Allow statement in an identity policy of a role a chain uses
(inline, or the default version of an attached managed policy) whose Action
is "*" or "redshift:*", or which uses NotAction, on "Resource": "*". Such a
role can do far more than load or unload data: anyone who can run SQL on the
cluster can use its permissions. A Condition does not exempt the statement. A run reports each statement once per role, at its first reference, with
the number of references ("(7 references)").

    {"Effect": "Allow", "Action": "*", "Resource": "*"}                 reported
    {"Effect": "Allow", "Action": "redshift:*", "Resource": "*"}        reported
    {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}          reported
    {"Effect": "Allow", "Action": "s3:GetObject",
     "Resource": "arn:aws:s3:::ingest-bucket/*"}                         fine

Fix: grant only the actions the statements need (COPY from S3: s3:GetObject
and s3:ListBucket) on the resources they use.`

	docAssumeRoleAny = `Reports an Allow statement in an identity policy of a role a chain uses
whose actions include sts:AssumeRole (sts:AssumeRole, sts:*, "*", a
wildcard such as sts:Assume*, or a NotAction that leaves it out) on
"Resource": "*". The role can then chain into every role in any account
whose trust policy admits it, not only the next role of the chain. Not
reported when an unconditional Deny of sts:AssumeRole on "*" in the role's
identity policies, or its permissions boundary, already rules that out. A run reports each statement once per role, at its first reference, with
the number of references ("(7 references)").

    {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}    reported
    {"Effect": "Allow", "Action": "sts:AssumeRole",
     "Resource": "arn:aws:iam::210987654321:role/PartnerS3ReadRole"}    fine

Fix: list the role ARNs the chain assumes in Resource.`

	docTrustNoExternalID = `Reports an Allow statement in the trust policy of a chain's first role that
lets the Redshift service (redshift.amazonaws.com, or a regional form such as
redshift.us-east-1.amazonaws.com) assume the role with no condition on
sts:ExternalId. Redshift passes the database user's ARN as the external id,
so without the condition every database user of every cluster the role is
associated with can use it. A trust policy that keeps Redshift out anyway
(an applicable Deny, or regional principals of other regions only) is left
to the hop rules. A run reports each statement once per role, at its first reference, with
the number of references ("(7 references)").

    {"Effect": "Allow", "Principal": {"Service": "redshift.amazonaws.com"},
     "Action": "sts:AssumeRole"}                                         reported
    {"Effect": "Allow", "Principal": {"Service": "redshift.amazonaws.com"},
     "Action": "sts:AssumeRole",
     "Condition": {"StringEquals": {"sts:ExternalId":
       ["arn:aws:redshift:us-east-1:123456789012:dbuser:analytics-cluster/etl_user"]}}}   fine

Fix: restrict the statement to the database users that need the role, by
their ARNs arn:aws:redshift:REGION:ACCOUNT:dbuser:CLUSTER/USER (Redshift
Serverless: arn:aws:redshift:REGION:ACCOUNT:dbuser:serverless-ACCOUNT-WORKGROUPID/USER,
with the workgroup's workgroupId).`

	docUnusedIgnore = `Reports a preflight-ignore or preflight-ignore-file comment that names a rule
the catalogue does not have, or that silenced no finding (the problem was
fixed, or the directive sits in the wrong place). Stale ignores hide the next
real problem.

  -- preflight-ignore chain-whitespace -- the partner's loader is fixed in V12
  COPY t FROM 's3://b/p' IAM_ROLE 'arn:aws:iam::123456789012:role/A, arn:aws:iam::210987654321:role/B';

A directive names rules separated by commas; a reason may follow after --.
preflight-ignore covers the next statement, or the line it ends;
preflight-ignore-file covers the whole file, every rule when it names none.
Directives that name rules disabled by the configuration are not reported.`

	docSCPDeny = `Reports a hop (sts:AssumeRole by the previous role) or a permission of the
last role that an AWS Organizations service control policy refuses: a Deny
statement of an SCP attached to the root, an OU on the account's path or the
account itself, or no SCP at some level of that path allowing the action (an
allow list: "there must be an explicit Allow statement at every level from
the root through each OU in the direct path to the account"). SCPs refuse
whatever the role's own policies allow. They do not restrict the management
account, service-linked roles or service principals (Redshift assuming the
first role). Checked only when Organizations data is given (describe-organization,
list-roots, list-accounts output, or collect's organizations.json); an
account whose OU path or attached SCPs the data lacks is unknown, never ok.
The finding names the policy and the statement; fix it with the organization's
administrators (an exception in the SCP, or the account in another OU).`

	docRCPDeny = `Reports a hop or a permission that an AWS Organizations resource control
policy of the resource's account refuses: a Deny statement of an RCP attached
on the path of the account that owns the role being assumed (sts:AssumeRole),
the bucket (S3) or the key (KMS). RCPs apply to the resources of member
accounts, not to the management account's, and only for the services they
cover (S3, STS, KMS, SQS, Secrets Manager). aws:PrincipalOrgID is known when
the data places the caller's account in the organization. A resource whose
owning account the data does not know is unknown when any RCP has a Deny.
The finding names the policy and the statement.`
)
