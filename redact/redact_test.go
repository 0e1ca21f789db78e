package redact

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
)

const (
	keyID  = "AKIAIOSFODNN7EXAMPLE"
	secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	msk    = "kGuFeEsHoWmIk4Zt8RXb0gMhOHafPqyMK6VhfmPTq2U=" // base64 of 32 bytes
	token  = "IQoJb3JpZ2luX2VjEHgaCXVzLWVhc3QtMSJHMEUCIQDexampleexampleEXAMPLE0123456789abcdefABCDEF/+xyz=="
)

func TestMask(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{keyID, "AKIA************MPLE"},
		{secret, "wJal********************************EKEY"},
		{token, "IQoJ********************************z=="[:4] + strings.Repeat("*", 32) + token[len(token)-4:]},
		{"abc", "****"},
		{"short-secret-19char", "*******************"},
		{"****", "****"},
		{"***", "***"},
		{"AKIA************MPLE", "AKIA************MPLE"},
	} {
		if got := Mask(tt.in); got != tt.want {
			t.Errorf("Mask(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSecrets(t *testing.T) {
	for _, tt := range []struct{ name, in, want string }{
		{"key id in a comment", "-- old key " + keyID + " here", "-- old key AKIA************MPLE here"},
		{"temporary key id glued", "x=ASIAIOSFODNN7EXAMPLEZZ;", "x=ASIA**************LEZZ;"},
		{"secret in a broken string", "SECRET_ACCESS_KEY '" + secret + " DELIMITER '|;", "SECRET_ACCESS_KEY 'wJal********************************TER '|;"},
		{"upper-case credentials keys", "AWS_SECRET_ACCESS_KEY=abc123;Token=xyz", "AWS_SECRET_ACCESS_KEY=******;Token=****"},
		{"mixed case after a role", "aws_iam_role=arn:aws:iam::123456789012:role/A,aws_secret_access_key=notbase64-but-secret", "aws_iam_role=arn:aws:iam::123456789012:role/A,aws_secret_access_key=notb************cret"},
		{"clause with a short quoted value", "ACCESS_KEY_ID 'short' SECRET_ACCESS_KEY \"dq\"", "ACCESS_KEY_ID '*****' SECRET_ACCESS_KEY \"****\""},
		{"quote never closed", "session_token 'abc def", "session_token '*******"},
		{"non-breaking space and a line break", "ACCESS_KEY_ID\u00a0'short' SECRET_ACCESS_KEY\n  'x'", "ACCESS_KEY_ID\u00a0'*****' SECRET_ACCESS_KEY\n  '****'"},
		{"typographic quotes", "master_symmetric_key ‘abc’", "master_symmetric_key ‘****’"},
		{"master symmetric key", "MASTER_SYMMETRIC_KEY '" + msk + "'", "MASTER_SYMMETRIC_KEY 'kGuF********************************q2U='"},
		{"bare master symmetric key", "k " + msk, "k kGuF********************************q2U="},
		{"session token", "t " + token + " x", "t " + Mask(token) + " x"},
		{"json form", `{"aws_session_token": "abc"}`, `{"aws_session_token": "****"}`},
		{"var flag", "--var token=hunter2", "--var token=*******"},
		{"documentation stand-ins stay", "'aws_access_key_id=...' token=…", "'aws_access_key_id=...' token=…"},
		{"placeholders stay", "token=${TOKEN};aws_secret_access_key={{ s }};session_token :tok", "token=${TOKEN};aws_secret_access_key={{ s }};session_token :tok"},
		{"keyword without value", "SESSION_TOKEN needs ACCESS_KEY_ID", "SESSION_TOKEN needs ACCESS_KEY_ID"},
		{"key inside a word", "mytoken=abc my_token=abc tokens=abc", "mytoken=abc my_token=abc tokens=abc"},
		// Not secrets.
		{"role ARN", "arn:aws:iam::123456789012:role/service-role/MyVeryLongRoleNameForRedshiftCopyJob1", "arn:aws:iam::123456789012:role/service-role/MyVeryLongRoleNameForRedshiftCopyJob1"},
		{"S3 URI", "s3://mybucket/Sales/Region/Europe/2024/January/data_0001.csv", "s3://mybucket/Sales/Region/Europe/2024/January/data_0001.csv"},
		{"CI checkout path", "/tmp/freshA/testdata/world/iam/123456789012.json:349", "/tmp/freshA/testdata/world/iam/123456789012.json:349"},
		{"Go test temp dir", "/tmp/TestScenariosFlywayConf3719266081/001/sql/V2__load.sql", "/tmp/TestScenariosFlywayConf3719266081/001/sql/V2__load.sql"},
		{"key with slashes", "k wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "k wJal********************************EKEY"},
		{"hex SHA", "commit 9fceb02d0ae598e95dc970b74767f19372d61af8", "commit 9fceb02d0ae598e95dc970b74767f19372d61af8"},
		{"hex SHA-256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"UUID", "f47ac10b-58cc-4372-a567-0e02b2c3d479", "f47ac10b-58cc-4372-a567-0e02b2c3d479"},
		{"role unique id", "AROAEXAMPLEID1234567:session", "AROAEXAMPLEID1234567:session"},
		{"masked already", "(AKIA************MPLE) wJal********************************EKEY", "(AKIA************MPLE) wJal********************************EKEY"},
		{"help text", "write CREDENTIALS 'aws_iam_role=<role ARN>', or known keys: aws_iam_role, aws_access_key_id, token", "write CREDENTIALS 'aws_iam_role=<role ARN>', or known keys: aws_iam_role, aws_access_key_id, token"},
	} {
		if got := Secrets(tt.in); got != tt.want {
			t.Errorf("%s: Secrets(%q)\n got %q\nwant %q", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestEscape(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"plain\ttab", "plain\ttab"},
		{"a\x1b[31mred", `a\x1b[31mred`},
		{"line\n::error::x", `line\n::error::x`},
		{"cr\rover", `cr\rover`},
		{"del\x7f c1\u0085 nul\x00", `del\x7f c1\u0085 nul\x00`},
		{"bidi \u202eevil\u202c \u2066x\u2069 \u200f", `bidi \u202eevil\u202c \u2066x\u2069 \u200f`},
		{"bad \xff\xfe utf8", `bad \xff\xfe utf8`},
		{"sep\u2028x", `sep\u2028x`},
		{"café ‘ok’ \\n", "café ‘ok’ \\n"},
	} {
		if got := Escape(tt.in); got != tt.want {
			t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestStrip(t *testing.T) {
	if got, want := Strip("a\x1b[1m\u202eb\r\nc\xff"), "a[1mb\r\nc\uFFFD"; got != want {
		t.Errorf("Strip = %q, want %q", got, want)
	}
}

func TestGuardLines(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"::error::x\nok\n", `\x3a:error::x` + "\nok\n"},
		{"  \u00a0::warning file=a::b\n", "  \u00a0\\x3a:warning file=a::b\n"},
		{"\x1b[1m::error::x\x1b[0m\n", "\x1b[1m\\x3a:error::x\x1b[0m\n"},
		{"a.sql:1:1: error: x ##[error]y\n", `a.sql:1:1: error: x #\x23[error]y` + "\n"},
		{"a::b\n", "a::b\n"},
		{":one\n", ":one\n"},
	} {
		if got := GuardLines(tt.in); got != tt.want {
			t.Errorf("GuardLines(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestJSON(t *testing.T) {
	type doc struct {
		A string   `json:"a"`
		B []string `json:"b"`
		N int      `json:"n"`
	}
	in := doc{A: "x " + keyID + " \u202e ##[error]y \x1b é \"q\" \\", B: []string{"aws_iam_role=arn:aws:iam::1:role/A,aws_secret_access_key=" + secret, "plain"}, N: 3}
	raw, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	out, err := JSON(raw)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"a":"x AKIA************MPLE \u202e #\u0023[error]y \u001b é \"q\" \\","b":["aws_iam_role=arn:aws:iam::1:role/A,aws_secret_access_key=wJal********************************EKEY","plain"],"n":3}`
	if string(out) != want {
		t.Errorf("JSON\n got %s\nwant %s", out, want)
	}
	var back doc
	if err := json.Unmarshal(out, &back); err != nil || !strings.Contains(back.A, "\u202e ##[error]y \x1b") {
		t.Errorf("rewritten JSON does not decode to the same text: %+v %v", back, err)
	}
	var plain strings.Builder
	enc := json.NewEncoder(&plain)
	enc.SetEscapeHTML(false) // as the printers encode
	if err := enc.Encode(doc{A: "ordinary \n\t\b\f\x01 <&> \u2028 text", B: []string{}}); err != nil {
		t.Fatal(err)
	}
	if again, _ := JSON([]byte(plain.String())); string(again) != plain.String() {
		t.Errorf("an ordinary document changed:\n got %s\nwant %s", again, plain.String())
	}
}

func TestLine(t *testing.T) {
	line := "COPY t\x1b[2J ACCESS_KEY_ID '" + keyID + "'\tx -- " + secret
	shown, cols := Line(line, []Range{{Start: 7 + 3, End: 7 + 3}}) // an empty known range changes nothing
	want := `COPY t\x1b[2J ACCESS_KEY_ID 'AKIA************MPLE' x -- wJal********************************EKEY`
	if shown != want {
		t.Fatalf("Line\n got %q\nwant %q", shown, want)
	}
	runes := []rune(shown)
	// The character after the escape (source column 8, "[") is shown at 10.
	if got := string(runes[cols[7]]); got != "[" {
		t.Errorf("cols[7] points at %q, want [", got)
	}
	// The key's first character maps to the start of its mask.
	at := strings.Index(line, keyID)
	if got := string(runes[cols[at]:cols[at+len(keyID)]]); got != "AKIA************MPLE" {
		t.Errorf("the key's columns cover %q", got)
	}
	if cols[len(cols)-1] != len(runes) {
		t.Errorf("last column %d, want %d", cols[len(cols)-1], len(runes))
	}
	// A range the parser knows is masked even when it looks like nothing.
	if shown, _ := Line("x 'abc' y", []Range{{3, 6}}); shown != "x '****' y" {
		t.Errorf("known range: %q", shown)
	}
}

// TestFindIsLinear: on a line of placeholder values in quotes of both
// kinds, the bytes the quoted values scan grow tenfold from n keys to 10n,
// not a hundredfold.
func TestFindIsLinear(t *testing.T) {
	scanned := func(n int) int64 {
		before := quotedBytes.Load()
		Find(strings.Repeat("token='${ session_token \"{{ ", n))
		return quotedBytes.Load() - before
	}
	if a, b := scanned(1000), scanned(10000); b > 11*a {
		t.Errorf("1,000 keys scan %d bytes, 10,000 scan %d", a, b)
	}
}

// Random key material must not read as a path: of 200,000 random
// 40-character base64 keys (a fixed seed), none may be taken for words.
func TestRandomKeysAreNotWordy(t *testing.T) {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	rng := rand.New(rand.NewPCG(1, 2))
	key := make([]byte, 40)
	missed := 0
	for range 200_000 {
		for i := range key {
			key[i] = alphabet[rng.IntN(len(alphabet))]
		}
		if mixedCase(string(key)) && wordy(string(key)) {
			missed++
		}
	}
	if missed > 0 {
		t.Errorf("%d of 200,000 random keys read as words", missed)
	}
}
