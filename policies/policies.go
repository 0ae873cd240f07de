// Package policies embeds the default Casbin model and policy, which a
// deployment can replace with files of its own.
package policies

import _ "embed"

// Model is the default Casbin model (model.conf).
//
//go:embed model.conf
var Model string

// Policy is the default Casbin policy (policy.csv).
//
//go:embed policy.csv
var Policy string
