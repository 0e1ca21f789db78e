package files

import "testing"

func TestParseSize(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int64
	}{
		{"1", 1}, {"1048576", 1 << 20}, {"512KiB", 512 << 10}, {"64MiB", 64 << 20}, {"64mib", 64 << 20},
		{"2G", 2 << 30}, {"1 GiB", 1 << 30}, {"10B", 10}, {"1TiB", 1 << 40},
		{"0", 0}, {"-1", 0}, {"", 0}, {"MiB", 0}, {"1.5GiB", 0}, {"1PiB", 0}, {"99999999999TiB", 0},
	} {
		got, err := ParseSize(tt.in)
		if got != tt.want || (err == nil) != (tt.want != 0) {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
}

func TestFormatSize(t *testing.T) {
	for _, tt := range []struct {
		n    int64
		want string
	}{{64 << 20, "64MiB"}, {1 << 30, "1GiB"}, {1000, "1000B"}, {1536, "1536B"}, {3 << 10, "3KiB"}} {
		if got := FormatSize(tt.n); got != tt.want {
			t.Errorf("FormatSize(%d) = %s, want %s", tt.n, got, tt.want)
		}
		if back, err := ParseSize(tt.want); err != nil || back != tt.n {
			t.Errorf("ParseSize(%s) = %d, %v", tt.want, back, err)
		}
	}
}

func TestLimits(t *testing.T) {
	var l Limits
	if got := l.Of(Data); got.Bytes != 1<<30 || got.Kind != Data {
		t.Errorf("default data limit: %+v", got)
	}
	if err := l.Set("data", "2GiB"); err != nil || l.Of(Data).Bytes != 2<<30 || l.Of(SQL).Bytes != 64<<20 {
		t.Errorf("set data: %v %+v", err, l)
	}
	if err := l.Set("json", "1MiB"); err == nil || err.Error() != `unknown kind of file "json" (want sql, data, config)` {
		t.Errorf("unknown kind: %v", err)
	}
	if err := l.Set("sql", "0"); err == nil {
		t.Error("a limit of 0 was taken")
	}
}
