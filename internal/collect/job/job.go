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
	return r, nil
}
