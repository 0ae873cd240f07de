// Package migrations embeds the versioned schema migrations, one directory per
// database. Files are applied in name order and never edited once landed: a
// change to the schema is a new file, made by `go run ./cmd/migrategen NAME`.
package migrations

import "embed"

// Files holds the postgres/ and sqlite/ directories.
//
//go:embed all:postgres all:sqlite
var Files embed.FS
