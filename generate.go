// Package localoffer is the repository root. Its only file holds the
// generate entry point: `go generate ./...` regenerates ent, then gqlgen,
// then the public schema.graphql, in that order.
package localoffer

//go:generate go run -mod=mod ./ent/entc.go
//go:generate go tool gqlgen
//go:generate go run ./cmd/schemagen
