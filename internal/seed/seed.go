// Package seed creates the reference data every install needs (taxonomies,
// search synonym groups, bank holidays and the default service level
// agreement) and the fictional demo content that `localoffer seed demo`
// loads into an empty database.
package seed

import (
	"context"
	"errors"
	"fmt"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/internal/viewer"
)

// maxReferenceAttempts bounds the retries of EnsureReference after a unique
// constraint error. Such an error means another process inserted the same row
// first, as when several replicas start at once on an empty database. The
// retry then finds that row and skips it.
const maxReferenceAttempts = 3

// EnsureReference creates the taxonomies, their terms and the search synonym
// groups that are missing, matching taxonomies and terms on slug and synonym
// groups on key. It adds the bank holidays of each year that has none, and
// version 1 of the service level agreement when there is no version yet. It
// never changes or deletes an existing row, so LO officers' edits survive,
// and it is safe to run at every start. It runs as the system
// viewer, whatever viewer ctx carries, in one transaction of its own unless
// client is already transactional.
func EnsureReference(ctx context.Context, client *ent.Client) error {
	ctx = viewer.SystemContext(ctx)

	var err error
	for attempt := 1; attempt <= maxReferenceAttempts; attempt++ {
		err = inTx(ctx, client, func(tx *ent.Client) error {
			return ensureReference(ctx, tx)
		})
		if !ent.IsConstraintError(err) {
			break
		}
	}
	return err
}

// ensureReference creates the missing reference rows through client.
func ensureReference(ctx context.Context, client *ent.Client) error {
	for position, spec := range referenceTaxonomies {
		if err := ensureTaxonomy(ctx, client, spec, position); err != nil {
			return err
		}
	}
	if err := ensureSynonyms(ctx, client); err != nil {
		return err
	}
	if err := ensureBankHolidays(ctx, client); err != nil {
		return err
	}
	return ensureAgreement(ctx, client)
}

// inTx runs fn with a transactional client and commits if fn returns nil.
// Any error rolls the whole transaction back. A client that is already
// transactional is used as it is, and its owner commits or rolls back.
func inTx(ctx context.Context, client *ent.Client, fn func(tx *ent.Client) error) error {
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
