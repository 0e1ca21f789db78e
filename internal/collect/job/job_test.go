package job

import (
	"strings"
	"testing"
)

func TestRequestRoundTrip(t *testing.T) {
	var tg Targets
	tg.Add("s3", "s3://team-data/x/")
	tg.AddKMSKey("alias/etl")
	in := Request{Out: "aws", Region: "us-east-1", Profiles: []string{"a", "b"}, ClusterID: "etl",
		RoleARNs: []string{"arn:aws:iam::222222222222:role/R"}, Targets: tg, Progress: true}
	data, err := in.Encode()
	if err != nil {
		t.Fatal(err)
	}
	out, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	in.Format = Format
	if got, want := strings.Join(out.Targets.Buckets, ","), "team-data"; got != want || out.Out != "aws" || !out.Progress ||
		out.Region != in.Region || len(out.Profiles) != 2 || out.RoleARNs[0] != in.RoleARNs[0] || out.Targets.KMSKeys[0] != "alias/etl" {
		t.Errorf("round trip: %+v, want %+v", out, in)
	}
}

func TestDecodeRefuses(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`{"Format":1,"Out":"aws","Targets":{},"Extra":1}`, "not a collect request: "},
		{`{"Format":1,"Out":"aws","Targets":{}} {}`, "not a collect request: "},
		{`{"Format":2,"Out":"aws","Targets":{}}`, "collect request format 2, this program reads format 1"},
		{`{"Format":1,"Targets":{}}`, "collect request without an output directory"},
		{``, "not a collect request: "},
	} {
		if _, err := Decode([]byte(c.in)); err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("Decode(%q) = %v, want %q…", c.in, err, c.want)
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"Format":1,"Out":"aws","Targets":{"Buckets":["b"]}}`))
	f.Add([]byte(`{"Format":1}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Decode(data)
		if err == nil && (r.Format != Format || r.Out == "") {
			t.Errorf("accepted %q as %+v", data, r)
		}
	})
}
