// Package taxonomy lets LO officers manage taxonomies and their terms: create,
// rename, move, merge and retire terms without breaking the services,
// locations and information pages tagged with them.
//
// Every operation checks the caller's rights with internal/authz and then
// writes as the system, because the privacy rules reject writes by users to
// the taxonomy tables. The search index hooks of internal/directory rewrite
// the search documents of services whose terms change.
package taxonomy

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/content"
	"github.com/localoffer/localoffer/internal/viewer"
)

// Limits on input text, in characters.
const (
	maxNameLength        = 200
	maxCodeLength        = 100
	maxDescriptionLength = 2000
)

// Manager runs the taxonomy operations.
type Manager struct {
	// root is the client outside any transaction, for audit events.
	root   *ent.Client
	authz  *authz.Authorizer
	logger *slog.Logger
}

// New returns a Manager. root must not be a transactional client.
func New(root *ent.Client, a *authz.Authorizer, logger *slog.Logger) *Manager {
	return &Manager{root: root, authz: a, logger: logger}
}

// change collects the audit events of one operation, to record once the
// transaction has committed.
type change struct {
	pending *audit.Pending
}

func (c *change) audit(action string, termID uuid.UUID, fields []string, detail string) {
	c.pending.Add(audit.Event{
		Action:        action,
		ObjectType:    authz.TypeTaxonomyTerm,
		ObjectID:      termID,
		ChangedFields: fields,
		Detail:        detail,
	})
}

// run checks that the caller may update records of typ, then calls fn with
// a transactional client and records the audit events it collects after the
// commit (see audit.InTransaction).
func (m *Manager) run(ctx context.Context, typ, attempt string, fn func(tx *ent.Client, c *change) error) error {
	if err := m.authorize(ctx, typ, attempt); err != nil {
		return err
	}
	return audit.InTransaction(ctx, m.root, m.logger, func(tx *ent.Client, pending *audit.Pending) error {
		return fn(tx, &change{pending: pending})
	})
}

// authorize returns ErrUnauthenticated for a caller without credentials, and
// ErrForbidden, naming the attempt, for one whose role may not update
// records of typ. Everyone may read every taxonomy, so a refusal is
// FORBIDDEN rather than NOT_FOUND. A partner's API key is credentials.
func (m *Manager) authorize(ctx context.Context, typ, attempt string) error {
	v := viewer.FromContext(ctx)
	if v.System {
		return nil
	}
	if !v.SignedIn() && v.APIKeyID == uuid.Nil {
		return fmt.Errorf("this needs a signed-in user: %w", apperr.ErrUnauthenticated)
	}
	if !m.authz.Allowed(v.PolicyRole(), typ, authz.ActionUpdate, authz.RelationNone) {
		return fmt.Errorf("you may not %s: only LO officers manage taxonomies: %w", attempt, apperr.ErrForbidden)
	}
	return nil
}

// system returns ctx in which the product writes on the caller's behalf,
// after their rights were checked.
func system(ctx context.Context) context.Context {
	return viewer.SystemContext(ctx)
}

// cleanName trims a name and checks that it is present and not too long.
func cleanName(field, name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", apperr.Input(field, "must not be empty")
	}
	if utf8.RuneCountInString(name) > maxNameLength {
		return "", apperr.Input(field, "must be at most %d characters", maxNameLength)
	}
	return name, nil
}

// cleanText trims an optional text and checks its length. An empty result
// is returned as "", which callers store as a cleared value.
func cleanText(field string, text *string, maxLength int) (*string, error) {
	if text == nil {
		return nil, nil
	}
	trimmed := strings.TrimSpace(*text)
	if utf8.RuneCountInString(trimmed) > maxLength {
		return nil, apperr.Input(field, "must be at most %d characters", maxLength)
	}
	return &trimmed, nil
}

// checkSlug accepts a slug only in the form Slugify gives: lower-case ASCII
// letters and digits separated by single hyphens.
func checkSlug(field, slug string) error {
	if slug == "" || content.Slugify(slug) != slug {
		return apperr.Input(field, "%q is not a valid slug: use lower-case letters, digits and single hyphens, such as %q",
			slug, content.Slugify(slug))
	}
	return nil
}

func checkPosition(field string, position *int) error {
	if position != nil && *position < 0 {
		return apperr.Input(field, "must be 0 or more")
	}
	return nil
}

// uniqueSlug returns base, or base with the first suffix "-2", "-3", ...
// for which taken reports false.
func uniqueSlug(ctx context.Context, base string, taken func(context.Context, string) (bool, error)) (string, error) {
	slug := base
	for n := 2; ; n++ {
		used, err := taken(ctx, slug)
		if err != nil {
			return "", err
		}
		if !used {
			return slug, nil
		}
		slug = fmt.Sprintf("%s-%d", base, n)
	}
}

// constraintConflict turns a unique constraint error into a conflict,
// because it means that another request took the same slug between the
// check and the write. Other errors are wrapped with what failed.
func constraintConflict(err error, what string) error {
	if ent.IsConstraintError(err) {
		return fmt.Errorf("%s: the slug was taken meanwhile, try again: %w", what, apperr.ErrConflict)
	}
	return fmt.Errorf("%s: %w", what, err)
}
