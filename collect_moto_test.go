package main

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/redshift-preflight/redshift-preflight/internal/collectcmd"
)

// The collect tests against a real moto_server (.ci/run starts one on a
// free loopback port and exports PREFLIGHT_MOTO_ENDPOINT and
// PREFLIGHT_MOTO=1). Without an endpoint they skip, unless PREFLIGHT_MOTO=1
// says they must run. scripts/moto-world.py seeds the world: account A
// (moto's default, 123456789012) with the cluster etl and its roles, and
// account B (222222222222), reached by assuming B's PreflightRead role.

// motoEndpoint is the server's URL, reset to an empty world.
func motoEndpoint(t *testing.T) string {
	t.Helper()
	endpoint := os.Getenv("PREFLIGHT_MOTO_ENDPOINT")
	if endpoint == "" {
		if os.Getenv("PREFLIGHT_MOTO") == "1" {
			t.Fatal("PREFLIGHT_MOTO=1 but PREFLIGHT_MOTO_ENDPOINT is not set: start moto_server -H 127.0.0.1 -p PORT and export its URL")
		}
		t.Skip("no moto_server: set PREFLIGHT_MOTO_ENDPOINT=http://127.0.0.1:PORT (.ci/run does)")
	}
	resp, err := http.Post(endpoint+"/moto-api/reset", "application/json", nil)
	if err != nil {
		t.Fatalf("moto_server at %s: %v", endpoint, err)
	}
	resp.Body.Close()
	return endpoint
}

// motoEnv points the SDK and the aws CLI at moto with account A's keys,
// and away from the machine's own AWS files.
func motoEnv(t *testing.T, endpoint string) {
	t.Helper()
	none := filepath.Join(t.TempDir(), "none")
	for k, v := range map[string]string{
		"AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
		"AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1",
		"AWS_CONFIG_FILE": none, "AWS_SHARED_CREDENTIALS_FILE": none, "AWS_EC2_METADATA_DISABLED": "true",
	} {
		t.Setenv(k, v)
	}
	// unset, not empty: botocore reads an empty AWS_PROFILE as a profile named ""
	for _, k := range []string{"AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL_IAM", "AWS_ENDPOINT_URL_STS"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
}

// motoWorld is what scripts/moto-world.py prints.
type motoWorld struct {
	A, B, Load, Cross, ReadB string
}

func seedMoto(t *testing.T, endpoint string, args ...string) motoWorld {
	t.Helper()
	out, err := exec.Command("python3", append([]string{"scripts/moto-world.py", endpoint}, args...)...).Output()
	if err != nil {
		t.Fatalf("scripts/moto-world.py: %v\n%s", err, stderrOf(err))
	}
	var w struct {
		A, B, Load, Cross string
		ReadB             string `json:"read_b"`
	}
	if err := json.Unmarshal(out, &w); err != nil {
		t.Fatalf("scripts/moto-world.py printed %q: %v", out, err)
	}
	return motoWorld{A: w.A, B: w.B, Load: w.Load, Cross: w.Cross, ReadB: w.ReadB}
}

func stderrOf(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return string(ee.Stderr)
	}
	return ""
}

// motoSQL: one reference per outcome the world gives.
const motoSQL = `COPY t FROM 's3://staging-bucket/x/' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftLoad';
COPY t FROM 's3://partner-bucket/x/' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftLoad,arn:aws:iam::222222222222:role/CrossLoad';
COPY t FROM 's3://partner-bucket/x/' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftLoad,arn:aws:iam::222222222222:role/CrossNoTrust';
COPY t FROM 's3://staging-bucket/x/' IAM_ROLE 'arn:aws:iam::123456789012:role/NoTrust';
COPY t FROM 's3://staging-bucket/x/' IAM_ROLE 'arn:aws:iam::123456789012:role/etl/Unassociated';
COPY t FROM 's3://staging-bucket/x/' IAM_ROLE 'arn:aws:iam::123456789012:role/Missing';
COPY t FROM 's3://staging-bucket/x/' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftLoad,arn:aws:iam::333333333333:role/X';
COPY t FROM 's3://staging-bucket/x/' IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftLoad,arn:aws:iam::222222222222:role/Missing';
`

// wantMoto is each reference's verdict and the reason of each hop.
var wantMoto = []string{
	"ok [ok]",
	"ok [ok ok]",
	"fail [ok trust-missing]",
	"fail [trust-missing]",
	"fail [not-associated]",
	"fail [role-not-found]",
	"fail [ok assume-permission-missing]",
	"fail [ok role-not-found]",
}

// verdicts checks the SQL against a data directory and gives one line per
// reference: its verdict and each hop's reason (or verdict).
func verdicts(t *testing.T, dir, data string) []string {
	t.Helper()
	var rep struct {
		References []struct {
			Verdict string
			Hops    []struct{ Verdict, Reason string }
		}
	}
	checkJSON(t, dir, data, &rep)
	var out []string
	for _, r := range rep.References {
		var hops []string
		for _, h := range r.Hops {
			if h.Reason != "" {
				hops = append(hops, h.Reason)
			} else {
				hops = append(hops, h.Verdict)
			}
		}
		out = append(out, fmt.Sprintf("%s %v", r.Verdict, hops))
	}
	return out
}

// awsCLI runs the aws CLI against moto and writes its stdout to file.
func awsCLI(t *testing.T, endpoint, file string, env []string, args ...string) {
	t.Helper()
	cmd := exec.Command("aws", append(args, "--endpoint-url", endpoint, "--output", "json")...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("aws %s: %v\n%s", strings.Join(args, " "), err, stderrOf(err))
	}
	if err := os.WriteFile(file, out, 0o644); err != nil {
		t.Fatal(err)
	}
}

// cliExports makes the AWS CLI's own exports of the world: both accounts'
// authorization details (B's as B's PreflightRead role) and describe-clusters.
func cliExports(t *testing.T, endpoint, dir string, w motoWorld) {
	t.Helper()
	awsCLI(t, endpoint, filepath.Join(dir, "iam-a.json"), nil, "iam", "get-account-authorization-details")
	awsCLI(t, endpoint, filepath.Join(dir, "clusters.json"), nil, "redshift", "describe-clusters")
	env := assumedEnv(t, endpoint, w.ReadB)
	awsCLI(t, endpoint, filepath.Join(dir, "iam-b.json"), env, "iam", "get-account-authorization-details")
}

func needTools(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"python3", "aws"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("the moto tests need %s: %v", tool, err)
		}
	}
}

// collect then check gives the verdicts that the AWS CLI's exports of the
// same world give; a second collect writes the same bytes.
func TestCollectAgainstMoto(t *testing.T) {
	endpoint := motoEndpoint(t)
	needTools(t)
	motoEnv(t, endpoint)
	w := seedMoto(t, endpoint)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "m.sql"), []byte(motoSQL), 0o644)
	code, _, stderr := runIn(t, dir, "collect", "--out", "aws", "--region", "us-east-1", "--role-arn", w.ReadB)
	if code != 0 {
		t.Fatalf("collect: exit %d\n%s", code, stderr)
	}
	for _, want := range []string{"collected: iam-123456789012.json", "collected: iam-222222222222.json",
		"collected: redshift-clusters-123456789012-us-east-1.json: Redshift clusters of account 123456789012 in us-east-1: 1 cluster"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("collect's summary lacks %q:\n%s", want, stderr)
		}
	}
	os.Mkdir(filepath.Join(dir, "cli"), 0o755)
	cliExports(t, endpoint, filepath.Join(dir, "cli"), w)

	sameVerdicts(t, wantMoto, verdicts(t, dir, "aws"), verdicts(t, dir, "cli"))
	collectAgainSame(t, dir, "--out", "aws", "--region", "us-east-1", "--role-arn", w.ReadB)
}

// A denied call is a gap: B's authorization details are refused, so B's
// roles are unknown (not ok, not role-not-found) and the rest still checks.
func TestCollectDeniedCallAgainstMoto(t *testing.T) {
	endpoint := motoEndpoint(t)
	needTools(t)
	motoEnv(t, endpoint)
	w := seedMoto(t, endpoint)
	collectAPIOptions = []func(*middleware.Stack) error{denyAssumedIAM}
	t.Cleanup(func() { collectAPIOptions = nil })
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "m.sql"), []byte(motoSQL), 0o644)
	code, _, stderr := runIn(t, dir, "collect", "--out", "aws", "--role-arn", w.ReadB)
	if code != 0 {
		t.Fatalf("collect: exit %d\n%s", code, stderr)
	}
	const gap = "not collected (denied): iam:GetAccountAuthorizationDetails (account 222222222222, us-east-1): AccessDenied"
	if !strings.Contains(stderr, gap) {
		t.Errorf("stderr lacks %q:\n%s", gap, stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, "aws", "gaps.json"))
	if err != nil || !strings.Contains(string(data), `"Call": "iam:GetAccountAuthorizationDetails"`) {
		t.Errorf("gaps.json lacks the denied call: %v\n%s", err, data)
	}
	want := slices.Clone(wantMoto)
	want[1] = "unknown [ok role-unknown]"
	want[2] = "unknown [ok role-unknown]"
	// RedshiftLoad may not assume B's Missing: a failure whatever B holds
	want[7] = "fail [ok assume-permission-missing]"
	if got := verdicts(t, dir, "aws"); !slices.Equal(got, want) {
		t.Errorf("verdicts:\n got %q\nwant %q", got, want)
	}
}

// denyAssumedIAM refuses get-account-authorization-details to assumed-role
// sessions (moto's keys for them start with ASIA), as an SCP or a missing
// permission of the read role would.
func denyAssumedIAM(stack *middleware.Stack) error {
	return stack.Finalize.Add(middleware.FinalizeMiddlewareFunc("denyAssumedIAM",
		func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			req := in.Request.(*smithyhttp.Request)
			if awsmiddleware.GetOperationName(ctx) == "GetAccountAuthorizationDetails" &&
				strings.Contains(req.Header.Get("Authorization"), "Credential=ASIA") {
				return middleware.FinalizeOutput{}, middleware.Metadata{}, &smithy.GenericAPIError{Code: "AccessDenied",
					Message: "User: arn:aws:sts::222222222222:assumed-role/PreflightRead/redshift-preflight-collect is not authorized to perform: iam:GetAccountAuthorizationDetails"}
			}
			return next.HandleFinalize(ctx, in)
		}), middleware.After)
}

// An endpoint that does not answer: a message naming the call, exit 3, and
// nothing written.
func TestCollectUnreachableEndpoint(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String()
	l.Close()
	motoEnv(t, closed)
	dir := t.TempDir()
	start := time.Now()
	code, _, stderr := runIn(t, dir, "collect", "--out", "aws")
	if code != collectcmd.ExitNothingCollected {
		t.Errorf("exit %d, want %d", code, collectcmd.ExitNothingCollected)
	}
	for _, want := range []string{"not collected: sts:GetCallerIdentity (account unknown, us-east-1): RequestSendError: cannot reach the endpoint",
		"redshift-preflight: nothing was collected (1 failed call, listed above); aws is left as it was"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "aws")); !os.IsNotExist(err) {
		t.Errorf("--out made although nothing was collected: %v", err)
	}
	if d := time.Since(start); d > time.Minute {
		t.Errorf("took %v", d)
	}
}

func readFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = data
	}
	return out
}

func sortedKeys(m map[string][]byte) []string { return slices.Sorted(maps.Keys(m)) }
