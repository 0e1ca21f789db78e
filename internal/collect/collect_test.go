package collect

import (
	"bytes"
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"

	"github.com/redshift-preflight/redshift-preflight/inventory"
	"github.com/redshift-preflight/redshift-preflight/inventory/load"
)

const (
	accountA = "111111111111"
	accountB = "222222222222"
	roleB    = "arn:aws:iam::" + accountB + ":role/PreflightRead"
)

// awsEnv isolates the SDK from the machine: static keys of account A, no
// shared files, no instance metadata, an endpoint that is never reached
// (the fake answers before a request is sent).
func awsEnv(t *testing.T) {
	t.Helper()
	none := filepath.Join(t.TempDir(), "none")
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID": "AKID" + accountA, "AWS_SECRET_ACCESS_KEY": "callerSecretcallerSecretcallerSecret1234",
		"AWS_SESSION_TOKEN": "", "AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "", "AWS_PROFILE": "",
		"AWS_CONFIG_FILE": none, "AWS_SHARED_CREDENTIALS_FILE": none, "AWS_EC2_METADATA_DISABLED": "true",
		"AWS_ENDPOINT_URL": "http://127.0.0.1:9", "AWS_MAX_ATTEMPTS": "", "AWS_RETRY_MODE": "",
	} {
		t.Setenv(k, v)
	}
}

func world() *fakeAWS {
	f := newFake()
	f.roles[accountA] = []string{"r4", "r0", "r2", "r1", "r3"} // three pages, not in order
	f.roles[accountB] = []string{"x0"}
	return f
}

func collectWith(t *testing.T, f *fakeAWS, dir string, roles ...string) (*Result, error) {
	t.Helper()
	return Run(context.Background(), Options{Out: dir, RoleARNs: roles, APIOptions: []func(*middleware.Stack) error{f.stack}})
}

func readDir(t *testing.T, dir string) map[string][]byte {
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

func names(m map[string][]byte) []string { return slices.Sorted(maps.Keys(m)) }

// Every page is merged into one export per account, check's loader reads
// the directory, and a second run writes the same bytes.
func TestCollectWritesWhatCheckReads(t *testing.T) {
	awsEnv(t)
	dir := t.TempDir()
	res, err := collectWith(t, world(), dir, roleB)
	if err != nil {
		t.Fatal(err)
	}
	first := readDir(t, dir)
	want := []string{"gaps.json", "iam-111111111111.json", "iam-222222222222.json", "redshift-clusters-111111111111-us-east-1.json",
		"redshift-clusters-222222222222-us-east-1.json",
		"redshift-serverless-namespaces-111111111111-us-east-1.json", "redshift-serverless-namespaces-222222222222-us-east-1.json",
		"redshift-serverless-workgroups-111111111111-us-east-1.json", "redshift-serverless-workgroups-222222222222-us-east-1.json",
		"s3-buckets-111111111111.json", "s3-buckets-222222222222.json"}
	if got := names(first); !slices.Equal(got, want) {
		t.Fatalf("files\n got %v\nwant %v", got, want)
	}
	if len(res.Gaps) != 0 {
		t.Errorf("gaps: %v", res.Gaps)
	}
	// 2 GetCallerIdentity, 1 AssumeRole, 3+1 GAAD pages, 2 DescribeClusters, 4 serverless, 2 ListBuckets,
	// 1 DescribeOrganization (not in an organization: no more Organizations calls)
	if res.Calls != 16 || res.Sends != 16 {
		t.Errorf("calls %d, sends %d; want 16, 16", res.Calls, res.Sends)
	}
	inv, err := load.Load([]string{dir}, []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(inv.Roles()); got != 6 {
		t.Errorf("%d roles loaded, want 6", got)
	}
	if !inv.ListsAllRoles(accountA) || !inv.ListsAllRoles(accountB) {
		t.Errorf("listed accounts: %v", inv.ListedAccounts())
	}
	if len(inv.Clusters) != 4 { // etl and the workgroup wg, of each account
		t.Errorf("%d clusters loaded, want 4", len(inv.Clusters))
	}
	iamA := string(first["iam-111111111111.json"])
	for _, s := range []string{`"Resource": "arn:aws:s3:::b/a+b/*"`, `"CreateDate": "2024-01-02T03:04:05+00:00"`, `"AttachedManagedPolicies": []`} {
		if !strings.Contains(iamA, s) {
			t.Errorf("iam-111111111111.json lacks %s", s)
		}
	}
	if strings.Index(iamA, "role/r0") > strings.Index(iamA, "role/r4") {
		t.Errorf("roles are not sorted by ARN")
	}
	if _, err := collectWith(t, world(), dir, roleB); err != nil {
		t.Fatal(err)
	}
	second := readDir(t, dir)
	for name, data := range first {
		if !bytes.Equal(data, second[name]) {
			t.Errorf("%s differs between two runs over the same account", name)
		}
	}
}

// No credential value, the caller's or an assumed role's, reaches a file.
func TestCollectWritesNoCredential(t *testing.T) {
	awsEnv(t)
	dir := t.TempDir()
	f := world()
	f.fail[accountB+" GetAccountAuthorizationDetails"] = denied("iam:GetAccountAuthorizationDetails")
	if _, err := collectWith(t, f, dir, roleB); err != nil {
		t.Fatal(err)
	}
	for name, data := range readDir(t, dir) {
		for _, secret := range []string{secretOfAssumedRole, "FwoGZXIvYXdzEXAMPLETOKEN", "callerSecret", "ASIA" + accountB, "AKID" + accountA} {
			if bytes.Contains(data, []byte(secret)) {
				t.Errorf("%s holds %s", name, secret)
			}
		}
	}
}

// A denied call, a role that cannot be assumed and a page that fails
// midway are gaps; the failed list is not written at all, the rest is.
func TestCollectRecordsGaps(t *testing.T) {
	tests := []struct {
		name     string
		fail     map[string]error
		wantGap  Gap
		noFile   string
		stillHas string
	}{
		{"denied", map[string]error{accountB + " GetAccountAuthorizationDetails": denied("iam:GetAccountAuthorizationDetails")},
			Gap{Call: "iam:GetAccountAuthorizationDetails", Account: accountB, Region: "us-east-1", Code: "AccessDenied",
				Message: "User is not authorized to perform: iam:GetAccountAuthorizationDetails"},
			"iam-222222222222.json", "iam-111111111111.json"},
		{"assume role denied", map[string]error{accountA + " AssumeRole": denied("sts:AssumeRole")},
			Gap{Call: "sts:AssumeRole", Account: accountB, Region: "us-east-1", Code: "AccessDenied",
				Message: "User is not authorized to perform: sts:AssumeRole"},
			"iam-222222222222.json", "iam-111111111111.json"},
		{"second page fails", map[string]error{accountA + " GetAccountAuthorizationDetails#2": &smithy.GenericAPIError{Code: "ServiceFailure", Message: "boom"}},
			Gap{Call: "iam:GetAccountAuthorizationDetails", Account: accountA, Region: "us-east-1", Code: "ServiceFailure", Message: "boom"},
			"iam-111111111111.json", "redshift-clusters-111111111111-us-east-1.json"},
		{"clusters denied in the role's account", map[string]error{accountB + " DescribeClusters": denied("redshift:DescribeClusters")},
			Gap{Call: "redshift:DescribeClusters", Account: accountB, Region: "us-east-1", Code: "AccessDenied",
				Message: "User is not authorized to perform: redshift:DescribeClusters"},
			"redshift-clusters-222222222222-us-east-1.json", "redshift-clusters-111111111111-us-east-1.json"},
		{"serverless denied", map[string]error{accountA + " ListNamespaces": &smithy.GenericAPIError{Code: "AccessDeniedException", Message: "no"}},
			Gap{Call: "redshift-serverless:ListNamespaces", Account: accountA, Region: "us-east-1", Code: "AccessDeniedException", Message: "no"},
			"redshift-serverless-workgroups-111111111111-us-east-1.json", "redshift-clusters-111111111111-us-east-1.json"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			awsEnv(t)
			dir := t.TempDir()
			f := world()
			f.fail = tc.fail
			res, err := collectWith(t, f, dir, roleB)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Gaps) != 1 || res.Gaps[0] != tc.wantGap {
				t.Fatalf("gaps\n got %+v\nwant %+v", res.Gaps, tc.wantGap)
			}
			files := readDir(t, dir)
			if _, ok := files[tc.noFile]; ok {
				t.Errorf("%s written after its call failed", tc.noFile)
			}
			if _, ok := files[tc.stillHas]; !ok {
				t.Errorf("%s not written", tc.stillHas)
			}
			m, err := ReadManifest(files[ManifestName])
			if err != nil {
				t.Fatal(err)
			}
			if len(m.CollectGaps) != 1 || m.CollectGaps[0] != tc.wantGap {
				t.Errorf("gaps.json: %+v", m.CollectGaps)
			}
			// check reads the directory, gaps.json included
			inv, err := load.Load([]string{dir}, []string{dir})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(tc.wantGap.Call, "redshift") {
				if _, ok := inv.IAMGap(tc.wantGap.Account); !ok || inv.ListsAllRoles(tc.wantGap.Account) {
					t.Errorf("account %s: no IAM gap in the inventory", tc.wantGap.Account)
				}
			}
		})
	}
}

// A throttled call is retried with backoff by the SDK's standard retryer.
func TestCollectRetriesThrottling(t *testing.T) {
	awsEnv(t)
	f := world()
	key := accountA + " DescribeClusters"
	f.fail[key] = &smithy.GenericAPIError{Code: "Throttling", Message: "Rate exceeded"}
	f.limit[key] = 1
	res, err := collectWith(t, f, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Gaps) != 0 || res.Sends != res.Calls+1 {
		t.Errorf("gaps %v, %d calls, %d sends; want the throttled call sent twice", res.Gaps, res.Calls, res.Sends)
	}
}

// When nothing can be collected the directory is left as it was.
func TestCollectNothingUsable(t *testing.T) {
	awsEnv(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "iam-111111111111.json"), []byte("old"), 0o644)
	f := world()
	f.fail[accountA+" GetCallerIdentity"] = &smithy.GenericAPIError{Code: "ExpiredToken", Message: "The security token included in the request is expired"}
	res, err := collectWith(t, f, dir)
	if !errors.Is(err, ErrNothingCollected) {
		t.Fatalf("err = %v", err)
	}
	if len(res.Gaps) != 1 || res.Gaps[0].Call != "sts:GetCallerIdentity" || res.Gaps[0].Code != "ExpiredToken" {
		t.Errorf("gaps: %+v", res.Gaps)
	}
	if got := names(readDir(t, dir)); !slices.Equal(got, []string{"iam-111111111111.json"}) {
		t.Errorf("directory changed: %v", got)
	}
}

// Files the previous run wrote and this one does not are removed; other
// files are left alone.
func TestCollectRemovesItsStaleFiles(t *testing.T) {
	awsEnv(t)
	dir := t.TempDir()
	if _, err := collectWith(t, world(), dir, roleB); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "iam-old.json"), []byte("{}"), 0o644)
	res, err := collectWith(t, world(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Removed, []string{"iam-222222222222.json", "redshift-clusters-222222222222-us-east-1.json",
		"redshift-serverless-namespaces-222222222222-us-east-1.json", "redshift-serverless-workgroups-222222222222-us-east-1.json",
		"s3-buckets-222222222222.json"}) {
		t.Errorf("removed %v", res.Removed)
	}
	files := readDir(t, dir)
	if _, ok := files["iam-old.json"]; !ok {
		t.Errorf("a file collect did not write was removed")
	}
}

func TestReadManifestRefusesForeignNames(t *testing.T) {
	for _, name := range []string{"../iam-1.json", "/etc/iam-1.json", "notes.json", "iam-1.txt", `iam-a\b.json`} {
		m := `{"CollectFormat":1,"CollectedFiles":["` + strings.ReplaceAll(name, `\`, `\\`) + `"],"CollectGaps":[]}`
		if _, err := ReadManifest([]byte(m)); err == nil {
			t.Errorf("%s accepted", name)
		}
	}
}

// FuzzReadManifest: any input is read or refused, never a panic; what is
// read names only collect's own files and reads back the same.
func FuzzReadManifest(f *testing.F) {
	f.Add([]byte(`{"CollectFormat":1,"CollectedFiles":["iam-111111111111.json"],"CollectGaps":[{"Call":"sts:AssumeRole","Account":"1","Region":"r","Code":"c","Message":"m"}]}`))
	f.Add([]byte(`{"CollectFormat":1}`))
	f.Add([]byte(`{"CollectFormat":2,"x":1}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ReadManifest(data)
		if err != nil {
			return
		}
		for _, name := range m.CollectedFiles {
			if !ownFileName(name) || filepath.Base(name) != name {
				t.Fatalf("accepted %q", name)
			}
		}
		again, err := encode(m)
		if err != nil {
			t.Fatal(err)
		}
		m2, err := ReadManifest(again)
		if err != nil || !slices.Equal(m2.CollectedFiles, m.CollectedFiles) || !slices.Equal(m2.CollectGaps, m.CollectGaps) {
			t.Fatalf("does not read back: %v", err)
		}
	})
}

// --cluster-id keeps one cluster, and says so when it names none.
func TestCollectClusterID(t *testing.T) {
	awsEnv(t)
	for _, tc := range []struct{ id, warning string }{
		{"etl", ""},
		{"wg", ""},
		{"nope", "no cluster or serverless workgroup named nope in account 111111111111, us-east-1"},
	} {
		dir := t.TempDir()
		f := world()
		res, err := Run(context.Background(), Options{Out: dir, ClusterID: tc.id, APIOptions: []func(*middleware.Stack) error{f.stack}})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(res.Warnings, "; "); got != tc.warning {
			t.Errorf("--cluster-id %s: warnings %q, want %q", tc.id, got, tc.warning)
		}
		files := readDir(t, dir)
		clusters := string(files["redshift-clusters-111111111111-us-east-1.json"])
		if strings.Contains(clusters, `"etl"`) != (tc.id == "etl") {
			t.Errorf("--cluster-id %s: clusters file\n%s", tc.id, clusters)
		}
		workgroups := string(files["redshift-serverless-workgroups-111111111111-us-east-1.json"])
		if strings.Contains(workgroups, `"wg"`) != (tc.id == "wg") {
			t.Errorf("--cluster-id %s: workgroups file\n%s", tc.id, workgroups)
		}
	}
}

// --cluster-id keeps the cluster in whichever account holds it: a
// cluster of the role's account only is no warning; an id that no
// account holds is one warning naming every account looked in.
func TestCollectClusterIDInAnyAccount(t *testing.T) {
	awsEnv(t)
	for _, tc := range []struct{ id, warning string }{
		{"etl-b", ""},
		{"nope", "no cluster or serverless workgroup named nope in account 111111111111, us-east-1; account 222222222222, us-east-1"},
	} {
		dir := t.TempDir()
		f := world()
		f.clusterIDs[accountB] = "etl-b"
		res, err := Run(context.Background(), Options{Out: dir, ClusterID: tc.id, RoleARNs: []string{roleB}, APIOptions: []func(*middleware.Stack) error{f.stack}})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(res.Warnings, "; "); got != tc.warning {
			t.Errorf("--cluster-id %s: warnings %q, want %q", tc.id, got, tc.warning)
		}
		files := readDir(t, dir)
		if got := strings.Contains(string(files["redshift-clusters-222222222222-us-east-1.json"]), `"etl-b"`); got != (tc.id == "etl-b") {
			t.Errorf("--cluster-id %s: account B's clusters file\n%s", tc.id, files["redshift-clusters-222222222222-us-east-1.json"])
		}
		if strings.Contains(string(files["redshift-clusters-111111111111-us-east-1.json"]), `"etl"`) {
			t.Errorf("--cluster-id %s: account A's cluster etl kept", tc.id)
		}
	}
}

// The progress line is rewritten in place and cleared at the end (the
// command gives a Progress writer only when stderr is a terminal).
func TestCollectProgress(t *testing.T) {
	awsEnv(t)
	var progress bytes.Buffer
	f := world()
	if _, err := Run(context.Background(), Options{Out: t.TempDir(), Progress: &progress, APIOptions: []func(*middleware.Stack) error{f.stack}}); err != nil {
		t.Fatal(err)
	}
	out := progress.String()
	if !strings.HasPrefix(out, "\r\033[Kcollect: ") || !strings.HasSuffix(out, "\r\033[K") || strings.Contains(out, "\n") {
		t.Errorf("progress %q", out)
	}
}

// A further --profile names one more account, collected as the account of
// a --role-arn is (its IAM data and clusters, not its organization); a profile that does not
// exist is a setup error before any call.
func TestCollectOtherProfiles(t *testing.T) {
	awsEnv(t)
	creds := filepath.Join(t.TempDir(), "credentials")
	os.WriteFile(creds, []byte("[team-b]\naws_access_key_id = AKID"+accountB+"\naws_secret_access_key = teamBsecretteamBsecretteamBsecret1234\n"), 0o600)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", creds)
	f := world()
	dir := t.TempDir()
	res, err := Run(context.Background(), Options{Out: dir, OtherProfiles: []string{"team-b"}, APIOptions: []func(*middleware.Stack) error{f.stack}})
	if err != nil {
		t.Fatal(err)
	}
	got := names(readDir(t, dir))
	for _, want := range []string{"iam-111111111111.json", "iam-222222222222.json", "redshift-clusters-111111111111-us-east-1.json",
		"redshift-clusters-222222222222-us-east-1.json", "redshift-serverless-workgroups-222222222222-us-east-1.json"} {
		if !slices.Contains(got, want) {
			t.Errorf("files %v lack %s", got, want)
		}
	}
	if slices.Contains(f.calls, accountB+" DescribeOrganization") {
		t.Errorf("the other profile's organization read: %v", f.calls)
	}
	if len(res.Gaps) != 0 {
		t.Errorf("gaps: %v", res.Gaps)
	}
	if _, err := Run(context.Background(), Options{Out: t.TempDir(), OtherProfiles: []string{"nope"}, APIOptions: []func(*middleware.Stack) error{f.stack}}); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("a missing profile: %v, want a setup error naming it", err)
	}
}

// DescribeClusters denied in the role's account is a gap naming the call
// and that account; check's loader then finds A's cluster, and B's
// etl-b is not found but not an input error either: the gap says where it
// may be.
func TestCollectClustersDeniedInSecondAccount(t *testing.T) {
	awsEnv(t)
	dir := t.TempDir()
	f := world()
	f.clusterIDs[accountB] = "etl-b"
	f.fail[accountB+" DescribeClusters"] = denied("redshift:DescribeClusters")
	res, err := collectWith(t, f, dir, roleB)
	if err != nil {
		t.Fatal(err)
	}
	want := Gap{Call: "redshift:DescribeClusters", Account: accountB, Region: "us-east-1", Code: "AccessDenied",
		Message: "User is not authorized to perform: redshift:DescribeClusters"}
	if len(res.Gaps) != 1 || res.Gaps[0] != want {
		t.Fatalf("gaps %+v, want %+v", res.Gaps, want)
	}
	inv, err := load.Load([]string{dir}, []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if c, err := inv.SelectCluster("etl"); err != nil || c.Account != accountA {
		t.Errorf("etl: %v, %v; want account A's cluster", c, err)
	}
	_, err = inv.SelectCluster("etl-b")
	var nf *inventory.ClusterNotFound
	if !errors.As(err, &nf) || len(nf.Gaps) != 1 || nf.Gaps[0].Account != accountB || nf.Gaps[0].Call != want.Call {
		t.Errorf("etl-b: %v; want not found, with B's DescribeClusters gap", err)
	}
}

// Two ways into one account (here a --role-arn of the caller's own account,
// and the same --role-arn twice) collect it once, with the first source's
// credentials, and say so; the files are those of a run with one source.
func TestCollectAccountReachedTwice(t *testing.T) {
	awsEnv(t)
	once := t.TempDir()
	if _, err := collectWith(t, world(), once, roleB); err != nil {
		t.Fatal(err)
	}
	twice := t.TempDir()
	roleA := "arn:aws:iam::" + accountA + ":role/PreflightRead"
	res, err := collectWith(t, world(), twice, roleA, roleB, roleB)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"account " + accountA + " is reached by the caller's credentials and by --role-arn " + roleA + ": collected once, with the caller's credentials",
		"account " + accountB + " is reached by --role-arn " + roleB + " and by --role-arn " + roleB + ": collected once, with --role-arn " + roleB,
	}
	if !slices.Equal(res.Warnings, want) {
		t.Errorf("warnings:\n got %q\nwant %q", res.Warnings, want)
	}
	var written []string
	for _, w := range res.Written {
		written = append(written, w.Name)
	}
	if len(written) != len(slices.Compact(slices.Clone(written))) {
		t.Errorf("a file is listed twice: %q", written)
	}
	a, b := readDir(t, once), readDir(t, twice)
	if !slices.Equal(names(a), names(b)) {
		t.Fatalf("files: %q, want those of one source per account %q", names(b), names(a))
	}
	for name := range a {
		if name != ManifestName && string(a[name]) != string(b[name]) {
			t.Errorf("%s differs from a run with one source per account", name)
		}
	}
}

// Gap messages are the same on every run: the local port of a connection
// that failed mid-answer is left out.
func TestGapMessageWithoutLocalPort(t *testing.T) {
	for in, want := range map[string]string{
		"read tcp 127.0.0.1:48420->127.0.0.1:36143: use of closed network connection": "read tcp 127.0.0.1:36143: use of closed network connection",
		"read tcp6 [::1]:5123->[::1]:443: connection reset by peer":                   "read tcp6 [::1]:443: connection reset by peer",
		"dial tcp 127.0.0.1:1: connect: connection refused":                           "dial tcp 127.0.0.1:1: connect: connection refused",
	} {
		if got := withoutLocalAddr(in); got != want {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
}
