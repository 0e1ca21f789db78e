// Package job is what `redshift-preflight collect` hands to the companion
// program redshift-preflight-collect, which makes the AWS calls.
//
// Why two programs: the AWS SDK's packages initialise endpoint tables and
// schemas at every start of any program that links them (about 3 ms and
// 4 MB, GODEBUG=inittrace=1), and check — run by pre-commit on one file at
// a time — must not pay for calls it never makes. So check's program links
// no SDK package (imports_test.go enforces it); collect's flags, its
// reading of the SQL under PATH and its help stay in redshift-preflight,
// and the calls run in the companion, which reads one Request as JSON on
// stdin and writes its summary to stderr and its exit code as collect's.
//
// This package imports no SDK package either.
package job

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/go-json-experiment/json"
)

// Format is the version of the Request encoding. The companion refuses
// another: the two programs must come from the same build of the module.
const Format = 1

// MaxRequestSize bounds the Request the companion reads (the targets of a
// large repository are a few thousand names).
const MaxRequestSize = 64 << 20

// Request is collect's resolved flags and the resources the SQL names.
type Request struct {
	Format    int
	Out       string
	Region    string   `json:",omitempty"`
	Profiles  []string `json:",omitempty"` // the first is the caller's; "" none given
	ClusterID string   `json:",omitempty"`
	RoleARNs  []string `json:",omitempty"`
	Targets   Targets
	// Progress: stderr is a terminal, so the companion shows a progress line.
	Progress bool `json:",omitempty"`
}

// Encode is the Request as the companion reads it.
func (r Request) Encode() ([]byte, error) {
	r.Format = Format
	return json.Marshal(r)
}

// Decode reads a Request, refusing unknown members, trailing data and
// another Format: a mismatch means the two programs are not of one build.
func Decode(data []byte) (Request, error) {
	var r Request
	if err := json.Unmarshal(bytes.TrimSpace(data), &r, json.RejectUnknownMembers(true)); err != nil {
		return Request{}, fmt.Errorf("not a collect request: %v", err)
	}
	if r.Format != Format {
		return Request{}, fmt.Errorf("collect request format %d, this program reads format %d: install redshift-preflight and redshift-preflight-collect from the same version", r.Format, Format)
	}
	if r.Out == "" {
		return Request{}, fmt.Errorf("collect request without an output directory")
	}
	if err := r.Check(); err != nil {
		return Request{}, err
	}
	return r, nil
}

// Check refuses flag values no call could use, before any call is made:
// a --role-arn that is not a role ARN (STS would refuse it, or an empty
// one would read as the caller's own account), an empty --profile.
func (r Request) Check() error {
	for _, arn := range r.RoleARNs {
		if !roleARN(arn) {
			return fmt.Errorf("--role-arn %q is not a role ARN arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME (ACCOUNT: 12 digits)", arn)
		}
	}
	for _, p := range r.Profiles {
		if strings.TrimSpace(p) == "" {
			return fmt.Errorf("--profile is empty: name a profile of the shared config")
		}
	}
	return nil
}

// roleARN: arn:PARTITION:iam::ACCOUNT:role/NAME, ACCOUNT 12 digits, as
// sts:AssumeRole takes it.
func roleARN(s string) bool {
	p := strings.SplitN(s, ":", 6)
	if len(p) != 6 || p[0] != "arn" || p[1] == "" || p[2] != "iam" || p[3] != "" || len(p[4]) != 12 ||
		strings.Trim(p[4], "0123456789") != "" || !strings.HasPrefix(p[5], "role/") || strings.HasSuffix(p[5], "/") {
		return false
	}
	return !strings.ContainsAny(s, " \t\n,")
}
