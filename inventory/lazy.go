package inventory

import (
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/redshift-preflight/redshift-preflight/iam"
)

// Documents are decoded lazily. Readers check that every document is valid
// JSON of the right kind and keep its bytes; iam.DecodePolicy runs the
// first time a role or policy is handed out, under a sync.Once, so a check
// that reads a handful of roles from an export of thousands pays for a
// handful. A document that iam.DecodePolicy rejects stays nil (which the
// evaluator treats as unknown, never as allowing) and its error is kept:
// Decode and DecodeAll report it as a *LoadError with the full JSON path.

// decode decodes the document; an error names the file and the full path.
func (d *Doc) decode() (*iam.Policy, *LoadError) {
	if d.unknown {
		return nil, nil
	}
	p, err := iam.DecodePolicy(d.raw)
	if err != nil {
		le := docError(d.source(), err)
		if d.sensitive {
			le.Msg = "not a valid policy document (the attribute is marked sensitive, so the problem is not shown)"
		}
		le.seq = d.seq()
		return nil, le
	}
	return p, nil
}

// roleDocs are a role's undecoded documents and what the loader needs to
// compare and label them.
type roleDocs struct {
	once        sync.Once
	trust       Doc
	inline      []Doc
	inlineNames []string
	err         *LoadError // the first document that failed to decode
	ref         string     // the role in labels: role/PATH/NAME [in account ACCOUNT]
}

func (r *Role) ensure() {
	d := r.docs
	if d == nil {
		return
	}
	d.once.Do(func() {
		r.Trust.Label = trustLabel(d.ref)
		for i, name := range d.inlineNames {
			r.Inline[i].Label = inlineLabel(name, d.ref)
		}
		var err *LoadError
		r.Trust.Document, err = d.trust.decode()
		d.keep(err)
		for i := range d.inline {
			r.Inline[i].Document, err = d.inline[i].decode()
			d.keep(err)
		}
	})
}

func (d *roleDocs) keep(err *LoadError) {
	if err != nil && d.err == nil {
		d.err = err
	}
}

// policyDoc is a managed policy's undecoded versions.
type policyDoc struct {
	once     sync.Once
	def      Doc // the default version's document
	versions []VersionDoc
	err      *LoadError
}

func (p *ManagedPolicy) ensure() {
	d := p.doc
	if d == nil {
		return
	}
	d.once.Do(func() {
		p.Document, d.err = d.def.decode()
	})
}

func (r *Role) decodeErr() *LoadError {
	r.ensure()
	if r.docs == nil {
		return nil
	}
	return r.docs.err
}

func (p *ManagedPolicy) decodeErr() *LoadError {
	p.ensure()
	if p.doc == nil {
		return nil
	}
	return p.doc.err
}

// Decode decodes now every document the hop walk can read for these roles
// (trust and inline policies, the default versions of attached managed
// policies, the permissions boundary) and returns the first that
// iam.DecodePolicy rejects, as a *LoadError naming file and JSON path, e.g.
// "iam/prod.json: RoleDetailList[3].AssumeRolePolicyDocument.Statement[0].Effect:
// want "Allow" or "Deny", got "allow"". ARNs not in the data are ignored.
// A user ARN (a connect start) decodes the user's policies, its groups'
// and the managed policies attached to either. Call it with the roles the
// SQL names before walking hops, so that broken data is an input error
// rather than an unknown verdict.
func (inv *Inventory) Decode(roleARNs ...string) error {
	var first *LoadError
	keep := func(err *LoadError) {
		if err != nil && (first == nil || err.seq < first.seq) {
			first = err
		}
	}
	for _, arn := range roleARNs {
		if u := inv.users[arn]; u != nil {
			keep(inv.decodeUser(u))
			continue
		}
		r := inv.roles[arn]
		if r == nil {
			continue
		}
		keep(r.decodeErr())
		for _, a := range r.Attached {
			if p := inv.policies[a]; p != nil {
				keep(p.decodeErr())
			}
		}
		if p := inv.policies[r.Boundary]; p != nil {
			keep(p.decodeErr())
		}
	}
	if first == nil {
		return nil
	}
	return first
}

// DecodeAll decodes every role's documents and every managed policy's
// default version, on all CPUs, and returns the first error in file order.
// Loading does not do this itself because it costs more than loading
// (about 12 µs per document).
func (inv *Inventory) DecodeAll() error {
	jobs := make([]func() *LoadError, 0, len(inv.roles)+len(inv.policies)+len(inv.users)+len(inv.groups))
	for _, r := range inv.roles {
		jobs = append(jobs, r.decodeErr)
	}
	for _, p := range inv.policies {
		jobs = append(jobs, p.decodeErr)
	}
	for _, u := range inv.users {
		jobs = append(jobs, u.decodeErr)
	}
	for _, g := range inv.groups {
		jobs = append(jobs, g.decodeErr)
	}
	errs := make([]*LoadError, len(jobs))
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(jobs) {
					return
				}
				errs[i] = jobs[i]()
			}
		})
	}
	wg.Wait()
	var first *LoadError
	for _, err := range errs {
		if err != nil && (first == nil || err.seq < first.seq) {
			first = err
		}
	}
	if first == nil {
		return nil
	}
	return first
}

// decodeUser decodes what the evaluation of a user reads: its inline
// policies, its groups' and the managed policies attached to either, and
// its boundary; it returns the first error in file order.
func (inv *Inventory) decodeUser(u *User) *LoadError {
	var first *LoadError
	keep := func(err *LoadError) {
		if err != nil && (first == nil || err.seq < first.seq) {
			first = err
		}
	}
	keep(u.decodeErr())
	attached := append([]string{u.Boundary}, u.Attached...)
	for _, name := range u.Groups {
		if g := inv.groups[groupKey(u.Account, name)]; g != nil {
			keep(g.decodeErr())
			attached = append(attached, g.Attached...)
		}
	}
	for _, a := range attached {
		if p := inv.policies[a]; p != nil {
			keep(p.decodeErr())
		}
	}
	return first
}
