package redshift

// AssumeRoleCommand is a command of GRANT ASSUMEROLE's FOR list
// (redshift-grammar.md §7): the statements whose use of a role a grant
// governs.
type AssumeRoleCommand string

const (
	AssumeRoleAll              AssumeRoleCommand = "ALL"
	AssumeRoleCopy             AssumeRoleCommand = "COPY"
	AssumeRoleUnload           AssumeRoleCommand = "UNLOAD"
	AssumeRoleExternalFunction AssumeRoleCommand = "EXTERNAL FUNCTION"
	AssumeRoleCreateModel      AssumeRoleCommand = "CREATE MODEL"
)

// AssumeRoleCommands are the commands ALL stands for, in documentation order.
var AssumeRoleCommands = []AssumeRoleCommand{AssumeRoleCopy, AssumeRoleUnload, AssumeRoleExternalFunction, AssumeRoleCreateModel}
