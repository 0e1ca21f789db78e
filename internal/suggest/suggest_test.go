package suggest

import "testing"

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "abc", 3},
		{"rulez", "rules", 1},
		{"chekc", "check", 1}, // a swap is one edit
		{"kitten", "sitting", 3},
		{"ça", "ca", 1}, // characters, not bytes
	}
	for _, tt := range tests {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := Distance(tt.b, tt.a); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.b, tt.a, got, tt.want)
		}
	}
}

func TestClosest(t *testing.T) {
	commands := []string{"check", "explain", "connect", "rules", "version"}
	keys := []string{"paths", "exclude", "iam", "cluster", "rules", "fail_on"}
	tests := []struct {
		s          string
		candidates []string
		want       string
	}{
		{"chekc", commands, "check"},
		{"CHECK", commands, "check"}, // case is ignored
		{"explian", commands, "explain"},
		{"rulez", keys, "rules"},
		{"fail-on", keys, "fail_on"},
		{"x", keys, ""}, // too far from everything
		{"deploy", commands, ""},
		{"check", commands, ""}, // not a typo
		{"ia", keys, "iam"},
		{"chain-whitespce", []string{"chain-empty-element", "chain-whitespace"}, "chain-whitespace"},
	}
	for _, tt := range tests {
		got, ok := Closest(tt.s, tt.candidates)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("Closest(%q) = %q, %v; want %q", tt.s, got, ok, tt.want)
		}
	}
}

func TestHint(t *testing.T) {
	if got := Hint("rulez", []string{"rules"}, "%q"); got != `; did you mean "rules"?` {
		t.Errorf("got %q", got)
	}
	if got := Hint("formt", []string{"format"}, "--%s"); got != `; did you mean --format?` {
		t.Errorf("got %q", got)
	}
	if got := Hint("zzz", []string{"rules"}, "%q"); got != "" {
		t.Errorf("got %q", got)
	}
}
