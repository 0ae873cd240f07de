// Package ent holds the ent client generated from ./schema; only schema/,
// template/, entc.go and this file are written by hand.
package ent

//go:generate go run -mod=mod entc.go
