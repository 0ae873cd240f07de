package oruk_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/localoffer/localoffer/internal/oruk"
)

func TestImportRejectsObjectThatIsNoService(t *testing.T) {
	client := newClient(t)
	_, err := oruk.Import(systemContext(), client, strings.NewReader(`{"not": "a feed"}`), oruk.Options{Source: "junk"})
	if !errors.Is(err, oruk.ErrInvalidFeed) {
		t.Fatalf("err = %v, want ErrInvalidFeed", err)
	}
	if !strings.Contains(err.Error(), "id and name") {
		t.Errorf("error does not say what a service record needs: %v", err)
	}
}

func TestImportWarnsAboutOtherPages(t *testing.T) {
	client := newClient(t)
	report := importFile(t, client, sharedData(t, "oruk", "uk-profile-3.0", "examples", "service_list.json"), oruk.Options{Source: "example"})
	found := false
	for _, w := range report.Warnings {
		if strings.Contains(w.Message, "one page of 10") {
			found = true
		}
	}
	if !found {
		t.Errorf("no warning that the feed has other pages; warnings: %+v", report.Warnings)
	}
}
