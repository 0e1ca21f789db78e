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
		{`{"Format":1,"Out":"aws","Targets":{},"RoleARNs":[""]}`, `--role-arn "" is not a role ARN`},
		{`{"Format":1,"Out":"aws","Targets":{},"RoleARNs":["arn:aws:iam::1:role/x"]}`, `--role-arn "arn:aws:iam::1:role/x" is not a role ARN`},
		{`{"Format":1,"Out":"aws","Targets":{},"RoleARNs":["arn:aws:iam::123456789012:user/x"]}`, `--role-arn "arn:aws:iam::123456789012:user/x" is not`},
		{`{"Format":1,"Out":"aws","Targets":{},"RoleARNs":["arn:aws:iam::123456789012:role/a,arn:aws:iam::123456789012:role/b"]}`, `--role-arn "arn:aws:iam::123456789012:role/a,`},
		{`{"Format":1,"Out":"aws","Targets":{},"Profiles":[" "]}`, `--profile is empty`},
	} {
		if _, err := Decode([]byte(c.in)); err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("Decode(%q) = %v, want %q…", c.in, err, c.want)
		}
	}
}

func TestRoleARNAccepted(t *testing.T) {
	for _, arn := range []string{"arn:aws:iam::123456789012:role/R", "arn:aws-cn:iam::123456789012:role/service-role/R"} {
		if !roleARN(arn) {
			t.Errorf("%s refused", arn)
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
