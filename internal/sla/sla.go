// Package sla runs the council's service level agreement (SLA) with its
// providers: the calendar of six-monthly review cycles, the bank holidays in
// England and Wales that move the calendar's dates, the versions of the
// agreement's text, and leads' acceptance of it.
//
// Dates are calendar dates. A deadline means the end of that day, London
// time (see Deadline). calendar.go has the rules that need no database.
//
// Every operation checks the caller's rights with internal/authz, reading
// the records it acts on through the privacy rules, and then writes as the
// system: the privacy rules reject writes by users to these tables.
package sla

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/viewer"
)

// Manager runs the SLA operations that callers of the API ask for.
type Manager struct {
	// root is the client outside any transaction, for audit events.
	root   *ent.Client
	authz  *authz.Authorizer
	logger *slog.Logger
	now    func() time.Time
}

// New returns a Manager. root must not be a transactional client. now
// returns the current time, and nil means time.Now.
func New(root *ent.Client, a *authz.Authorizer, logger *slog.Logger, now func() time.Time) *Manager {
	if now == nil {
		now = time.Now
	}
	return &Manager{root: root, authz: a, logger: logger, now: now}
}

// clock returns the current time as stored: UTC, to the second.
func (m *Manager) clock() time.Time {
	return m.now().UTC().Truncate(time.Second)
}

// run calls fn with a transactional client and records the audit events it
// adds after the commit (see audit.InTransaction).
func (m *Manager) run(ctx context.Context, fn func(tx *ent.Client, pending *audit.Pending) error) error {
	return audit.InTransaction(ctx, m.root, m.logger, fn)
}

// reader returns the request's transactional client, or the root client
// outside a transaction, for reads.
func (m *Manager) reader(ctx context.Context) *ent.Client {
	if tx := ent.TxFromContext(ctx); tx != nil {
		return tx.Client()
	}
	return m.root
}

// allowed reports whether the caller may perform action on records of typ
// to which they stand in relation.
func (m *Manager) allowed(ctx context.Context, typ, action string, relation authz.Relation) bool {
	v := viewer.FromContext(ctx)
	return v.System || m.authz.Allowed(v.PolicyRole(), typ, action, relation)
}

// authorize returns ErrUnauthenticated for a caller without credentials and
// ErrForbidden, with reason, for one whose role may not perform action on
// records of typ.
func (m *Manager) authorize(ctx context.Context, typ, action, reason string) error {
	if err := viewer.RequireCredentials(ctx); err != nil {
		return err
	}
	if !m.allowed(ctx, typ, action, authz.RelationNone) {
		return fmt.Errorf("%s: %w", reason, apperr.ErrForbidden)
	}
	return nil
}

// system returns ctx in which the product writes on the caller's behalf,
// after their rights were checked.
func system(ctx context.Context) context.Context {
	return viewer.SystemContext(ctx)
}

// callerID returns the signed-in user's id, or nil for the system and API
// keys.
func callerID(ctx context.Context) *uuid.UUID {
	v := viewer.FromContext(ctx)
	if !v.SignedIn() {
		return nil
	}
	id := v.UserID
	return &id
}

// cleanText trims text and checks that it is present and at most maxLength
// characters long.
func cleanText(field, text string, maxLength int) (string, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return "", apperr.Input(field, "must not be empty")
	}
	if utf8.RuneCountInString(text) > maxLength {
		return "", apperr.Input(field, "must be at most %d characters", maxLength)
	}
	return text, nil
}

// withTx calls fn in a new transaction of client, committed when fn
// succeeds, or with client itself when it is already transactional.
func withTx(ctx context.Context, client *ent.Client, fn func(tx *ent.Client) error) error {
	tx, err := client.Tx(ctx)
	if errors.Is(err, ent.ErrTxStarted) {
		return fn(client)
	}
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	if err := fn(tx.Client()); err != nil {
		if rollbackErr := tx.Rollback(); rollbackErr != nil {
			return errors.Join(err, fmt.Errorf("roll back transaction: %w", rollbackErr))
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit transaction: %w", err)
	}
	return nil
}
