package notify

import (
	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
)

// Recipient is one person's email in the making: the items it lists.
type Recipient[T any] struct {
	User  *ent.User
	Items []T
}

// Recipients collects the items of one email per person, for the sweeps
// that send each person one list, in the order the people were first
// added.
type Recipients[T any] struct {
	order  []uuid.UUID
	people map[uuid.UUID]*Recipient[T]
}

// NewRecipients returns an empty collection.
func NewRecipients[T any]() *Recipients[T] {
	return &Recipients[T]{people: map[uuid.UUID]*Recipient[T]{}}
}

// Add lists item for each of users, once per user however often they are
// given, such as a lead who is also a content manager. Nil users are
// skipped.
func (r *Recipients[T]) Add(item T, users ...*ent.User) {
	seen := map[uuid.UUID]bool{}
	for _, u := range users {
		if u == nil || seen[u.ID] {
			continue
		}
		seen[u.ID] = true
		p, ok := r.people[u.ID]
		if !ok {
			p = &Recipient[T]{User: u}
			r.people[u.ID] = p
			r.order = append(r.order, u.ID)
		}
		p.Items = append(p.Items, item)
	}
}

// All returns the recipients in the order they were first added.
func (r *Recipients[T]) All() []*Recipient[T] {
	all := make([]*Recipient[T], 0, len(r.order))
	for _, id := range r.order {
		all = append(all, r.people[id])
	}
	return all
}
