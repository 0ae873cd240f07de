package dataprotection

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/authz"
)

// Export is everything the product holds about a data subject, as a JSON
// document for the LO admin to review and send to them.
type Export struct {
	// Filename is a name to save the document under. It carries the time
	// of the export, never the address or number.
	Filename string
	// JSON is the document.
	JSON string
	// Matches are the records in the document.
	Matches []Match
}

// exportDocument is the JSON document of an Export.
type exportDocument struct {
	ExportedAt    time.Time        `json:"exportedAt"`
	SearchedFor   exportSubject    `json:"searchedFor"`
	Feedback      []exportFeedback `json:"feedback"`
	Emails        []exportEmail    `json:"emails"`
	UserAccounts  []exportUser     `json:"userAccounts"`
	AnnualReports []exportReport   `json:"annualReports"`
}

type exportSubject struct {
	Email string `json:"email,omitempty"`
	Phone string `json:"phone,omitempty"`
}

// exportFeedback is an item of feedback in an export. An item whose
// contact details are the subject's is theirs, and comes whole. An item
// found only because its text names them is someone else's, and comes
// with the fields that name them: never its sender's contact details or
// other words.
type exportFeedback struct {
	ID        uuid.UUID `json:"id"`
	MatchedIn []string  `json:"matchedIn"`
	// SubjectIsSender reports whether the contact details are the
	// subject's.
	SubjectIsSender bool      `json:"subjectIsSender"`
	ReceivedAt      time.Time `json:"receivedAt"`
	Channel         string    `json:"channel"`
	Source          string    `json:"source"`
	Topic           string    `json:"topic"`
	Sentiment       string    `json:"sentiment"`
	AgeBand         *string   `json:"ageBand"`
	Status          string    `json:"status"`
	// Body is the sender's own words, empty once redacted.
	Body              string          `json:"body,omitempty"`
	BodyRedactedAt    *time.Time      `json:"bodyRedactedAt"`
	Summary           string          `json:"summary,omitempty"`
	Safeguarding      bool            `json:"safeguarding"`
	Referral          string          `json:"referral,omitempty"`
	ExclusionReason   *string         `json:"exclusionReason"`
	ExclusionNote     string          `json:"exclusionNote,omitempty"`
	ServiceID         *uuid.UUID      `json:"serviceId"`
	InformationPageID *uuid.UUID      `json:"informationPageId"`
	ClosedAt          *time.Time      `json:"closedAt"`
	ContactPurgedAt   *time.Time      `json:"contactPurgedAt"`
	Contact           *exportContact  `json:"contact,omitempty"`
	Response          *exportResponse `json:"response,omitempty"`
}

type exportContact struct {
	Name                  string    `json:"name"`
	Email                 string    `json:"email"`
	Phone                 string    `json:"phone"`
	ConsentPurposes       []string  `json:"consentPurposes"`
	ConsentWordingVersion string    `json:"consentWordingVersion"`
	ConsentedAt           time.Time `json:"consentedAt"`
}

type exportResponse struct {
	Action                    string     `json:"action,omitempty"`
	Outcome                   string     `json:"outcome,omitempty"`
	AnsweredAt                *time.Time `json:"answeredAt"`
	Route                     string     `json:"route,omitempty"`
	CouncilResponse           string     `json:"councilResponse,omitempty"`
	CouncilResponseApprovedAt *time.Time `json:"councilResponseApprovedAt"`
}

type exportEmail struct {
	ID           uuid.UUID  `json:"id"`
	Template     string     `json:"template"`
	Recipient    string     `json:"recipient"`
	Subject      string     `json:"subject"`
	Body         string     `json:"body"`
	State        string     `json:"state"`
	CreatedAt    time.Time  `json:"createdAt"`
	SentAt       *time.Time `json:"sentAt"`
	BodyPurgedAt *time.Time `json:"bodyPurgedAt"`
}

type exportUser struct {
	ID         uuid.UUID  `json:"id"`
	Email      string     `json:"email"`
	Name       string     `json:"name"`
	Role       string     `json:"role"`
	Status     string     `json:"status"`
	CreatedAt  time.Time  `json:"createdAt"`
	LastSignIn *time.Time `json:"lastSignInAt"`
}

type exportReport struct {
	ID           uuid.UUID `json:"id"`
	AcademicYear string    `json:"academicYear"`
	Status       string    `json:"status"`
}

// Export returns everything linked to the email address or phone number
// given, for LO admins: what Search finds, with the emails' bodies and,
// for the feedback whose contact details are the subject's, those details
// and consent records, the sender's own words, the summary and the
// answer. Feedback found only because its text names the subject comes
// with the fields that name them (see exportFeedback). The audit event personal_data.exported records the
// counts found.
func (m *Manager) Export(ctx context.Context, in SubjectInput) (*Export, error) {
	if err := m.authorize(ctx, authz.ActionExport, "export"); err != nil {
		return nil, err
	}
	subject, err := NewSubject(in, "input.")
	if err != nil {
		return nil, err
	}
	f, err := find(ctx, m.reader(ctx), subject)
	if err != nil {
		return nil, err
	}

	now := m.clock()
	document, err := json.MarshalIndent(newExportDocument(now, subject, f), "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode personal data export: %w", err)
	}
	m.record(ctx, audit.Event{Action: "personal_data.exported", ObjectType: authz.TypePersonalData, Detail: searchedBy(subject) + "; found " + f.counts()})
	return &Export{
		Filename: "personal-data-" + now.Format("20060102T150405Z") + ".json",
		JSON:     string(document),
		Matches:  f.matches(),
	}, nil
}

func newExportDocument(now time.Time, s Subject, f *findings) exportDocument {
	doc := exportDocument{
		ExportedAt:    now,
		SearchedFor:   exportSubject{Email: s.Email, Phone: s.Phone},
		Feedback:      make([]exportFeedback, 0, len(f.feedback)),
		Emails:        make([]exportEmail, 0, len(f.notifications)),
		UserAccounts:  make([]exportUser, 0, len(f.users)),
		AnnualReports: make([]exportReport, 0, len(f.reports)),
	}
	for _, ff := range f.feedback {
		doc.Feedback = append(doc.Feedback, newExportFeedback(ff))
	}
	for _, n := range f.notifications {
		doc.Emails = append(doc.Emails, exportEmail{
			ID: n.ID, Template: n.Template, Recipient: n.Recipient, Subject: n.Subject, Body: n.Body,
			State: n.State.String(), CreatedAt: n.CreatedAt, SentAt: n.SentAt, BodyPurgedAt: n.BodyPurgedAt,
		})
	}
	for _, u := range f.users {
		doc.UserAccounts = append(doc.UserAccounts, exportUser{
			ID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role.String(), Status: u.Status.String(),
			CreatedAt: u.CreatedAt, LastSignIn: u.LastSignInAt,
		})
	}
	for _, r := range f.reports {
		doc.AnnualReports = append(doc.AnnualReports, exportReport{ID: r.ID, AcademicYear: r.AcademicYear, Status: r.Status.String()})
	}
	return doc
}

func newExportFeedback(ff *feedbackFinding) exportFeedback {
	item := ff.item
	// text returns value when the item is the subject's own or the subject
	// was found in field, and "" otherwise.
	text := func(field, value string) string {
		if ff.contact || slices.Contains(ff.fields, field) {
			return value
		}
		return ""
	}
	out := exportFeedback{
		ID: item.ID, MatchedIn: ff.fields, SubjectIsSender: ff.contact, ReceivedAt: item.ReceivedAt,
		Channel: item.Channel.String(), Source: item.Source.String(), Topic: item.Topic.String(),
		Sentiment: item.Sentiment.String(), Status: item.Status.String(),
		Body: text(FieldBody, item.Body), BodyRedactedAt: item.BodyRedactedAt, Summary: text(FieldSummary, item.Summary),
		Safeguarding: item.Safeguarding, Referral: text(FieldReferral, item.Referral),
		ExclusionNote: text(FieldExclusionNote, item.ExclusionNote),
		ServiceID:     item.ServiceID, InformationPageID: item.InformationPageID,
		ClosedAt: item.ClosedAt, ContactPurgedAt: item.ContactPurgedAt,
	}
	if item.AgeBand != nil {
		band := item.AgeBand.String()
		out.AgeBand = &band
	}
	if item.ExclusionReason != nil {
		reason := item.ExclusionReason.String()
		out.ExclusionReason = &reason
	}
	if c := item.Edges.Contact; c != nil && ff.contact {
		out.Contact = newExportContact(c)
	}
	if r := item.Edges.Response; r != nil {
		response := &exportResponse{
			Action: text(FieldResponseAction, r.Action), Outcome: text(FieldResponseOutcome, r.Outcome),
			AnsweredAt: r.AnsweredAt, Route: r.Route,
			CouncilResponse:           text(FieldResponseCouncilResponse, r.CouncilResponse),
			CouncilResponseApprovedAt: r.CouncilResponseApprovedAt,
		}
		if response.Action != "" || response.Outcome != "" || response.CouncilResponse != "" {
			out.Response = response
		}
	}
	return out
}

func newExportContact(c *ent.FeedbackContact) *exportContact {
	purposes := c.ConsentPurposes
	if purposes == nil {
		purposes = []string{}
	}
	return &exportContact{
		Name: c.Name, Email: c.Email, Phone: c.Phone,
		ConsentPurposes: purposes, ConsentWordingVersion: c.ConsentWordingVersion, ConsentedAt: c.ConsentedAt,
	}
}
