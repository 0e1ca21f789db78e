package main

import "github.com/redshift-preflight/redshift-preflight/checks"

// assumeRoleConfig is the [assumerole] table of .redshift-preflight.toml:
// what the migrations cannot say about the database user (--db-user) whose
// ASSUMEROLE grants are checked.
//
//	[assumerole]
//	restricted = true      # REVOKE ASSUMEROLE ON ALL FROM PUBLIC FOR ALL ran before these migrations
//	groups = ["etl"]       # groups the user belongs to
//	roles = ["loader"]     # roles granted to the user
//	superuser = false      # a superuser is never checked
type assumeRoleConfig struct {
	Restricted bool     `toml:"restricted"`
	Groups     []string `toml:"groups"`
	Roles      []string `toml:"roles"`
	Superuser  bool     `toml:"superuser"`
}

// assumeRole is the user grants are checked for: --db-user (or db_user)
// with the config's [assumerole] facts; no user, nothing checked.
func (s *settings) assumeRole() checks.AssumeRoleConfig {
	cfg := checks.AssumeRoleConfig{User: s.String("db-user")}
	if s.cfg != nil {
		a := s.cfg.AssumeRole
		cfg.Restricted, cfg.Groups, cfg.Roles, cfg.Superuser = a.Restricted, a.Groups, a.Roles, a.Superuser
	}
	return cfg
}
