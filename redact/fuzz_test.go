package redact

import (
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
