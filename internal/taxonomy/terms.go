package taxonomy

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	enttaxonomy "github.com/localoffer/localoffer/ent/taxonomy"
	"github.com/localoffer/localoffer/ent/taxonomyterm"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/content"
)

// NewTaxonomy is a taxonomy to create. Without a slug, one is derived from
// the name.
type NewTaxonomy struct {
	Name        string
	Slug        *string
	Description *string
}

// NewTerm is a taxonomy term to create. Without a parent it is a top-level
// term. Without a slug, one is derived from the name. Without a position it
// goes after its siblings.
type NewTerm struct {
	TaxonomyID  uuid.UUID
	ParentID    *uuid.UUID
	Name        string
	Slug        *string
	Code        *string
	Description *string
	Position    *int
}

// TermUpdate is a change to the fields given of a term. A nil field stays as
// it is, and an empty code or description clears it. The slug never changes, so
// that links and saved filters keep working after a rename.
type TermUpdate struct {
	ID          uuid.UUID
	Name        *string
	Description *string
	Code        *string
	Position    *int
}

// Retirement retires a term, or brings a retired term back.
type Retirement struct {
	ID      uuid.UUID
	Retired bool
}

// CreateTaxonomy creates an empty taxonomy, placed after the others.
//
// A slug given in the input that another taxonomy has is a conflict. A
// derived slug is made distinct instead, by adding "-2", "-3" and so on,
// because the caller did not choose it.
func (m *Manager) CreateTaxonomy(ctx context.Context, in NewTaxonomy) (*ent.Taxonomy, error) {
	name, err := cleanName("input.name", in.Name)
	if err != nil {
		return nil, err
	}
	description, err := cleanText("input.description", in.Description, maxDescriptionLength)
	if err != nil {
		return nil, err
	}
	if in.Slug != nil {
		if err := checkSlug("input.slug", *in.Slug); err != nil {
			return nil, err
		}
	}

	var created *ent.Taxonomy
	err = m.run(ctx, authz.TypeTaxonomy, "create taxonomies", func(tx *ent.Client, c *change) error {
		taken := func(ctx context.Context, slug string) (bool, error) {
			used, err := tx.Taxonomy.Query().Where(enttaxonomy.Slug(slug)).Exist(ctx)
			if err != nil {
				return false, fmt.Errorf("check taxonomy slug %s: %w", slug, err)
			}
			return used, nil
		}
		slug, err := chooseSlug(ctx, in.Slug, name, "a taxonomy", taken)
		if err != nil {
			return err
		}
		last, err := tx.Taxonomy.Query().Order(ent.Desc(enttaxonomy.FieldPosition)).First(ctx)
		position := 0
		switch {
		case err == nil:
			position = last.Position + 1
		case !ent.IsNotFound(err):
			return fmt.Errorf("find the last taxonomy: %w", err)
		}

		created, err = tx.Taxonomy.Create().
			SetName(name).
			SetSlug(slug).
			SetNillableDescription(nonEmpty(description)).
			SetPosition(position).
			Save(system(ctx))
		if err != nil {
			return constraintConflict(err, "create taxonomy "+slug)
		}
		c.pending.Add(taxonomyCreated(created))
		return nil
	})
	return created, err
}

// CreateTerm creates a term in a taxonomy, under a parent of the same
// taxonomy when one is given. Slugs are unique within a taxonomy, at every
// depth: a slug given in the input that is already used is a conflict, and a
// derived one is made distinct as for CreateTaxonomy.
func (m *Manager) CreateTerm(ctx context.Context, in NewTerm) (*ent.TaxonomyTerm, error) {
	name, err := cleanName("input.name", in.Name)
	if err != nil {
		return nil, err
	}
	code, err := cleanText("input.code", in.Code, maxCodeLength)
	if err != nil {
		return nil, err
	}
	description, err := cleanText("input.description", in.Description, maxDescriptionLength)
	if err != nil {
		return nil, err
	}
	if in.Slug != nil {
		if err := checkSlug("input.slug", *in.Slug); err != nil {
			return nil, err
		}
	}
	if err := checkPosition("input.position", in.Position); err != nil {
		return nil, err
	}

	var created *ent.TaxonomyTerm
	err = m.run(ctx, authz.TypeTaxonomyTerm, "create taxonomy terms", func(tx *ent.Client, c *change) error {
		if err := checkTaxonomyExists(ctx, tx, in.TaxonomyID); err != nil {
			return err
		}
		if in.ParentID != nil {
			parent, err := loadTerm(ctx, tx, *in.ParentID)
			if err != nil {
				return err
			}
			if parent.TaxonomyID != in.TaxonomyID {
				return apperr.Input("input.parentId", "taxonomy term %s belongs to another taxonomy: a parent must be in taxonomy %s", parent.ID, in.TaxonomyID)
			}
		}

		slug, err := chooseSlug(ctx, in.Slug, name, "a term of this taxonomy", termSlugTaken(tx, in.TaxonomyID))
		if err != nil {
			return err
		}
		position, err := positionAmongSiblings(ctx, tx, in.TaxonomyID, in.ParentID, in.Position)
		if err != nil {
			return err
		}

		created, err = tx.TaxonomyTerm.Create().
			SetTaxonomyID(in.TaxonomyID).
			SetNillableParentID(in.ParentID).
			SetName(name).
			SetSlug(slug).
			SetNillableCode(nonEmpty(code)).
			SetNillableDescription(nonEmpty(description)).
			SetPosition(position).
			Save(system(ctx))
		if err != nil {
			return constraintConflict(err, "create taxonomy term "+slug)
		}
		c.audit("taxonomy_term.created", created.ID, nil, "slug "+slug+" in taxonomy "+in.TaxonomyID.String())
		return nil
	})
	return created, err
}

// UpdateTerm changes a term's name, description, code or position. A rename
// keeps the term on the content tagged with it. The search index hook of
// internal/directory then rewrites the search documents of the services
// tagged with the term, so that a search for the new name finds them.
func (m *Manager) UpdateTerm(ctx context.Context, in TermUpdate) (*ent.TaxonomyTerm, error) {
	var name *string
	if in.Name != nil {
		cleaned, err := cleanName("input.name", *in.Name)
		if err != nil {
			return nil, err
		}
		name = &cleaned
	}
	code, err := cleanText("input.code", in.Code, maxCodeLength)
	if err != nil {
		return nil, err
	}
	description, err := cleanText("input.description", in.Description, maxDescriptionLength)
	if err != nil {
		return nil, err
	}
	if err := checkPosition("input.position", in.Position); err != nil {
		return nil, err
	}

	var updated *ent.TaxonomyTerm
	err = m.run(ctx, authz.TypeTaxonomyTerm, "change taxonomy terms", func(tx *ent.Client, c *change) error {
		term, err := loadTerm(ctx, tx, in.ID)
		if err != nil {
			return err
		}

		update := tx.TaxonomyTerm.UpdateOneID(term.ID)
		var changed []string
		renamed := name != nil && *name != term.Name
		if renamed {
			update.SetName(*name)
		}
		if code != nil && *code != term.Code {
			changed = append(changed, "code")
			setOrClear(*code, update.SetCode, update.ClearCode)
		}
		if description != nil && *description != term.Description {
			changed = append(changed, "description")
			setOrClear(*description, update.SetDescription, update.ClearDescription)
		}
		if in.Position != nil && *in.Position != term.Position {
			changed = append(changed, "position")
			update.SetPosition(*in.Position)
		}
		if !renamed && len(changed) == 0 {
			updated = term
			return nil
		}

		updated, err = update.Save(system(ctx))
		if err != nil {
			return fmt.Errorf("update taxonomy term %s: %w", term.ID, err)
		}
		if renamed {
			c.audit("taxonomy_term.renamed", term.ID, []string{"name"}, "")
		}
		if len(changed) > 0 {
			c.audit("taxonomy_term.updated", term.ID, changed, "")
		}
		return nil
	})
	return updated, err
}

// RetireTerm retires a term, or brings a retired one back. A retired term
// stays on the content tagged with it and in its taxonomy's tree, marked
// retired, and the editors do not offer it for new content. Its children
// are not retired with it.
func (m *Manager) RetireTerm(ctx context.Context, in Retirement) (*ent.TaxonomyTerm, error) {
	var updated *ent.TaxonomyTerm
	err := m.run(ctx, authz.TypeTaxonomyTerm, "retire taxonomy terms", func(tx *ent.Client, c *change) error {
		term, err := loadTerm(ctx, tx, in.ID)
		if err != nil {
			return err
		}
		if term.Retired == in.Retired {
			updated = term
			return nil
		}

		updated, err = tx.TaxonomyTerm.UpdateOneID(term.ID).SetRetired(in.Retired).Save(system(ctx))
		if err != nil {
			return fmt.Errorf("update taxonomy term %s: %w", term.ID, err)
		}
		action := "taxonomy_term.retired"
		if !in.Retired {
			action = "taxonomy_term.unretired"
		}
		c.audit(action, term.ID, []string{"retired"}, "")
		return nil
	})
	return updated, err
}

// loadTerm loads a term, or returns NOT_FOUND naming the id.
func loadTerm(ctx context.Context, client *ent.Client, id uuid.UUID) (*ent.TaxonomyTerm, error) {
	term, err := client.TaxonomyTerm.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFound("no taxonomy term with id %s", id)
	}
	if err != nil {
		return nil, fmt.Errorf("load taxonomy term %s: %w", id, err)
	}
	return term, nil
}

func checkTaxonomyExists(ctx context.Context, client *ent.Client, id uuid.UUID) error {
	exists, err := client.Taxonomy.Query().Where(enttaxonomy.ID(id)).Exist(ctx)
	if err != nil {
		return fmt.Errorf("load taxonomy %s: %w", id, err)
	}
	if !exists {
		return apperr.NotFound("no taxonomy with id %s", id)
	}
	return nil
}

// chooseSlug returns the slug given, unless taken reports it used, which is
// a conflict; without one it returns a distinct slug derived from name.
// owner names, for the conflict message, what already has the slug.
func chooseSlug(ctx context.Context, given *string, name, owner string, taken func(context.Context, string) (bool, error)) (string, error) {
	if given == nil {
		return uniqueSlug(ctx, content.Slugify(name), taken)
	}
	used, err := taken(ctx, *given)
	if err != nil {
		return "", err
	}
	if used {
		return "", fmt.Errorf("slug %q is already used by %s: choose another or leave it out: %w", *given, owner, apperr.ErrConflict)
	}
	return *given, nil
}

func termSlugTaken(tx *ent.Client, taxonomyID uuid.UUID) func(context.Context, string) (bool, error) {
	return func(ctx context.Context, slug string) (bool, error) {
		used, err := tx.TaxonomyTerm.Query().
			Where(taxonomyterm.TaxonomyID(taxonomyID), taxonomyterm.Slug(slug)).
			Exist(ctx)
		if err != nil {
			return false, fmt.Errorf("check taxonomy term slug %s: %w", slug, err)
		}
		return used, nil
	}
}

// positionAmongSiblings returns position when given, or else one more than
// the largest position among the children of parentID (the top-level terms
// when it is nil), so that a new or moved term goes last.
func positionAmongSiblings(ctx context.Context, tx *ent.Client, taxonomyID uuid.UUID, parentID *uuid.UUID, position *int) (int, error) {
	if position != nil {
		return *position, nil
	}
	query := tx.TaxonomyTerm.Query().Where(taxonomyterm.TaxonomyID(taxonomyID))
	if parentID == nil {
		query.Where(taxonomyterm.ParentIDIsNil())
	} else {
		query.Where(taxonomyterm.ParentID(*parentID))
	}
	last, err := query.Order(ent.Desc(taxonomyterm.FieldPosition)).First(ctx)
	if ent.IsNotFound(err) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("find the last sibling: %w", err)
	}
	return last.Position + 1, nil
}

// nonEmpty returns nil for a missing or empty text, so that an optional
// column stays NULL rather than holding "".
func nonEmpty(text *string) *string {
	if text == nil || *text == "" {
		return nil
	}
	return text
}

func setOrClear[U any](value string, set func(string) U, clear func() U) {
	if value == "" {
		clear()
		return
	}
	set(value)
}

func taxonomyCreated(t *ent.Taxonomy) audit.Event {
	return audit.Event{
		Action:     "taxonomy.created",
		ObjectType: authz.TypeTaxonomy,
		ObjectID:   t.ID,
		Detail:     "slug " + t.Slug,
	}
}
