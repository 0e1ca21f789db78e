package redact

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzRedact plants the AWS documentation's example credentials in
// arbitrary text and checks the promises of the package: a planted key
// never survives masking, masking twice changes nothing, escaped text
// holds no unsafe character or invalid byte, and a guarded text has no
// line a CI runner would take for a command.
func FuzzRedact(f *testing.F) {
	for _, s := range []string{"", "x", "COPY t FROM 's3://b' ", "-- ", "token=", "\n::error::", "\x1b[31m", "\u202e", "aws_iam_role=arn:aws:iam::1:role/A,", "'", "\xff"} {
		f.Add(s, s, uint8(0))
	}
	f.Fuzz(func(t *testing.T, before, after string, which uint8) {
		planted := []string{keyID, secret, msk, token, "ASIA" + keyID[4:]}[int(which)%5]
		in := before + planted + after
		masked := Secrets(in)
		if strings.Contains(masked, planted) {
			t.Fatalf("Secrets(%q) = %q keeps the planted key", in, masked)
		}
		if again := Secrets(masked); again != masked {
			t.Fatalf("masking twice changes the text:\n once %q\ntwice %q", masked, again)
		}
		text := Text(in)
		if strings.Contains(text, planted) || !utf8.ValidString(text) {
			t.Fatalf("Text(%q) = %q", in, text)
		}
		for _, r := range text {
			if unsafe(r) {
				t.Fatalf("Text(%q) = %q holds %U", in, text, r)
			}
		}
		if Escape(text) != text {
			t.Fatalf("escaping twice changes %q", text)
		}
		for _, line := range strings.Split(GuardLines(text+"\n"+in), "\n") {
			if strings.HasPrefix(strings.TrimLeftFunc(line, isSpace), "::") || strings.Contains(line, "##[") {
				t.Fatalf("guarded line %q is a workflow command", line)
			}
		}
	})
}

func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\u00a0' || r == '\u3000' || r == '\v' || r == '\f' || r == '\r'
}

// FuzzJSON: rewriting an encoded document keeps it valid JSON whose
// strings decode to the masked originals, with no raw unsafe character.
func FuzzJSON(f *testing.F) {
	for _, s := range []string{"", "a\"b\\c", "\x1b\u202e\u2028##[x", keyID, "\xff\xfe", "token=x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		raw, err := json.Marshal(map[string][]string{"k": {s, s + secret}})
		if err != nil {
			t.Skip()
		}
		out, err := JSON(raw)
		if err != nil {
			t.Fatalf("JSON(%s): %v", raw, err)
		}
		var back map[string][]string
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("JSON(%s) = %s, not JSON: %v", raw, out, err)
		}
		var orig map[string][]string // as encoding/json decodes it: invalid bytes as U+FFFD
		if err := json.Unmarshal(raw, &orig); err != nil {
			t.Fatal(err)
		}
		if back["k"][0] != Secrets(orig["k"][0]) || strings.Contains(back["k"][1], secret) {
			t.Fatalf("JSON(%s) = %s decodes to %q", raw, out, back["k"])
		}
		for _, r := range string(out) {
			if unsafe(r) {
				t.Fatalf("JSON(%s) = %s holds %U raw", raw, out, r)
			}
		}
	})
}
