package sla

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/localoffer/localoffer/ent/schema/schematype"
	"github.com/localoffer/localoffer/internal/notify"
)

// Templates of the SLA's emails, as stored on the notifications.
const (
	TemplateReviewRequest           = "sla_review_request"
	TemplateOverdueReminder         = "sla_overdue_reminder"
	TemplateEscalationReminder      = "sla_escalation_reminder"
	TemplateCommissionerEscalation  = "sla_commissioner_escalation"
	actionsParagraphStillAccurate   = "If a page is still accurate, confirm it with the confirmStillAccurate action when you are signed in. Otherwise submit a change to it."
	actionsParagraphOwnershipReport = "If something listed here is no longer yours, or someone else leads it, tell the Local Offer team with the reportOwnership action, and they will pass it on."
)

// slaEmail is the content of one of the SLA's emails: paragraphs before the
// list of content, the list, and paragraphs after it.
type slaEmail struct {
	Name   string
	Before []string
	Items  []reviewItem
	After  []string
}

var emailHTML = template.Must(template.New("sla").Parse(`<p>Hello {{.Name}},</p>
{{range .Before}}<p>{{.}}</p>
{{end}}<ul>
{{range .Items}}<li>{{.Kind}}: <a href="{{.URL}}">{{.Title}}</a></li>
{{end}}</ul>
{{range .After}}<p>{{.}}</p>
{{end}}<p>The Local Offer team</p>
`))

// message renders e as a text and HTML email to recipient.
func (e slaEmail) message(key, tmpl, recipient, subject string) (notify.Message, error) {
	var text strings.Builder
	fmt.Fprintf(&text, "Hello %s,\n\n", e.Name)
	for _, p := range e.Before {
		fmt.Fprintf(&text, "%s\n\n", p)
	}
	for _, item := range e.Items {
		fmt.Fprintf(&text, "- %s: %s\n  %s\n", item.Kind, item.Title, item.URL)
	}
	text.WriteString("\n")
	for _, p := range e.After {
		fmt.Fprintf(&text, "%s\n\n", p)
	}
	text.WriteString("The Local Offer team\n")

	var html bytes.Buffer
	if err := emailHTML.Execute(&html, e); err != nil {
		return notify.Message{}, fmt.Errorf("render email %s: %w", key, err)
	}
	return notify.Message{
		EventKey:  key,
		Template:  tmpl,
		Recipient: recipient,
		Subject:   subject,
		Body:      text.String(),
		HTMLBody:  html.String(),
	}, nil
}

// longDate formats a date as in "Wednesday 13 January 2027".
func longDate(d schematype.Date) string {
	return d.In(time.UTC).Format("Monday 2 January 2006")
}
