package workflow

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent/changerequest"
	"github.com/localoffer/localoffer/ent/educationdetails"
	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/schedule"
	"github.com/localoffer/localoffer/ent/schema/schematype"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/internal/apperr"
)

// Fixed ids, ascending within each kind of record, so that the order
// fromUnits gives child records (by id) is the order they are listed in.
var (
	testOrgID      = uuid.MustParse("01900000-0000-7000-8000-000000000001")
	testOtherOrgID = uuid.MustParse("01900000-0000-7000-8000-000000000002")
	testLocationA  = uuid.MustParse("01900000-0000-7000-8000-00000000a001")
	testLocationB  = uuid.MustParse("01900000-0000-7000-8000-00000000a002")
	testContactA   = uuid.MustParse("01900000-0000-7000-8000-00000000c001")
	testContactB   = uuid.MustParse("01900000-0000-7000-8000-00000000c002")
	testContactC   = uuid.MustParse("01900000-0000-7000-8000-00000000c003")
	testScheduleA  = uuid.MustParse("01900000-0000-7000-8000-00000000d001")
	testCostA      = uuid.MustParse("01900000-0000-7000-8000-00000000f001")
	testTermA      = uuid.MustParse("01900000-0000-7000-8000-00000000e001")
	testTermB      = uuid.MustParse("01900000-0000-7000-8000-00000000e002")
	testTermC      = uuid.MustParse("01900000-0000-7000-8000-00000000e003")
	testFeatureA   = uuid.MustParse("01900000-0000-7000-8000-00000000b001")
	testFeatureB   = uuid.MustParse("01900000-0000-7000-8000-00000000b002")
	testSectionA   = uuid.MustParse("01900000-0000-7000-8000-00000000b101")
	testSectionB   = uuid.MustParse("01900000-0000-7000-8000-00000000b102")
)

func ptr[T any](v T) *T { return &v }

// sampleService returns a published service's content with one record of
// most kinds and two contacts. Each call returns a fresh copy.
func sampleService() ServiceContent {
	return ServiceContent{
		OrganizationID:  testOrgID,
		Name:            "Family Support Hub",
		Summary:         "Drop-in advice for families.",
		Description:     "<p>Advice on benefits, housing and schools.</p>",
		Website:         "https://hub.example.org",
		Email:           "hub@example.org",
		MinAge:          ptr(0),
		MaxAge:          ptr(18),
		Coverage:        service.CoverageLocal,
		AccessRoutes:    []schematype.AccessRoute{schematype.AccessRouteSelfReferral},
		HowToAccess:     "Drop in, or phone the team.",
		PersonalBudget:  true,
		ShortBreakTier:  ptr(service.ShortBreakTierTargeted),
		Languages:       []string{"English", "Polish"},
		Audiences:       []schematype.Audience{schematype.AudienceParentsAndCarers},
		InclusionBasis:  ptr(service.InclusionBasisCommissioned),
		ContractEndDate: ptr(time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)),
		IsFree:          true,
		TaxonomyTermIDs: []uuid.UUID{testTermA, testTermB},
		Locations: []LocationContent{{
			ID: testLocationA, Name: "The Hub", Address1: "1 High Street", City: "Northshire", Postcode: "NS1 1AA",
			Latitude: ptr(52.1), Longitude: ptr(-1.25), AccessibilityFeatureIDs: []uuid.UUID{testFeatureA},
		}},
		Contacts: []ContactContent{
			{ID: testContactA, Name: "Duty desk", Phone: "01234 000000"},
			{ID: testContactB, Name: "Front desk", Phone: "01234 567890"},
		},
		Schedules:   []ScheduleContent{{ID: testScheduleA, Weekday: ptr(schedule.WeekdayMonday), OpensAt: "09:00", ClosesAt: "17:00"}},
		CostOptions: []CostOptionContent{{ID: testCostA, Option: "Session", Amount: ptr(5.0), Currency: "GBP"}},
	}
}

// samplePage returns a published information page's content.
func samplePage() InformationPageContent {
	return InformationPageContent{
		Title:     "Short breaks",
		Topic:     informationpage.TopicShortBreaks,
		Audiences: []schematype.Audience{schematype.AudienceParentsAndCarers},
		Summary:   "Time off for carers.",
		Body:      "<p>How short breaks work.</p>",
		SectionID: ptr(testSectionA),
	}
}

// editedService returns sampleService with edit applied.
func editedService(edit func(*ServiceContent)) ServiceContent {
	c := sampleService()
	if edit != nil {
		edit(&c)
	}
	return c
}

// renderChanges writes changes as one line each, such as
// "CHANGED summary: old -> new" or "ADDED contacts.name <id>: <none> -> Sam",
// so that a whole list compares and prints readably.
func renderChanges(changes []*FieldChange) []string {
	var lines []string
	for _, c := range changes {
		field := c.Field
		if c.RecordID != nil {
			field += " " + c.RecordID.String()
		}
		lines = append(lines, fmt.Sprintf("%s %s: %s -> %s", c.Change, field, textOrNone(c.Before), textOrNone(c.After)))
	}
	return lines
}

func textOrNone(s *string) string {
	if s == nil {
		return "<none>"
	}
	return *s
}

func diffLines(t *testing.T, before, after any) []string {
	t.Helper()
	changes, err := Diff(before, after)
	if err != nil {
		t.Fatalf("Diff: %v", err)
	}
	return renderChanges(changes)
}

func TestDiffServiceFields(t *testing.T) {
	tests := []struct {
		name string
		edit func(*ServiceContent)
		want []string
	}{
		{"nothing changed", nil, nil},
		{
			"text changed",
			func(c *ServiceContent) { c.Summary = "Weekly parents' group." },
			[]string{"CHANGED summary: Drop-in advice for families. -> Weekly parents' group."},
		},
		{
			"text emptied",
			func(c *ServiceContent) { c.Email = "" },
			[]string{"CHANGED email: hub@example.org -> <none>"},
		},
		{
			"HTML shown as written",
			func(c *ServiceContent) { c.Description = "<p>Advice & support.</p>" },
			[]string{"CHANGED description: <p>Advice on benefits, housing and schools.</p> -> <p>Advice & support.</p>"},
		},
		{
			"optional number cleared",
			func(c *ServiceContent) { c.MinAge = nil },
			[]string{"CHANGED minAge: 0 -> <none>"},
		},
		{
			"optional enum changed",
			func(c *ServiceContent) { c.ShortBreakTier = ptr(service.ShortBreakTierSpecialist) },
			[]string{"CHANGED shortBreakTier: TARGETED -> SPECIALIST"},
		},
		{
			"flag turned off",
			func(c *ServiceContent) { c.IsFree = false },
			[]string{"CHANGED isFree: true -> false"},
		},
		{
			"date changed",
			func(c *ServiceContent) { c.ContractEndDate = ptr(time.Date(2028, 3, 31, 0, 0, 0, 0, time.UTC)) },
			[]string{"CHANGED contractEndDate: 2027-03-31T00:00:00Z -> 2028-03-31T00:00:00Z"},
		},
		{
			"list shown joined",
			func(c *ServiceContent) {
				c.AccessRoutes = []schematype.AccessRoute{schematype.AccessRouteSelfReferral, schematype.AccessRouteGP}
			},
			[]string{"CHANGED accessRoutes: SELF_REFERRAL -> SELF_REFERRAL, GP_REFERRAL"},
		},
		{
			"list emptied",
			func(c *ServiceContent) { c.Languages = nil },
			[]string{"CHANGED languages: English, Polish -> <none>"},
		},
		{
			"organisation changed",
			func(c *ServiceContent) { c.OrganizationID = testOtherOrgID },
			[]string{fmt.Sprintf("CHANGED organizationId: %s -> %s", testOrgID, testOtherOrgID)},
		},
		{
			"several fields, sorted by name",
			func(c *ServiceContent) {
				c.Website = "https://family-hub.example.org"
				c.Name = "Family Hub"
			},
			[]string{
				"CHANGED name: Family Support Hub -> Family Hub",
				"CHANGED website: https://hub.example.org -> https://family-hub.example.org",
			},
		},
		{
			"education details added",
			func(c *ServiceContent) {
				c.EducationDetails = &EducationDetailsContent{URN: "100001", EstablishmentType: educationdetails.EstablishmentTypeAcademy}
			},
			[]string{`CHANGED educationDetails: <none> -> {"activitiesBeyondCurriculum":"","additionalSupport":"","curriculumAdaptation":"","effectivenessEvaluation":"","emotionalSocialDevelopment":"","establishmentType":"ACADEMY","facilitiesAccess":"","otherSupport":"","progressAssessment":"","resourcedProvision":null,"senInformationReportDate":null,"senInformationReportUrl":"","sencoEmail":"","sencoName":"","sencoPhone":"","staffExpertise":"","teachingApproach":"","urn":"100001"}`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := sampleService()
			after := editedService(tt.edit)

			got := diffLines(t, &before, &after)

			if !slices.Equal(got, tt.want) {
				t.Errorf("Diff =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestDiffChildRecordsMatchedByID(t *testing.T) {
	tests := []struct {
		name string
		edit func(*ServiceContent)
		want []string
	}{
		{
			"records reordered",
			func(c *ServiceContent) { c.Contacts[0], c.Contacts[1] = c.Contacts[1], c.Contacts[0] },
			nil,
		},
		{
			"record added lists the fields it sets",
			func(c *ServiceContent) {
				c.Contacts = append(c.Contacts, ContactContent{ID: testContactC, Name: "Sam Patel", Email: "sam@example.org"})
			},
			[]string{
				fmt.Sprintf("ADDED contacts.email %s: <none> -> sam@example.org", testContactC),
				fmt.Sprintf("ADDED contacts.name %s: <none> -> Sam Patel", testContactC),
			},
		},
		{
			"record removed lists the fields it had",
			func(c *ServiceContent) { c.Contacts = c.Contacts[:1] },
			[]string{
				fmt.Sprintf("REMOVED contacts.name %s: Front desk -> <none>", testContactB),
				fmt.Sprintf("REMOVED contacts.phone %s: 01234 567890 -> <none>", testContactB),
			},
		},
		{
			"record changed lists only the changed fields",
			func(c *ServiceContent) { c.Contacts[0].Phone = "01234 111111" },
			[]string{fmt.Sprintf("CHANGED contacts.phone %s: 01234 000000 -> 01234 111111", testContactA)},
		},
		{
			"same content under a new id is a removal and an addition",
			func(c *ServiceContent) { c.Contacts[1].ID = testContactC },
			[]string{
				fmt.Sprintf("REMOVED contacts.name %s: Front desk -> <none>", testContactB),
				fmt.Sprintf("REMOVED contacts.phone %s: 01234 567890 -> <none>", testContactB),
				fmt.Sprintf("ADDED contacts.name %s: <none> -> Front desk", testContactC),
				fmt.Sprintf("ADDED contacts.phone %s: <none> -> 01234 567890", testContactC),
			},
		},
		{
			"location fields, flags and feature lists",
			func(c *ServiceContent) {
				l := &c.Locations[0]
				l.Postcode = "NS1 2BB"
				l.MaskAddress = true
				l.Latitude = ptr(52.2)
				l.AccessibilityFeatureIDs = []uuid.UUID{testFeatureA, testFeatureB}
			},
			[]string{
				fmt.Sprintf("CHANGED locations.accessibilityFeatureIds %s: %s -> %s, %s", testLocationA, testFeatureA, testFeatureA, testFeatureB),
				fmt.Sprintf("CHANGED locations.latitude %s: 52.1 -> 52.2", testLocationA),
				fmt.Sprintf("CHANGED locations.maskAddress %s: false -> true", testLocationA),
				fmt.Sprintf("CHANGED locations.postcode %s: NS1 1AA -> NS1 2BB", testLocationA),
			},
		},
		{
			"schedule and cost option changed",
			func(c *ServiceContent) {
				c.Schedules[0].ClosesAt = "16:30"
				c.CostOptions[0].Amount = ptr(7.5)
			},
			[]string{
				fmt.Sprintf("CHANGED costOptions.amount %s: 5 -> 7.5", testCostA),
				fmt.Sprintf("CHANGED schedules.closesAt %s: 17:00 -> 16:30", testScheduleA),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := sampleService()
			after := editedService(tt.edit)

			got := diffLines(t, &before, &after)

			if !slices.Equal(got, tt.want) {
				t.Errorf("Diff =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestDiffTaxonomyTermsAsSet(t *testing.T) {
	tests := []struct {
		name   string
		before []uuid.UUID
		after  []uuid.UUID
		want   []string
	}{
		{"order is irrelevant", []uuid.UUID{testTermA, testTermB}, []uuid.UUID{testTermB, testTermA}, nil},
		{
			"one entry per term added or removed",
			[]uuid.UUID{testTermA, testTermB},
			[]uuid.UUID{testTermC, testTermB},
			[]string{
				fmt.Sprintf("REMOVED taxonomyTerms %s: <none> -> <none>", testTermA),
				fmt.Sprintf("ADDED taxonomyTerms %s: <none> -> <none>", testTermC),
			},
		},
		{
			"every term removed",
			[]uuid.UUID{testTermA, testTermB},
			nil,
			[]string{
				fmt.Sprintf("REMOVED taxonomyTerms %s: <none> -> <none>", testTermA),
				fmt.Sprintf("REMOVED taxonomyTerms %s: <none> -> <none>", testTermB),
			},
		},
		{"empty set equals none", nil, []uuid.UUID{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := editedService(func(c *ServiceContent) { c.TaxonomyTermIDs = tt.before })
			after := editedService(func(c *ServiceContent) { c.TaxonomyTermIDs = tt.after })

			got := diffLines(t, &before, &after)

			if !slices.Equal(got, tt.want) {
				t.Errorf("Diff =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// An empty list and no list are the same content, at the top level and
// inside child records. Content read from the database has empty lists
// where input that leaves a list out has none.
func TestUnitsEmptyListEqualsNull(t *testing.T) {
	tests := []struct {
		name          string
		withNull      func(*ServiceContent)
		withEmptyList func(*ServiceContent)
	}{
		{
			"top-level list",
			func(c *ServiceContent) { c.AdulthoodThemes = nil },
			func(c *ServiceContent) { c.AdulthoodThemes = []schematype.AdulthoodTheme{} },
		},
		{
			"taxonomy terms",
			func(c *ServiceContent) { c.TaxonomyTermIDs = nil },
			func(c *ServiceContent) { c.TaxonomyTermIDs = []uuid.UUID{} },
		},
		{
			"child records",
			func(c *ServiceContent) { c.CostOptions = nil },
			func(c *ServiceContent) { c.CostOptions = []CostOptionContent{} },
		},
		{
			"list in a child record",
			func(c *ServiceContent) { c.Locations[0].AccessibilityFeatureIDs = nil },
			func(c *ServiceContent) { c.Locations[0].AccessibilityFeatureIDs = []uuid.UUID{} },
		},
		{
			"list in education details",
			func(c *ServiceContent) {
				c.EducationDetails = &EducationDetailsContent{URN: "100001", EstablishmentType: educationdetails.EstablishmentTypeAcademy}
			},
			func(c *ServiceContent) {
				c.EducationDetails = &EducationDetailsContent{URN: "100001", EstablishmentType: educationdetails.EstablishmentTypeAcademy,
					ResourcedProvision: []schematype.ResourcedProvision{}}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			withNull := editedService(tt.withNull)
			withEmptyList := editedService(tt.withEmptyList)

			a, err := units(&withNull)
			if err != nil {
				t.Fatal(err)
			}
			b, err := units(&withEmptyList)
			if err != nil {
				t.Fatal(err)
			}

			if keys := changedUnits(a, b); keys != nil {
				t.Errorf("units differ in %v:\nnull:  %v\nempty: %v", keys, selectUnits(a, keys), selectUnits(b, keys))
			}
			if got := diffLines(t, &withNull, &withEmptyList); got != nil {
				t.Errorf("Diff = %q, want no changes", got)
			}
		})
	}
}

func selectUnits(u map[string]string, keys []string) map[string]string {
	out := map[string]string{}
	for _, k := range keys {
		out[k] = u[k]
	}
	return out
}

// A proposal for new content is compared with nothing. It lists the fields
// it sets, and no entry for a field left empty.
func TestDiffNewContentListsSetFields(t *testing.T) {
	page := InformationPageContent{Title: "Travel to school", Topic: informationpage.TopicTravel, Body: "<p>Who can get free transport.</p>"}

	got := diffLines(t, nil, &page)

	want := []string{
		"CHANGED body: <none> -> <p>Who can get free transport.</p>",
		"CHANGED title: <none> -> Travel to school",
		"CHANGED topic: <none> -> TRAVEL",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Diff(nil, page) =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestDiffInformationPage(t *testing.T) {
	before := samplePage()
	after := samplePage()
	after.Body = "<p>How short breaks work, and who decides.</p>"
	after.SectionID = ptr(testSectionB)
	after.Audiences = append(after.Audiences, schematype.AudienceProfessionals)

	got := diffLines(t, &before, &after)

	want := []string{
		"CHANGED audiences: PARENTS_AND_CARERS -> PARENTS_AND_CARERS, PROFESSIONALS",
		"CHANGED body: <p>How short breaks work.</p> -> <p>How short breaks work, and who decides.</p>",
		fmt.Sprintf("CHANGED sectionId: %s -> %s", testSectionA, testSectionB),
	}
	if !slices.Equal(got, want) {
		t.Errorf("Diff =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestUnitsRoundTrip(t *testing.T) {
	full := sampleService()
	full.Locations = append(full.Locations, LocationContent{ID: testLocationB, Name: "Outreach", MaskAddress: true})
	full.Schedules[0].ValidFrom = ptr(time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC))
	full.Schedules[0].ValidTo = ptr(time.Date(2026, 7, 22, 0, 0, 0, 0, time.UTC))
	full.EducationDetails = &EducationDetailsContent{
		URN:                      "100001",
		EstablishmentType:        educationdetails.EstablishmentTypeSpecialSchool,
		ResourcedProvision:       []schematype.ResourcedProvision{{Kind: "SEN unit", DesignatedNeed: "Autism", Places: 12}},
		SencoName:                "Alex Jones",
		SenInformationReportURL:  "https://school.example.org/sen",
		SenInformationReportDate: ptr(time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC)),
		TeachingApproach:         "Small classes.",
	}
	page := samplePage()

	t.Run("service", func(t *testing.T) {
		u, err := units(&full)
		if err != nil {
			t.Fatal(err)
		}
		var got ServiceContent
		if err := fromUnits(u, &got); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, full) {
			t.Errorf("round trip =\n%+v\nwant\n%+v", got, full)
		}
	})
	t.Run("information page", func(t *testing.T) {
		u, err := units(&page)
		if err != nil {
			t.Fatal(err)
		}
		var got InformationPageContent
		if err := fromUnits(u, &got); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, page) {
			t.Errorf("round trip =\n%+v\nwant\n%+v", got, page)
		}
	})
	t.Run("child records come back in id order", func(t *testing.T) {
		shuffled := sampleService()
		shuffled.Contacts[0], shuffled.Contacts[1] = shuffled.Contacts[1], shuffled.Contacts[0]
		shuffled.TaxonomyTermIDs = []uuid.UUID{testTermB, testTermA}
		u, err := units(&shuffled)
		if err != nil {
			t.Fatal(err)
		}
		var got ServiceContent
		if err := fromUnits(u, &got); err != nil {
			t.Fatal(err)
		}
		if want := sampleService(); !reflect.DeepEqual(got, want) {
			t.Errorf("round trip =\n%+v\nwant\n%+v", got, want)
		}
	})
	t.Run("no content", func(t *testing.T) {
		u, err := units(nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(u) != 0 {
			t.Errorf("units(nil) = %v, want none", u)
		}
	})
}

func TestUnitKeys(t *testing.T) {
	c := sampleService()

	u, err := units(&c)
	if err != nil {
		t.Fatal(err)
	}

	var members []string
	for k := range u {
		if strings.Contains(k, "/") {
			members = append(members, k)
		}
	}
	slices.Sort(members)
	want := []string{
		"contacts/" + testContactA.String(),
		"contacts/" + testContactB.String(),
		"costOptions/" + testCostA.String(),
		"locations/" + testLocationA.String(),
		"schedules/" + testScheduleA.String(),
		"taxonomyTermIds/" + testTermA.String(),
		"taxonomyTermIds/" + testTermB.String(),
	}
	if !slices.Equal(members, want) {
		t.Errorf("member units = %q, want %q", members, want)
	}
	if u["summary"] != `"Drop-in advice for families."` {
		t.Errorf(`units["summary"] = %s, want the summary as JSON`, u["summary"])
	}
}

func TestMergeUnits(t *testing.T) {
	tests := []struct {
		name                    string
		base, current, proposed map[string]string
		want                    map[string]string
		conflicts               []string
	}{
		{
			name:     "proposed removal kept beside a current addition",
			base:     map[string]string{"a": "1", "b": "2"},
			current:  map[string]string{"a": "1", "b": "2", "c": "3"},
			proposed: map[string]string{"a": "1"},
			want:     map[string]string{"a": "1", "c": "3"},
		},
		{
			name:     "both removed the same unit",
			base:     map[string]string{"a": "1", "b": "2"},
			current:  map[string]string{"a": "1"},
			proposed: map[string]string{"a": "1"},
			want:     map[string]string{"a": "1"},
		},
		{
			name:      "current changed what proposed removed",
			base:      map[string]string{"a": "1", "b": "2"},
			current:   map[string]string{"a": "1", "b": "3"},
			proposed:  map[string]string{"a": "1"},
			want:      map[string]string{"a": "1"},
			conflicts: []string{"b"},
		},
		{
			name:     "nothing proposed keeps current",
			base:     map[string]string{"a": "1"},
			current:  map[string]string{"a": "2"},
			proposed: map[string]string{"a": "1"},
			want:     map[string]string{"a": "2"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, conflicts := mergeUnits(tt.base, tt.current, tt.proposed)

			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("merged = %v, want %v", got, tt.want)
			}
			if !slices.Equal(conflicts, tt.conflicts) {
				t.Errorf("conflicts = %q, want %q", conflicts, tt.conflicts)
			}
		})
	}
}

func TestMergeSnapshotsService(t *testing.T) {
	contactC := ContactContent{ID: testContactC, Name: "Sam Patel", Email: "sam@example.org"}
	tests := []struct {
		name      string
		current   func(*ServiceContent) // published since the draft's base
		proposed  func(*ServiceContent) // the draft's changes to its base
		want      func(*ServiceContent) // the merge, as changes to the base
		conflicts []string
	}{
		{
			name:     "different fields merge",
			current:  func(c *ServiceContent) { c.Name = "Family Hub" },
			proposed: func(c *ServiceContent) { c.Summary = "Weekly parents' group." },
			want: func(c *ServiceContent) {
				c.Name = "Family Hub"
				c.Summary = "Weekly parents' group."
			},
		},
		{
			name:     "same value in one field is no conflict",
			current:  func(c *ServiceContent) { c.Summary = "Weekly parents' group." },
			proposed: func(c *ServiceContent) { c.Summary = "Weekly parents' group." },
			want:     func(c *ServiceContent) { c.Summary = "Weekly parents' group." },
		},
		{
			name:      "same field conflicts and the rebase keeps the proposed value",
			current:   func(c *ServiceContent) { c.Summary = "Closed on Fridays." },
			proposed:  func(c *ServiceContent) { c.Summary = "Weekly parents' group." },
			want:      func(c *ServiceContent) { c.Summary = "Weekly parents' group." },
			conflicts: []string{"summary"},
		},
		{
			name:     "different child records merge",
			current:  func(c *ServiceContent) { c.Contacts[0].Phone = "01234 111111" },
			proposed: func(c *ServiceContent) { c.Contacts[1].Name = "Reception" },
			want: func(c *ServiceContent) {
				c.Contacts[0].Phone = "01234 111111"
				c.Contacts[1].Name = "Reception"
			},
		},
		{
			name:     "record added and another removed merge",
			current:  func(c *ServiceContent) { c.Contacts = append(c.Contacts, contactC) },
			proposed: func(c *ServiceContent) { c.Contacts = c.Contacts[:1] },
			want:     func(c *ServiceContent) { c.Contacts = []ContactContent{c.Contacts[0], contactC} },
		},
		{
			name:      "same child record conflicts and the rebase keeps the proposed record",
			current:   func(c *ServiceContent) { c.Contacts[0].Phone = "01234 111111" },
			proposed:  func(c *ServiceContent) { c.Contacts[0].Name = "Duty team" },
			want:      func(c *ServiceContent) { c.Contacts[0].Name = "Duty team" },
			conflicts: []string{"contacts/" + testContactA.String()},
		},
		{
			name:      "record removed and changed conflicts",
			current:   func(c *ServiceContent) { c.Contacts = c.Contacts[1:] },
			proposed:  func(c *ServiceContent) { c.Contacts[0].Name = "Duty team" },
			want:      func(c *ServiceContent) { c.Contacts[0].Name = "Duty team" },
			conflicts: []string{"contacts/" + testContactA.String()},
		},
		{
			name:     "taxonomy terms merge as a set",
			current:  func(c *ServiceContent) { c.TaxonomyTermIDs = []uuid.UUID{testTermA, testTermB, testTermC} },
			proposed: func(c *ServiceContent) { c.TaxonomyTermIDs = []uuid.UUID{testTermB} },
			want:     func(c *ServiceContent) { c.TaxonomyTermIDs = []uuid.UUID{testTermB, testTermC} },
		},
		{
			name:     "same term added on both sides is no conflict",
			current:  func(c *ServiceContent) { c.TaxonomyTermIDs = append(c.TaxonomyTermIDs, testTermC) },
			proposed: func(c *ServiceContent) { c.TaxonomyTermIDs = []uuid.UUID{testTermC, testTermB, testTermA} },
			want:     func(c *ServiceContent) { c.TaxonomyTermIDs = []uuid.UUID{testTermA, testTermB, testTermC} },
		},
		{
			name: "conflicts listed in key order beside merged changes",
			current: func(c *ServiceContent) {
				c.Summary = "Closed on Fridays."
				c.Contacts[0].Phone = "01234 111111"
				c.Website = "https://family-hub.example.org"
			},
			proposed: func(c *ServiceContent) {
				c.Summary = "Weekly parents' group."
				c.Contacts[0].Phone = "01234 222222"
				c.MaxAge = ptr(19)
			},
			want: func(c *ServiceContent) {
				c.Summary = "Weekly parents' group."
				c.Contacts[0].Phone = "01234 222222"
				c.Website = "https://family-hub.example.org"
				c.MaxAge = ptr(19)
			},
			conflicts: []string{"contacts/" + testContactA.String(), "summary"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base, current, proposed := sampleService(), editedService(tt.current), editedService(tt.proposed)

			merged, conflicts, err := mergeSnapshots(changerequest.ContentTypeService,
				Snapshot{Service: &base}, Snapshot{Service: &current}, Snapshot{Service: &proposed})
			if err != nil {
				t.Fatal(err)
			}

			if merged.Service == nil || merged.InformationPage != nil {
				t.Fatalf("merged = %+v, want service content only", merged)
			}
			if want := editedService(tt.want); !reflect.DeepEqual(*merged.Service, want) {
				t.Errorf("merged differs from the expected content:\n%s", strings.Join(diffLines(t, &want, merged.Service), "\n"))
			}
			if !slices.Equal(conflicts, tt.conflicts) {
				t.Errorf("conflicts = %q, want %q", conflicts, tt.conflicts)
			}
		})
	}
}

// A draft that sends a location back unchanged, without its accessibility
// features, has not changed that location. So the location as published
// since survives the merge, without a conflict.
func TestMergeSnapshotsUnchangedRecordWithoutList(t *testing.T) {
	base := editedService(func(c *ServiceContent) { c.Locations[0].AccessibilityFeatureIDs = []uuid.UUID{} })
	current := editedService(func(c *ServiceContent) {
		c.Locations[0].AccessibilityFeatureIDs = []uuid.UUID{}
		c.Locations[0].Postcode = "NS1 2BB"
	})
	proposed := editedService(func(c *ServiceContent) {
		c.Locations[0].AccessibilityFeatureIDs = nil
		c.Summary = "Weekly parents' group."
	})

	merged, conflicts, err := mergeSnapshots(changerequest.ContentTypeService,
		Snapshot{Service: &base}, Snapshot{Service: &current}, Snapshot{Service: &proposed})
	if err != nil {
		t.Fatal(err)
	}

	if conflicts != nil {
		t.Errorf("conflicts = %q, want none", conflicts)
	}
	if got := merged.Service.Locations[0].Postcode; got != "NS1 2BB" {
		t.Errorf("merged postcode = %q, want the published NS1 2BB", got)
	}
	if got := merged.Service.Summary; got != "Weekly parents' group." {
		t.Errorf("merged summary = %q, want the proposed one", got)
	}
}

func TestMergeSnapshotsInformationPage(t *testing.T) {
	tests := []struct {
		name      string
		current   func(*InformationPageContent)
		proposed  func(*InformationPageContent)
		want      func(*InformationPageContent)
		conflicts []string
	}{
		{
			name:     "different fields merge",
			current:  func(p *InformationPageContent) { p.Title = "Short breaks for carers" },
			proposed: func(p *InformationPageContent) { p.Body = "<p>How to ask for a short break.</p>" },
			want: func(p *InformationPageContent) {
				p.Title = "Short breaks for carers"
				p.Body = "<p>How to ask for a short break.</p>"
			},
		},
		{
			name:     "section cleared beside a new summary",
			current:  func(p *InformationPageContent) { p.SectionID = nil },
			proposed: func(p *InformationPageContent) { p.Summary = "Breaks for carers of disabled children." },
			want: func(p *InformationPageContent) {
				p.SectionID = nil
				p.Summary = "Breaks for carers of disabled children."
			},
		},
		{
			name:      "same field conflicts and the rebase keeps the proposed value",
			current:   func(p *InformationPageContent) { p.Body = "<p>Updated by the LO team.</p>" },
			proposed:  func(p *InformationPageContent) { p.Body = "<p>Updated by the lead.</p>" },
			want:      func(p *InformationPageContent) { p.Body = "<p>Updated by the lead.</p>" },
			conflicts: []string{"body"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base, current, proposed, want := samplePage(), samplePage(), samplePage(), samplePage()
			tt.current(&current)
			tt.proposed(&proposed)
			tt.want(&want)

			merged, conflicts, err := mergeSnapshots(changerequest.ContentTypeInformationPage,
				Snapshot{InformationPage: &base}, Snapshot{InformationPage: &current}, Snapshot{InformationPage: &proposed})
			if err != nil {
				t.Fatal(err)
			}

			if merged.InformationPage == nil || merged.Service != nil {
				t.Fatalf("merged = %+v, want information page content only", merged)
			}
			if !reflect.DeepEqual(*merged.InformationPage, want) {
				t.Errorf("merged = %+v, want %+v", *merged.InformationPage, want)
			}
			if !slices.Equal(conflicts, tt.conflicts) {
				t.Errorf("conflicts = %q, want %q", conflicts, tt.conflicts)
			}
		})
	}
}

func TestDescribeUnits(t *testing.T) {
	tests := []struct {
		keys []string
		want string
	}{
		{nil, ""},
		{[]string{"summary"}, "summary"},
		{
			[]string{"contacts/" + testContactA.String(), "summary", "taxonomyTermIds/" + testTermA.String()},
			fmt.Sprintf("contacts (id %s), summary, taxonomyTermIds (id %s)", testContactA, testTermA),
		},
	}
	for _, tt := range tests {
		if got := describeUnits(tt.keys); got != tt.want {
			t.Errorf("describeUnits(%q) = %q, want %q", tt.keys, got, tt.want)
		}
	}
}

func TestChangedFieldNames(t *testing.T) {
	before := sampleService()
	after := editedService(func(c *ServiceContent) {
		c.Summary = "Weekly parents' group."
		c.Contacts[0].Phone = "01234 111111"
		c.Contacts = append(c.Contacts, ContactContent{ID: testContactC, Name: "Sam Patel", Email: "sam@example.org"})
		c.TaxonomyTermIDs = []uuid.UUID{testTermA, testTermC}
		c.Locations[0].Postcode = "NS1 2BB"
	})
	changes, err := Diff(&before, &after)
	if err != nil {
		t.Fatal(err)
	}

	got := changedFieldNames(changes)

	want := []string{"contacts", "locations", "summary", "taxonomyTerms"}
	if !slices.Equal(got, want) {
		t.Errorf("changedFieldNames = %q, want %q", got, want)
	}
	if got := changedFieldNames(nil); got != nil {
		t.Errorf("changedFieldNames(nil) = %q, want nil", got)
	}
}

func TestServiceChangesApplyTo(t *testing.T) {
	newContact := ContactContent{Name: "Sam Patel"}
	tests := []struct {
		name    string
		changes *ServiceChanges
		want    func(*ServiceContent)
	}{
		{"nil changes keep everything", nil, nil},
		{"no fields keep everything", &ServiceChanges{}, nil},
		{
			"values replace",
			&ServiceChanges{
				OrganizationID: ptr(testOtherOrgID), Name: ptr("Family Hub"), Summary: ptr(""),
				MinAge: ptr(5), Coverage: ptr(service.CoverageOutOfArea), PersonalBudget: ptr(false),
				ShortBreakTier: ptr(service.ShortBreakTierUniversal),
			},
			func(c *ServiceContent) {
				c.OrganizationID = testOtherOrgID
				c.Name = "Family Hub"
				c.Summary = ""
				c.MinAge = ptr(5)
				c.Coverage = service.CoverageOutOfArea
				c.PersonalBudget = false
				c.ShortBreakTier = ptr(service.ShortBreakTierUniversal)
			},
		},
		{
			"clear flags empty optional values",
			&ServiceChanges{
				ClearMinAge: true, ClearMaxAge: true, ClearShortBreakTier: true, ClearInclusionBasis: true,
				ClearContractEndDate: true, ClearEducationDetails: true,
			},
			func(c *ServiceContent) {
				c.MinAge, c.MaxAge, c.ShortBreakTier, c.InclusionBasis, c.ContractEndDate = nil, nil, nil, nil, nil
				c.EducationDetails = nil
			},
		},
		{
			"lists replace the whole list",
			&ServiceChanges{
				Languages:       []string{"Welsh"},
				TaxonomyTermIDs: []uuid.UUID{testTermC},
				Contacts:        []ContactChanges{{Name: &newContact.Name, Phone: &newContact.Phone}},
			},
			func(c *ServiceContent) {
				c.Languages = []string{"Welsh"}
				c.TaxonomyTermIDs = []uuid.UUID{testTermC}
				c.Contacts = []ContactContent{{Name: newContact.Name, Phone: newContact.Phone}}
			},
		},
		{
			"a child record named by id keeps the fields left out",
			&ServiceChanges{
				CostOptions: []CostOptionChanges{{ID: &sampleService().CostOptions[0].ID, Amount: ptr(15.0)}},
			},
			func(c *ServiceContent) {
				c.CostOptions = c.CostOptions[:1]
				c.CostOptions[0].Amount = ptr(15.0)
			},
		},
		{
			"empty lists empty them",
			&ServiceChanges{
				AccessRoutes: []schematype.AccessRoute{}, Locations: []LocationChanges{}, CostOptions: []CostOptionChanges{},
			},
			func(c *ServiceContent) {
				c.AccessRoutes = []schematype.AccessRoute{}
				c.Locations = []LocationContent{}
				c.CostOptions = []CostOptionContent{}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			original := sampleService()

			got := tt.changes.applyTo(original, nil)

			if want := editedService(tt.want); !reflect.DeepEqual(got, want) {
				t.Errorf("applyTo differs from the expected content:\n%s", strings.Join(diffLines(t, &want, &got), "\n"))
			}
			if !reflect.DeepEqual(original, sampleService()) {
				t.Errorf("applyTo modified its argument: %+v", original)
			}
		})
	}
}

func TestInformationPageChangesApplyTo(t *testing.T) {
	tests := []struct {
		name    string
		changes *InformationPageChanges
		want    func(*InformationPageContent)
	}{
		{"nil changes keep everything", nil, func(*InformationPageContent) {}},
		{"no fields keep everything", &InformationPageChanges{}, func(*InformationPageContent) {}},
		{
			"values replace",
			&InformationPageChanges{
				Title: ptr("Short breaks for carers"), Topic: ptr(informationpage.TopicSocialCare),
				Body: ptr("<p>New text.</p>"), SectionID: ptr(testSectionB),
			},
			func(p *InformationPageContent) {
				p.Title = "Short breaks for carers"
				p.Topic = informationpage.TopicSocialCare
				p.Body = "<p>New text.</p>"
				p.SectionID = ptr(testSectionB)
			},
		},
		{
			"clear flag and empty list",
			&InformationPageChanges{ClearSection: true, Audiences: []schematype.Audience{}},
			func(p *InformationPageContent) {
				p.SectionID = nil
				p.Audiences = []schematype.Audience{}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			original := samplePage()

			got := tt.changes.applyTo(original)

			want := samplePage()
			tt.want(&want)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("applyTo = %+v, want %+v", got, want)
			}
			if !reflect.DeepEqual(original, samplePage()) {
				t.Errorf("applyTo modified its argument: %+v", original)
			}
		})
	}
}

func TestServiceContentNormalizeErrors(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*ServiceContent)
		field string
	}{
		{"name empty", func(c *ServiceContent) { c.Name = "  " }, "input.service.name"},
		{"name too long", func(c *ServiceContent) { c.Name = strings.Repeat("é", 301) }, "input.service.name"},
		{"summary too long", func(c *ServiceContent) { c.Summary = strings.Repeat("a", 20_001) }, "input.service.summary"},
		{"how to complain too long", func(c *ServiceContent) { c.HowToComplain = strings.Repeat("a", 20_001) }, "input.service.howToComplain"},
		{"website with another scheme", func(c *ServiceContent) { c.Website = "ftp://hub.example.org" }, "input.service.website"},
		{"website without a dot", func(c *ServiceContent) { c.Website = "hub" }, "input.service.website"},
		{"email invalid", func(c *ServiceContent) { c.Email = "hub at example.org" }, "input.service.email"},
		{"email with a display name", func(c *ServiceContent) { c.Email = "Hub <hub@example.org>" }, "input.service.email"},
		{"minAge negative", func(c *ServiceContent) { c.MinAge = ptr(-1) }, "input.service.minAge"},
		{"maxAge over 25", func(c *ServiceContent) { c.MaxAge = ptr(26) }, "input.service.maxAge"},
		{"maxAge below minAge", func(c *ServiceContent) { c.MinAge, c.MaxAge = ptr(12), ptr(11) }, "input.service.maxAge"},
		{"latitude without longitude", func(c *ServiceContent) { c.Locations[0].Longitude = nil }, "input.service.locations[0].latitude"},
		{"latitude out of range", func(c *ServiceContent) { c.Locations[0].Latitude = ptr(90.5) }, "input.service.locations[0].latitude"},
		{"longitude out of range", func(c *ServiceContent) { c.Locations[0].Longitude = ptr(-181.0) }, "input.service.locations[0].longitude"},
		{"second contact's email invalid", func(c *ServiceContent) { c.Contacts[1].Email = "front desk" }, "input.service.contacts[1].email"},
		{"opening time not a time", func(c *ServiceContent) { c.Schedules[0].OpensAt = "9am" }, "input.service.schedules[0].opensAt"},
		{"closing time past midnight", func(c *ServiceContent) { c.Schedules[0].ClosesAt = "24:30" }, "input.service.schedules[0].closesAt"},
		{
			"schedule ends before it starts",
			func(c *ServiceContent) {
				c.Schedules[0].ValidFrom = ptr(time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC))
				c.Schedules[0].ValidTo = ptr(time.Date(2026, 1, 9, 0, 0, 0, 0, time.UTC))
			},
			"input.service.schedules[0].validTo",
		},
		{"negative price", func(c *ServiceContent) { c.CostOptions[0].Amount = ptr(-0.5) }, "input.service.costOptions[0].amount"},
		{
			"SEN Information Report address invalid",
			func(c *ServiceContent) {
				c.EducationDetails = &EducationDetailsContent{SenInformationReportURL: "javascript:alert(1)"}
			},
			"input.service.educationDetails.senInformationReportUrl",
		},
		{
			"SENCO email invalid",
			func(c *ServiceContent) { c.EducationDetails = &EducationDetailsContent{SencoEmail: "senco"} },
			"input.service.educationDetails.sencoEmail",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := editedService(tt.edit)

			err := c.normalize("input.service")

			var inputErr *apperr.InputError
			if !errors.As(err, &inputErr) {
				t.Fatalf("normalize = %v, want an input error on %s", err, tt.field)
			}
			if inputErr.Field != tt.field {
				t.Errorf("field = %q (%s), want %q", inputErr.Field, inputErr.Message, tt.field)
			}
			if inputErr.Message == "" {
				t.Error("message is empty, want what is wrong and how to fix it")
			}
		})
	}
}

func TestServiceContentNormalize(t *testing.T) {
	c := sampleService()
	c.Name = "  Family Support Hub \n"
	c.Summary = " Drop-in advice for families. "
	c.Description = `<p onclick="steal()">Advice</p><script>alert(1)</script>`
	c.Website = "hub.example.org"
	c.Email = " hub@example.org "
	c.Languages = []string{" English", "Polish "}
	c.TaxonomyTermIDs = []uuid.UUID{testTermB, testTermA, testTermB}
	c.Locations[0].Postcode = " ns1 1aa "
	c.Locations[0].AccessibilityFeatureIDs = []uuid.UUID{testFeatureB, testFeatureA, testFeatureB}
	c.Contacts = append(c.Contacts, ContactContent{Name: " Sam Patel ", Email: "sam@example.org "})
	c.Schedules[0].ClosesAt = "24:00"
	c.CostOptions = append(c.CostOptions, CostOptionContent{Option: "Trip", Currency: " eur "}, CostOptionContent{Option: "Club"})

	if err := c.normalize("input.service"); err != nil {
		t.Fatalf("normalize: %v", err)
	}

	checks := []struct {
		field     string
		got, want any
	}{
		{"name", c.Name, "Family Support Hub"},
		{"summary", c.Summary, "Drop-in advice for families."},
		{"description", c.Description, "<p>Advice</p>"},
		{"website", c.Website, "https://hub.example.org"},
		{"email", c.Email, "hub@example.org"},
		{"languages", c.Languages, []string{"English", "Polish"}},
		{"taxonomy terms", c.TaxonomyTermIDs, []uuid.UUID{testTermA, testTermB}},
		{"postcode", c.Locations[0].Postcode, "NS1 1AA"},
		{"accessibility features", c.Locations[0].AccessibilityFeatureIDs, []uuid.UUID{testFeatureA, testFeatureB}},
		{"existing contact's id", c.Contacts[0].ID, testContactA},
		{"new contact's name", c.Contacts[2].Name, "Sam Patel"},
		{"new contact's email", c.Contacts[2].Email, "sam@example.org"},
		{"closing time", c.Schedules[0].ClosesAt, "24:00"},
		{"currency given", c.CostOptions[1].Currency, "EUR"},
		{"currency left out", c.CostOptions[2].Currency, "GBP"},
	}
	for _, check := range checks {
		if !reflect.DeepEqual(check.got, check.want) {
			t.Errorf("%s = %v, want %v", check.field, check.got, check.want)
		}
	}
	for _, id := range []uuid.UUID{c.Contacts[2].ID, c.CostOptions[1].ID, c.CostOptions[2].ID} {
		if id.Version() != 7 {
			t.Errorf("new child record's id = %s, want a UUID v7", id)
		}
	}
	if c.CostOptions[1].ID == c.CostOptions[2].ID {
		t.Errorf("two new cost options share id %s", c.CostOptions[1].ID)
	}
}

func TestInformationPageContentNormalize(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*InformationPageContent)
		field string
	}{
		{"title empty", func(p *InformationPageContent) { p.Title = " " }, "input.informationPage.title"},
		{"title too long", func(p *InformationPageContent) { p.Title = strings.Repeat("a", 301) }, "input.informationPage.title"},
		{"body empty", func(p *InformationPageContent) { p.Body = "\n" }, "input.informationPage.body"},
		{"body only a script", func(p *InformationPageContent) { p.Body = "<script>alert(1)</script>" }, "input.informationPage.body"},
		{"summary too long", func(p *InformationPageContent) { p.Summary = strings.Repeat("a", 100_001) }, "input.informationPage.summary"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := samplePage()
			tt.edit(&p)

			err := p.normalize("input.informationPage")

			var inputErr *apperr.InputError
			if !errors.As(err, &inputErr) {
				t.Fatalf("normalize = %v, want an input error on %s", err, tt.field)
			}
			if inputErr.Field != tt.field {
				t.Errorf("field = %q (%s), want %q", inputErr.Field, inputErr.Message, tt.field)
			}
		})
	}

	t.Run("stored form", func(t *testing.T) {
		p := samplePage()
		p.Title = "  Short breaks "
		p.Summary = " Time off for carers. "
		p.Body = ` <p>How short breaks work.</p><iframe src="https://evil.example.org"></iframe> `

		if err := p.normalize("input.informationPage"); err != nil {
			t.Fatalf("normalize: %v", err)
		}

		if want := samplePage(); !reflect.DeepEqual(p, want) {
			t.Errorf("normalized = %+v, want %+v", p, want)
		}
	})
}
