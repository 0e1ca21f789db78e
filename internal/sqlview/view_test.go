package sqlview

import "testing"

func TestKeepBlanksAllButSpansAndKeepsLines(t *testing.T) {
	tests := []struct {
		src   string
		spans [][2]int
		want  string
	}{
		{"<sql>COPY t</sql>", [][2]int{{5, 11}}, "     COPY t      "},
		{"a\nbc\r\nd", nil, " \n  \r\n "},
		{"abcdef", [][2]int{{4, 99}, {-3, 1}, {1, 2}}, "ab  ef"},
	}
	for _, tt := range tests {
		got := string(Keep([]byte(tt.src), tt.spans...))
		if got != tt.want {
			t.Errorf("Keep(%q, %v) = %q, want %q", tt.src, tt.spans, got, tt.want)
		}
		if len(got) != len(tt.src) {
			t.Errorf("Keep(%q) changed the length", tt.src)
		}
	}
	b := []byte("x\ny z")
	Blank(b, 1, 4)
	if string(b) != "x\n  z" {
		t.Errorf("Blank = %q", b)
	}
}
