package collect

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/redshift-preflight/redshift-preflight/redact"
)

// ManifestName is the manifest collect writes into the output directory.
// inventory/awscli reads it too (CollectGaps), under the same member names.
const ManifestName = "gaps.json"

// Manifest is gaps.json: the files this run wrote, so that the next run
// removes those it does not write again, and the calls that failed.
type Manifest struct {
	CollectFormat  int
	CollectedFiles []string
	CollectGaps    []Gap
}

// Gap is one call that was denied or failed. Message is the service's own
// message (never the request id, which changes per run, nor a credential).
type Gap struct {
	Call    string // service:Operation, as IAM policies name it
	Account string // "" when the caller's account could not be learnt
	Region  string
	Code    string // the service's error code, or RequestSendError, Canceled...
	Message string
	// Resource is the bucket or function a per-resource call was about;
	// "" for the account-wide calls.
	Resource string `json:",omitempty"`
}

// Denied reports whether the gap is a permission refusal rather than a failure.
func (g Gap) Denied() bool {
	c := strings.ToLower(g.Code)
	return strings.Contains(c, "accessdenied") || strings.Contains(c, "unauthorized") || strings.Contains(c, "notauthorized")
}

func (g Gap) String() string {
	where := "account " + orUnknown(g.Account)
	if g.Region != "" {
		where += ", " + g.Region
	}
	what := g.Call
	if g.Resource != "" {
		what += " on " + g.Resource
	}
	return fmt.Sprintf("%s (%s): %s: %s", what, where, g.Code, g.Message)
}

func orUnknown(account string) string {
	if account == "" {
		return "unknown"
	}
	return account
}

// gapOf turns an SDK error into a gap of call in account and region.
func gapOf(call, account, region string, err error) Gap {
	g := Gap{Call: call, Account: account, Region: region}
	var api smithy.APIError
	var send *smithyhttp.RequestSendError
	var dns *net.DNSError
	var resp *smithyhttp.ResponseError
	switch {
	case errors.As(err, &api):
		g.Code, g.Message = api.ErrorCode(), api.ErrorMessage()
		if g.Message == "" {
			g.Message = "the service gave no message"
		}
	case errors.As(err, &send):
		g.Code = "RequestSendError"
		g.Message = "cannot reach the endpoint: " + innermost(err)
		if errors.As(err, &dns) {
			g.Message = "cannot resolve the endpoint: " + dns.Error()
		}
	case credentialsError(err):
		g.Code = "NoCredentials"
		g.Message = "no usable AWS credentials (environment, shared config and credentials files, SSO, instance or container role): " +
			credentialsDetail(err)
	case errors.As(err, &resp):
		// an answer that is not the service's (a proxy's page, an
		// emulator without the service): the status says more than the
		// decoder's complaint, which is left out because it changes from
		// run to run (it may name the connection's local port) and
		// gaps.json must not
		g.Code = fmt.Sprintf("HTTP%d", resp.HTTPStatusCode())
		g.Message = fmt.Sprintf("the endpoint answered HTTP %d with a response that is not the service's", resp.HTTPStatusCode())
	case errors.Is(err, context.Canceled):
		g.Code, g.Message = "Canceled", "interrupted before the call ended"
	case errors.Is(err, context.DeadlineExceeded):
		g.Code, g.Message = "Timeout", "no answer in time: "+innermost(err)
	default:
		g.Code, g.Message = "Error", innermost(err)
	}
	g.Message = redact.Text(oneLine(g.Message))
	return g
}

// credentialsError: the SDK could not get credentials at all (it wraps
// every provider's failure in this message).
func credentialsError(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "failed to refresh cached credentials") || strings.Contains(msg, "failed to retrieve credentials")
}

// credentialsDetail is the SDK's reason, without the chain's preamble.
func credentialsDetail(err error) string {
	msg := err.Error()
	if i := strings.Index(msg, "failed to refresh cached credentials"); i >= 0 {
		return msg[i:]
	}
	if i := strings.Index(msg, "failed to retrieve credentials"); i >= 0 {
		return msg[i:]
	}
	return msg
}

// innermost is the last part of an SDK error chain ("operation error IAM:
// X, exceeded maximum number of attempts, 3, https response error ...:
// dial tcp ...: connection refused"): the part that says what happened.
func innermost(err error) string {
	msg := withoutLocalAddr(err.Error())
	if i := strings.LastIndex(msg, ", "); i >= 0 && strings.HasPrefix(msg, "operation error") {
		// keep "request send failed, Post ...: dial tcp ...": the address is useful
		if j := strings.Index(msg, "request send failed"); j >= 0 {
			return msg[j:]
		}
		return msg[i+2:]
	}
	return msg
}

// localAddr is the local end of a connection in a network error ("read tcp
// 127.0.0.1:48420->127.0.0.1:5000"): its port changes from run to run, and
// gaps.json must not, so it is left out (the endpoint's address stays).
var localAddr = regexp.MustCompile(`(tcp[46]?|udp[46]?) (?:\[[0-9A-Fa-f:.%\w]+\]|[0-9.]+):\d+->`)

func withoutLocalAddr(msg string) string { return localAddr.ReplaceAllString(msg, "$1 ") }

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// ReadManifest reads a gaps.json. A file that is not one gives an error;
// callers treat that as no previous run.
func ReadManifest(data []byte) (*Manifest, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var m Manifest
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("not a collect manifest: %v", err)
	}
	if dec.More() {
		return nil, errors.New("not a collect manifest: data after the object")
	}
	if m.CollectFormat != 1 {
		return nil, fmt.Errorf("collect manifest format %d, want 1", m.CollectFormat)
	}
	for _, name := range m.CollectedFiles {
		if !ownFileName(name) {
			return nil, fmt.Errorf("collect manifest names %q, which collect does not write", name)
		}
	}
	return &m, nil
}

// ownFileName: a name collect writes, a plain file name in the output
// directory (a manifest naming ../x or a path could make a later run
// remove a file that is not its own).
func ownFileName(name string) bool {
	if name != filepath.Base(name) || strings.ContainsAny(name, `/\`) || !strings.HasSuffix(name, ".json") {
		return false
	}
	return strings.HasPrefix(name, "iam-") || strings.HasPrefix(name, "redshift-") || strings.HasPrefix(name, "s3-") || strings.HasPrefix(name, "lambda-") ||
		strings.HasPrefix(name, "kms-")
}

// sortGaps orders gaps by account, region and call, for a stable file.
func sortGaps(gaps []Gap) []Gap {
	slices.SortFunc(gaps, func(a, b Gap) int {
		return strings.Compare(a.Account+"\x00"+a.Region+"\x00"+a.Call+"\x00"+a.Resource+"\x00"+a.Message,
			b.Account+"\x00"+b.Region+"\x00"+b.Call+"\x00"+b.Resource+"\x00"+b.Message)
	})
	return slices.Compact(gaps)
}
