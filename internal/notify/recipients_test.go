package notify_test

import (
	"testing"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/internal/notify"
)

func TestRecipientsOncePerPersonInOrder(t *testing.T) {
	t.Parallel()
	lead := &ent.User{ID: uuid.Must(uuid.NewV7()), Name: "Lead"}
	manager := &ent.User{ID: uuid.Must(uuid.NewV7()), Name: "Manager"}

	r := notify.NewRecipients[string]()
	// The lead is also a content manager of the first item.
	r.Add("first", lead, manager, lead, nil)
	r.Add("second", manager)

	all := r.All()
	if len(all) != 2 {
		t.Fatalf("recipients = %d, want 2", len(all))
	}
	if all[0].User != lead || len(all[0].Items) != 1 || all[0].Items[0] != "first" {
		t.Errorf("first recipient = %s with %v, want the lead with the first item once", all[0].User.Name, all[0].Items)
	}
	if all[1].User != manager || len(all[1].Items) != 2 || all[1].Items[1] != "second" {
		t.Errorf("second recipient = %s with %v, want the manager with both items", all[1].User.Name, all[1].Items)
	}
}
