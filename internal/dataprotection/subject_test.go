package dataprotection

import (
	"errors"
	"testing"

	"github.com/localoffer/localoffer/internal/apperr"
)

func TestNewSubjectRejectsBadInput(t *testing.T) {
	text := func(s string) *string { return &s }
	for _, tc := range []struct {
		name  string
		in    SubjectInput
		field string
	}{
		{"neither", SubjectInput{}, "input.email"},
		{"both blank", SubjectInput{Email: text("  "), Phone: text(" ")}, "input.email"},
		{"email without at", SubjectInput{Email: text("parent.example.org")}, "input.email"},
		{"email without domain dot", SubjectInput{Email: text("parent@localhost")}, "input.email"},
		{"email with space", SubjectInput{Email: text("a parent@example.org")}, "input.email"},
		{"phone too short", SubjectInput{Email: text("parent@example.org"), Phone: text("12345")}, "input.phone"},
		{"phone too long", SubjectInput{Phone: text("0123456789012345678")}, "input.phone"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewSubject(tc.in, "input.")
			var input *apperr.InputError
			if !errors.As(err, &input) {
				t.Fatalf("error = %v, want an input error", err)
			}
			if input.Field != tc.field {
				t.Errorf("field = %q, want %q", input.Field, tc.field)
			}
		})
	}
}

func TestNewSubjectNormalises(t *testing.T) {
	email, phone := "  Parent.One@Example.ORG ", "+44 7700 900123"
	s, err := NewSubject(SubjectInput{Email: &email, Phone: &phone}, "")
	if err != nil {
		t.Fatal(err)
	}
	if s.Email != "parent.one@example.org" {
		t.Errorf("email = %q, want parent.one@example.org", s.Email)
	}
	if s.Phone != "07700900123" {
		t.Errorf("phone = %q, want 07700900123", s.Phone)
	}
}

func TestSubjectRedact(t *testing.T) {
	s := Subject{Email: "sam.parent@example.org", Phone: "07700900123"}
	for _, tc := range []struct {
		name, text, want string
		count            int
	}{
		{"email in any case", "Write to Sam.Parent@Example.org please.", "Write to [redacted] please.", 1},
		{"email at a sentence end", "My email is sam.parent@example.org.", "My email is [redacted].", 1},
		{"longer local part", "cc joesam.parent@example.org", "cc joesam.parent@example.org", 0},
		{"longer domain", "sam.parent@example.org.uk", "sam.parent@example.org.uk", 0},
		{"subdomain", "sam.parent@example.organic.test", "sam.parent@example.organic.test", 0},
		{"phone with spaces", "ring 07700 900 123 after 4", "ring [redacted] after 4", 1},
		{"phone with +44", "or +44 7700 900123.", "or [redacted].", 1},
		{"phone with +44 (0)", "or +44 (0)7700-900123", "or [redacted]", 1},
		{"phone in brackets", "on (07700) 900123 today", "on [redacted] today", 1},
		{"phone inside longer digits", "ref 0770090012345", "ref 0770090012345", 0},
		{"phone next to another number", "07700 900123 2 children", "[redacted] 2 children", 1},
		{"both, twice", "sam.parent@example.org or 07700900123, sam.parent@example.org",
			"[redacted] or [redacted], [redacted]", 3},
		{"other number", "07700 900124", "07700 900124", 0},
		{"unicode around", "é sam.parent@example.org é", "é [redacted] é", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, count := s.Redact(tc.text)
			if got != tc.want {
				t.Errorf("Redact(%q) = %q, want %q", tc.text, got, tc.want)
			}
			if count != tc.count {
				t.Errorf("count = %d, want %d", count, tc.count)
			}
		})
	}
}

func TestAcademicYear(t *testing.T) {
	start, end, err := AcademicYear("2025-26")
	if err != nil {
		t.Fatal(err)
	}
	// 1 September is in British Summer Time, an hour ahead of UTC.
	if got := start.Format("2006-01-02T15:04Z07:00"); got != "2025-08-31T23:00Z" {
		t.Errorf("start = %s, want 2025-08-31T23:00Z", got)
	}
	if got := end.Format("2006-01-02T15:04Z07:00"); got != "2026-08-31T23:00Z" {
		t.Errorf("end = %s, want 2026-08-31T23:00Z", got)
	}
	for _, bad := range []string{"2025-27", "2025/26", "25-26", "2099-00x"} {
		if _, _, err := AcademicYear(bad); err == nil {
			t.Errorf("AcademicYear(%q) succeeded, want an error", bad)
		}
	}
	if _, _, err := AcademicYear("2099-00"); err != nil {
		t.Errorf("AcademicYear(2099-00) = %v, want the year across the century", err)
	}
}
