package redact

import (
	"slices"
	"strings"
	"testing"
)

// naiveBase64Runs is appendBase64Runs as the plain scan over every byte,
// which the skipping scan must agree with.
func naiveBase64Runs(s string) []Range {
	var rs []Range
	for i := 0; i < len(s); {
		if !isBase64(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isBase64(s[j]) {
			j++
		}
		if j-i >= minSecretRun && mixedCase(s[i:j]) && !wordy(s[i:j]) {
			end := j
			for end < len(s) && end < j+2 && s[end] == '=' {
				end++
			}
			rs = append(rs, Range{i, end})
		}
		i = j
	}
	return rs
}

func TestBase64RunsSkipAgrees(t *testing.T) {
	key := "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	for _, s := range []string{"", key, " " + key, key + "==", strings.Repeat("a", 39) + " " + key,
		strings.Repeat("ab ", 30) + key + "=" + key, key[:39], strings.Repeat("Ab1", 14), "x" + key + "y"} {
		if got, want := appendBase64Runs(nil, s), naiveBase64Runs(s); !slices.Equal(got, want) {
			t.Errorf("%q: got %v, want %v", s, got, want)
		}
	}
}

func FuzzBase64RunsSkipAgrees(f *testing.F) {
	f.Add("COPY t FROM 's3://b/k' CREDENTIALS 'aws_access_key_id=AKIAIOSFODNN7EXAMPLE;aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := appendBase64Runs(nil, s), naiveBase64Runs(s); !slices.Equal(got, want) {
			t.Errorf("%q: got %v, want %v", s, got, want)
		}
	})
}

// naiveKeyValues is appendKeyValues looking at every byte.
func naiveKeyValues(s string) []Range {
	var rs []Range
	for i := 0; i < len(s); i++ {
		if !strings.ContainsRune("aAtTsSmM", rune(s[i])) || (i > 0 && isWordByte(s[i-1])) {
			continue
		}
		key := credentialKeyAt(s[i:])
		if key == "" {
			continue
		}
		r, secret := valueAfterKey(s, i+len(key), key)
		if secret {
			rs = append(rs, r)
		}
		i = max(i+len(key), r.End) - 1
	}
	return rs
}

func FuzzKeyValuesSkipAgrees(f *testing.F) {
	f.Add("aws_access_key_id=AKIAIOSFODNN7EXAMPLE;aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
	f.Add(`SECRET_ACCESS_KEY 'abc' token='x'session_token='y' {"SessionToken": "z"}`)
	f.Add("token='${a}token='b'")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := appendKeyValues(nil, s), naiveKeyValues(s); !slices.Equal(got, want) {
			t.Errorf("%q: got %v, want %v", s, got, want)
		}
	})
}
