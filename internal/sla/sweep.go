package sla

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/directory"
	"github.com/localoffer/localoffer/internal/notify"
	"github.com/localoffer/localoffer/internal/viewer"
)

// Defaults of SweepConfig.
const (
	// DefaultRecentReview is the period before a cycle's notification date
	// in which a review leaves content out of the cycle: 90 days, about
	// three months.
	DefaultRecentReview = 90 * 24 * time.Hour
	// DefaultReminderEvery is the rhythm of the reminders about content
	// past its review due date.
	DefaultReminderEvery = 14 * 24 * time.Hour
	// DefaultEscalationDelay is the time between the steps of the
	// escalation after a cycle's updates deadline.
	DefaultEscalationDelay = 14 * 24 * time.Hour
)

// SweepConfig holds the settings of the SLA's periodic sweeps.
type SweepConfig struct {
	// PublicURL is the base of the links to content in emails, with no
	// trailing slash.
	PublicURL string
	// RecentReview is how long before a cycle's notification date a review
	// must be for the content to be left out of the cycle.
	RecentReview time.Duration
	// ReminderEvery is the shortest time between two reminders to one person
	// about content past its review due date.
	ReminderEvery time.Duration
	// EscalationDelay is the time from the reminder after the updates
	// deadline to telling the commissioner, and again from then to listing
	// the content for the SEND partnership board.
	EscalationDelay time.Duration
	// Now returns the current time. Nil means time.Now.
	Now func() time.Time
}

// Sweeper runs the SLA's periodic work: the cycle's request to review, the
// reminders about overdue content between cycles, and the escalation of
// content not reviewed by a cycle's updates deadline. Each step is safe to
// run again after a crash: rows and emails are keyed so that a rerun adds
// none twice.
type Sweeper struct {
	client *ent.Client
	logger *slog.Logger
	cfg    SweepConfig
	// enqueue writes an email to the outbox. Tests replace it to make a
	// sweep fail part way.
	enqueue func(ctx context.Context, client *ent.Client, m notify.Message) (*ent.Notification, error)
}

// NewSweeper returns a Sweeper on client, which must not be transactional.
// Zero durations in cfg take their defaults.
func NewSweeper(client *ent.Client, logger *slog.Logger, cfg SweepConfig) *Sweeper {
	if cfg.RecentReview <= 0 {
		cfg.RecentReview = DefaultRecentReview
	}
	if cfg.ReminderEvery <= 0 {
		cfg.ReminderEvery = DefaultReminderEvery
	}
	if cfg.EscalationDelay <= 0 {
		cfg.EscalationDelay = DefaultEscalationDelay
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	cfg.PublicURL = strings.TrimRight(cfg.PublicURL, "/")
	return &Sweeper{client: client, logger: logger, cfg: cfg, enqueue: notify.Enqueue}
}

// Run runs every sweep once, as the system, after creating the default
// calendar's current and next cycles when they are missing. A sweep that fails does not
// stop the others, and Run returns their errors joined.
func (s *Sweeper) Run(ctx context.Context) error {
	ctx = viewer.SystemContext(ctx)
	now := s.cfg.Now().UTC().Truncate(time.Second)

	var errs []error
	if err := EnsureDefaultCycles(ctx, s.client, now, s.logger); err != nil {
		errs = append(errs, err)
	}
	if err := s.notifyCycles(ctx, now); err != nil {
		errs = append(errs, err)
	}
	if err := s.escalate(ctx, now); err != nil {
		errs = append(errs, err)
	}
	if err := s.remindOverdue(ctx, now); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// reviewItem is one service or information page in an email.
type reviewItem struct {
	Kind  string // "Service" or "Information page"
	Title string
	URL   string
}

func serviceItem(publicURL string, sv *ent.Service) reviewItem {
	return reviewItem{Kind: "Service", Title: sv.Name, URL: directory.ServiceURL(publicURL, sv)}
}

// pageItem links an information page.
func pageItem(publicURL string, p *ent.InformationPage) reviewItem {
	return reviewItem{Kind: "Information page", Title: p.Title, URL: directory.InformationPageURL(publicURL, p)}
}

// recipient is one person's SLA email in the making.
type recipient = notify.Recipient[reviewItem]

// recipients collects the SLA's emails per person, leaving out the people
// the SLA's emails do not go to.
type recipients struct{ *notify.Recipients[reviewItem] }

func newRecipients() recipients {
	return recipients{notify.NewRecipients[reviewItem]()}
}

// add lists item for each of the users who can receive email, once per
// user however many roles they have on the content.
func (r recipients) add(item reviewItem, users ...*ent.User) {
	var reachableUsers []*ent.User
	for _, u := range users {
		if u != nil && reachable(u) {
			reachableUsers = append(reachableUsers, u)
		}
	}
	r.Add(item, reachableUsers...)
}

// reachable reports whether the SLA's emails go to u: not to accounts that
// were disabled or whose application was declined.
func reachable(u *ent.User) bool {
	return u.Status != user.StatusDisabled && u.Status != user.StatusDeclined
}

// owners returns the lead and content managers of content, lead first.
func owners(lead *ent.User, managers []*ent.User) []*ent.User {
	return append([]*ent.User{lead}, managers...)
}

// keyStamp formats t for event keys: fixed width in UTC, so that keys sort
// in time order.
func keyStamp(t time.Time) string {
	return t.UTC().Format("20060102T150405Z")
}

func eventKey(parts ...any) string {
	s := make([]string, len(parts))
	for i, p := range parts {
		s[i] = fmt.Sprint(p)
	}
	return strings.Join(s, ":")
}
