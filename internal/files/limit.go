package files

import (
	"fmt"
	"strconv"
	"strings"
)

// Kind is a family of inputs that share a size limit.
type Kind uint8

const (
	SQL    Kind = iota // SQL files and standard input
	Data               // IAM and cluster data: AWS CLI exports, Terraform state
	Config             // the configuration file, vars files, manifests

	numKinds = iota
)

// kindNames are the names --max-file-size and [max_file_size] take.
var kindNames = [numKinds]string{SQL: "sql", Data: "data", Config: "config"}

// defaultLimits: a SQL migration of 64 MiB is already far past any real
// one; an IAM export of 50,000 roles weighs about 161 MB, so data gets
// 1 GiB; settings files are written by hand.
var defaultLimits = [numKinds]int64{SQL: 64 << 20, Data: 1 << 30, Config: 16 << 20}

func (k Kind) String() string { return kindNames[k] }

// Limits are the largest sizes read, by kind. The zero value holds the
// defaults, so that callers that set nothing are still bounded.
type Limits struct {
	bytes [numKinds]int64 // 0: the default
}

// Limit is the bound on one kind of input.
type Limit struct {
	Kind  Kind
	Bytes int64
}

// Of is the limit on inputs of kind k.
func (l Limits) Of(k Kind) Limit {
	n := l.bytes[k]
	if n <= 0 {
		n = defaultLimits[k]
	}
	return Limit{Kind: k, Bytes: n}
}

// Set changes the limit of the kind named kind to size (see ParseSize).
func (l *Limits) Set(kind, size string) error {
	k, ok := parseKind(kind)
	if !ok {
		return fmt.Errorf("unknown kind of file %q (want %s)", kind, strings.Join(kindNames[:], ", "))
	}
	n, err := ParseSize(size)
	if err != nil {
		return err
	}
	l.bytes[k] = n
	return nil
}

func parseKind(name string) (Kind, bool) {
	for k, n := range kindNames {
		if n == name {
			return Kind(k), true
		}
	}
	return 0, false
}

// units are the suffixes ParseSize accepts, case-insensitively: binary
// multiples, as file sizes are; a bare number is bytes.
var units = []struct {
	suffix string
	shift  uint
}{{"kib", 10}, {"mib", 20}, {"gib", 30}, {"tib", 40}, {"k", 10}, {"m", 20}, {"g", 30}, {"t", 40}, {"b", 0}}

// ParseSize reads a size such as 1048576, 512KiB, 64MiB or 2G (K, M, G, T
// are binary multiples too). It must be at least one byte.
func ParseSize(s string) (int64, error) {
	text := strings.ToLower(strings.TrimSpace(s))
	shift := uint(0)
	for _, u := range units {
		if strings.HasSuffix(text, u.suffix) {
			text, shift = strings.TrimSpace(strings.TrimSuffix(text, u.suffix)), u.shift
			break
		}
	}
	n, err := strconv.ParseInt(text, 10, 64)
	if err != nil || n < 1 || n > (1<<62)>>shift {
		return 0, fmt.Errorf("want a size such as 64MiB, 2GiB or a number of bytes, got %q", s)
	}
	return n << shift, nil
}

// FormatSize writes a size as ParseSize reads it, in the largest unit
// that divides it: 64MiB, 1GiB, 1000B.
func FormatSize(n int64) string {
	for _, u := range []struct {
		name  string
		shift uint
	}{{"TiB", 40}, {"GiB", 30}, {"MiB", 20}, {"KiB", 10}} {
		if n >= 1<<u.shift && n%(1<<u.shift) == 0 {
			return strconv.FormatInt(n>>u.shift, 10) + u.name
		}
	}
	return strconv.FormatInt(n, 10) + "B"
}

// TooLargeError: an input is larger than its limit.
type TooLargeError struct{ Limit Limit }

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("larger than the %s limit for %s files (raise it with --max-file-size %s=SIZE)",
		FormatSize(e.Limit.Bytes), e.Limit.Kind, e.Limit.Kind)
}
