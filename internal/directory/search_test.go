package directory_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/internal/directory"
)

func TestSearchRanksNameMatchFirst(t *testing.T) {
	f := newFixture(t)
	f.synonyms()
	f.service(serviceSpec{name: "Family Support Hub", description: "<p>We help families, including families of children with <b>autism</b>.</p>"})
	f.service(serviceSpec{name: "Autism Outreach Team", summary: "Advice for schools."})
	f.service(serviceSpec{name: "Swimming Club", description: "<p>Fun sessions.</p>"})

	got := f.names("autism")
	want := []string{"Autism Outreach Team", "Family Support Hub"}
	if !slices.Equal(got, want) {
		t.Errorf("search autism: got %q, want %q", got, want)
	}
}

func TestSearchSynonyms(t *testing.T) {
	f := newFixture(t)
	f.synonyms()
	f.service(serviceSpec{name: "Autism Outreach Team"})
	f.service(serviceSpec{name: "ADHD Parent Group"})
	f.service(serviceSpec{name: "Wellbeing Service", summary: "Support for social, emotional and mental health needs."})
	f.service(serviceSpec{name: "Speech and Language Therapy"})
	f.service(serviceSpec{name: "Reading Clinic", description: "<p>Assessment for dyslexia.</p>"})
	f.service(serviceSpec{name: "Swimming Club"})

	tests := []struct {
		search string
		want   string
	}{
		{"autistic", "Autism Outreach Team"},
		{"ASD", "Autism Outreach Team"},
		{"autism spectrum condition", "Autism Outreach Team"},
		{"attention deficit hyperactivity disorder", "ADHD Parent Group"},
		{"adhd", "ADHD Parent Group"},
		{"SEMH", "Wellbeing Service"},
		{"SLCN", "Speech and Language Therapy"},
		{"speech and language", "Speech and Language Therapy"},
		{"dyslexic", "Reading Clinic"},
		{"SpLD", "Reading Clinic"},
	}
	for _, tt := range tests {
		t.Run(tt.search, func(t *testing.T) {
			got := f.names(tt.search)
			if len(got) == 0 || got[0] != tt.want {
				t.Errorf("search %q: got %q, want %q first", tt.search, got, tt.want)
			}
			if slices.Contains(got, "Swimming Club") {
				t.Errorf("search %q: found the unrelated Swimming Club in %q", tt.search, got)
			}
		})
	}
}

func TestSearchAwkwardInput(t *testing.T) {
	f := newFixture(t)
	f.synonyms()
	f.service(serviceSpec{name: "After-School Club", summary: "Play after school for disabled children."})
	f.service(serviceSpec{name: "Down's Syndrome Support Group"})
	f.service(serviceSpec{name: "Autism and ADHD Clinic"})
	f.service(serviceSpec{name: "Autism Outreach Team"})
	f.service(serviceSpec{name: "Supporting Families"})

	tests := []struct {
		search string
		want   []string
	}{
		{"after-school", []string{"After-School Club"}},
		{"after school club", []string{"After-School Club"}},
		{"Down's syndrome", []string{"Down's Syndrome Support Group"}},
		{"down’s", []string{"Down's Syndrome Support Group"}},
		{"autism AND adhd", []string{"Autism and ADHD Clinic"}},
		{"autism OR", []string{"Autism Outreach Team", "Autism and ADHD Clinic"}},
		{"NOT autism", []string{"Autism Outreach Team", "Autism and ADHD Clinic"}},
		{`"autism`, []string{"Autism Outreach Team", "Autism and ADHD Clinic"}},
		{"autism* NEAR(adhd) ^club:", nil},
		{"support", []string{"Down's Syndrome Support Group", "Supporting Families"}},
		{"supported", []string{"Down's Syndrome Support Group", "Supporting Families"}},
	}
	for _, tt := range tests {
		t.Run(tt.search, func(t *testing.T) {
			got := f.names(tt.search)
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("search %q: got %q, want %q", tt.search, got, tt.want)
			}
		})
	}
}

func TestSearchOfStopWordsListsEverything(t *testing.T) {
	f := newFixture(t)
	f.named("Bravo")
	f.named("Alpha")

	for _, search := range []string{"", "  ", "and", "the OR of", "---", "'"} {
		got := f.names(search)
		if want := []string{"Alpha", "Bravo"}; !slices.Equal(got, want) {
			t.Errorf("search %q: got %q, want every service by name %q", search, got, want)
		}
	}
}

func TestSearchTooLong(t *testing.T) {
	f := newFixture(t)
	long := make([]byte, 201)
	for i := range long {
		long[i] = 'a'
	}
	search := string(long)
	_, err := directory.Services(context.Background(), f.client, directory.ServiceSearch{Search: &search})
	assertInputError(t, err, "search")

	many := "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen"
	_, err = directory.Services(context.Background(), f.client, directory.ServiceSearch{Search: &many})
	assertInputError(t, err, "search")
}

func TestSearchIndexFollowsChanges(t *testing.T) {
	f := newFixture(t)
	ctx := f.sys
	s := f.named("Portage Home Visiting")

	f.client.Service.UpdateOne(s).SetName("Early Support Visiting").ExecX(ctx)
	if got := f.names("portage"); len(got) != 0 {
		t.Errorf("old name still found after rename: %q", got)
	}
	if got := f.names("early support"); !slices.Equal(got, []string{"Early Support Visiting"}) {
		t.Errorf("new name not found after rename: %q", got)
	}

	f.client.Organization.UpdateOne(f.org).SetName("Riverside Trust").ExecX(ctx)
	if got := f.names("riverside"); !slices.Equal(got, []string{"Early Support Visiting"}) {
		t.Errorf("service not found by its organisation's new name: %q", got)
	}

	f.client.Service.Update().Where(service.ID(s.ID)).SetSummary("Weekly play sessions at home.").ExecX(ctx)
	if got := f.names("weekly play"); !slices.Equal(got, []string{"Early Support Visiting"}) {
		t.Errorf("summary changed by an update of many not found: %q", got)
	}

	f.client.Service.CreateBulk(
		f.client.Service.Create().SetName("Sensory Garden").SetSlug("sensory-garden").SetOrganization(f.org).SetStatus(service.StatusPublished),
		f.client.Service.Create().SetName("Sensory Room").SetSlug("sensory-room").SetOrganization(f.org).SetStatus(service.StatusPublished),
	).ExecX(ctx)
	if got := f.names("sensory"); !slices.Equal(got, []string{"Sensory Garden", "Sensory Room"}) {
		t.Errorf("services created in bulk: got %q", got)
	}

	page := f.client.InformationPage.Create().SetTitle("Short breaks").SetSlug("short-breaks").
		SetBody("<p>Time off.</p>").SetStatus("PUBLISHED").SaveX(ctx)
	f.client.InformationPage.UpdateOne(page).SetBody("<p>Respite for carers.</p>").ExecX(ctx)
	pages, err := directory.InformationPages(context.Background(), f.client, directory.InformationPageSearch{Search: ptr("respite")})
	if err != nil {
		t.Fatal(err)
	}
	if pages.TotalCount != 1 {
		t.Errorf("information page body change: %d pages match respite, want 1", pages.TotalCount)
	}

	f.client.Service.DeleteOne(s).ExecX(ctx)
	if got := f.names("early support"); len(got) != 0 {
		t.Errorf("deleted service still found: %q", got)
	}
}

func TestSearchIndexRollsBackWithChange(t *testing.T) {
	f := newFixture(t)
	s := f.named("Portage Home Visiting")

	tx, err := f.client.Tx(f.sys)
	if err != nil {
		t.Fatal(err)
	}
	tx.Service.UpdateOne(s).SetName("Early Support Visiting").ExecX(f.sys)
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}

	if got := f.names("portage"); !slices.Equal(got, []string{"Portage Home Visiting"}) {
		t.Errorf("after rollback: search portage got %q", got)
	}
	if got := f.names("early"); len(got) != 0 {
		t.Errorf("after rollback: the rolled-back name is found: %q", got)
	}
}

func TestReindex(t *testing.T) {
	f := newFixture(t)
	f.named("Portage Home Visiting")
	f.client.InformationPage.Create().SetTitle("Short breaks").SetSlug("short-breaks").
		SetBody("<p>Respite for carers.</p>").SetStatus("PUBLISHED").SaveX(f.sys)

	if err := directory.Reindex(context.Background(), f.client); err != nil {
		t.Fatalf("reindex: %v", err)
	}
	if got := f.names("portage"); !slices.Equal(got, []string{"Portage Home Visiting"}) {
		t.Errorf("service after reindex: got %q", got)
	}
	search := "respite"
	pages, err := directory.InformationPages(context.Background(), f.client, directory.InformationPageSearch{Search: &search})
	if err != nil {
		t.Fatal(err)
	}
	if pages.TotalCount != 1 {
		t.Errorf("pages matching respite after reindex: got %d, want 1", pages.TotalCount)
	}
}

func TestSearchHidesUnpublished(t *testing.T) {
	f := newFixture(t)
	f.service(serviceSpec{name: "Autism Outreach Team"})
	f.service(serviceSpec{name: "Autism Draft Service", status: service.StatusDraft})
	f.service(serviceSpec{name: "Autism Archived Service", status: service.StatusArchived})

	conn := f.search(directory.ServiceSearch{Search: ptr("autism")})
	if got := serviceNames(conn); !slices.Equal(got, []string{"Autism Outreach Team"}) {
		t.Errorf("public search: got %q", got)
	}
	if conn.TotalCount != 1 {
		t.Errorf("totalCount: got %d, want 1", conn.TotalCount)
	}
}

func assertInputError(t *testing.T, err error, field string) {
	t.Helper()
	var inputErr *directory.InputError
	if !errors.As(err, &inputErr) {
		t.Fatalf("want an input error on %s, got %v", field, err)
	}
	if inputErr.Field != field {
		t.Errorf("input error on %q (%s), want on %q", inputErr.Field, inputErr.Message, field)
	}
}
