// Package auth signs users in and out, keeps their sessions, and sends the
// one-time links that invite a user or reset a password.
package auth

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/onetimetoken"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/notify"
	"github.com/localoffer/localoffer/internal/viewer"
)

// InvitationLifetime is how long an invitation link works.
const InvitationLifetime = 7 * 24 * time.Hour

// NormalizeEmail returns the form in which email addresses are stored and
// compared: trimmed and lower case. It rejects what is not an address.
func NormalizeEmail(field, email string) (string, error) {
	normalized := strings.ToLower(strings.TrimSpace(email))
	addr, err := mail.ParseAddress(normalized)
	if err != nil || addr.Address != normalized || !strings.Contains(normalized[strings.LastIndex(normalized, "@")+1:], ".") {
		return "", apperr.Input(field, "%q is not a valid email address; give one such as name@example.org", email)
	}
	return normalized, nil
}

// Invitation is a request to give someone an account.
type Invitation struct {
	Email string
	Name  string
	Role  user.Role
	// InvitedBy names the inviter at the start of a sentence in the email,
	// such as "Sam Patel of the Local Offer team".
	InvitedBy string
}

// Invite creates an invited account, or finds the invited account with that
// email, and writes an invitation email with a one-time link to the outbox.
// client should be the transaction of the change that causes the invitation.
// An email that already has an active account is a conflict.
func Invite(ctx context.Context, client *ent.Client, publicURL string, inv Invitation) (*ent.User, error) {
	ctx = viewer.SystemContext(ctx)
	email, err := NormalizeEmail("email", inv.Email)
	if err != nil {
		return nil, err
	}
	name := strings.TrimSpace(inv.Name)

	u, err := client.User.Query().Where(user.Email(email)).Only(ctx)
	switch {
	case ent.IsNotFound(err):
		if name == "" {
			name = email
		}
		u, err = client.User.Create().SetEmail(email).SetName(name).SetRole(inv.Role).SetStatus(user.StatusInvited).Save(ctx)
		if err != nil {
			return nil, fmt.Errorf("create invited user: %w", err)
		}
	case err != nil:
		return nil, fmt.Errorf("look up user: %w", err)
	case u.Status != user.StatusInvited:
		return nil, fmt.Errorf("%s already has an account (status %s): %w", email, strings.ToLower(string(u.Status)), apperr.ErrConflict)
	default:
		// A new invitation replaces the earlier ones: the account takes the
		// new name and role, and only the newest link works.
		update := client.User.UpdateOne(u).SetRole(inv.Role)
		if name != "" {
			update.SetName(name)
		}
		if u, err = update.Save(ctx); err != nil {
			return nil, fmt.Errorf("update invited user: %w", err)
		}
		err = client.OneTimeToken.Update().
			Where(onetimetoken.UserID(u.ID), onetimetoken.PurposeEQ(onetimetoken.PurposeInvitation), onetimetoken.UsedAtIsNil()).
			SetUsedAt(time.Now().UTC()).
			Exec(ctx)
		if err != nil {
			return nil, fmt.Errorf("close earlier invitations: %w", err)
		}
	}

	token, hash := NewToken()
	record, err := client.OneTimeToken.Create().
		SetUserID(u.ID).
		SetPurpose(onetimetoken.PurposeInvitation).
		SetTokenHash(hash).
		SetExpiresAt(time.Now().UTC().Add(InvitationLifetime)).
		Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("create invitation token: %w", err)
	}
	inviter := inv.InvitedBy
	if inviter == "" {
		inviter = "The Local Offer team"
	}
	link := strings.TrimRight(publicURL, "/") + "/account/accept-invitation?token=" + token
	_, err = notify.Enqueue(ctx, client, notify.Message{
		EventKey:  "invitation:" + record.ID.String(),
		Template:  "invitation",
		Recipient: email,
		Subject:   "You have been invited to the Local Offer",
		Body: fmt.Sprintf("Hello %s,\n\n%s has invited you to help keep the Local Offer up to date.\n\n"+
			"Set your password with this link, which works once and expires in %d days:\n%s\n\n"+
			"If you were not expecting this email, you can ignore it.\n",
			u.Name, inviter, int(InvitationLifetime.Hours()/24), link),
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}
