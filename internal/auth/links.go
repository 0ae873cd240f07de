package auth

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/onetimetoken"
	"github.com/localoffer/localoffer/ent/session"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/notify"
	"github.com/localoffer/localoffer/internal/viewer"
)

// maxOpenResetLinks is how many unused, unexpired password-reset links an
// account may have; further requests send nothing, so that no one can flood
// a user's inbox.
const maxOpenResetLinks = 3

// AcceptInvitation sets the password of an invited account from its
// invitation link, activates the account and signs the user in.
func (s *Service) AcceptInvitation(ctx context.Context, token, password string) (*SignIn, error) {
	invalid := apperr.Input("input.token", "this invitation link is invalid, has expired or has already been used: ask the Local Offer team to invite you again")
	if err := CheckPassword("input.password", password); err != nil {
		return nil, err
	}
	link, err := s.findLink(ctx, token, onetimetoken.PurposeInvitation, invalid)
	if err != nil {
		return nil, err
	}
	if link.Edges.User.Status != user.StatusInvited {
		return nil, invalid
	}

	// Hash before the transaction: on SQLite it holds the only write lock.
	hash := s.hasher.Hash(password)
	var signIn *SignIn
	err = s.withTx(ctx, func(tx *ent.Client) error {
		if err := s.useLink(ctx, tx, link, invalid); err != nil {
			return err
		}
		u, err := tx.User.UpdateOneID(link.UserID).
			SetPasswordHash(hash).
			SetStatus(user.StatusActive).
			SetLastSignInAt(s.now()).
			Save(viewer.SystemContext(ctx))
		if err != nil {
			return fmt.Errorf("activate user %s: %w", link.UserID, err)
		}
		signIn, err = s.startSession(ctx, tx, u)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.recordAudit(ctx, auditAs(userAudit("user.invitation_accepted", signIn.User, ""), signIn.User))
	s.recordAudit(ctx, auditAs(userAudit("user.sign_in", signIn.User, "after accepting the invitation"), signIn.User))
	return signIn, nil
}

// RequestPasswordReset writes a password-reset email with a one-time link to
// the outbox when email belongs to an active account. It returns the same
// for any well-formed email, so that it does not tell whether an account
// exists.
//
// NOTE: an existing account takes a few more database writes to process
// than an unknown email, so response times can still hint at which emails
// have accounts.
func (s *Service) RequestPasswordReset(ctx context.Context, email string) error {
	normalized, err := NormalizeEmail("input.email", email)
	if err != nil {
		return err
	}
	sys := viewer.SystemContext(ctx)
	u, err := s.client.User.Query().Where(user.Email(normalized), user.StatusEQ(user.StatusActive)).Only(sys)
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("look up user: %w", err)
	}

	open, err := u.QueryOneTimeTokens().
		Where(onetimetoken.PurposeEQ(onetimetoken.PurposePasswordReset), onetimetoken.UsedAtIsNil(), onetimetoken.ExpiresAtGT(s.now())).
		Count(sys)
	if err != nil {
		return fmt.Errorf("count open reset links of user %s: %w", u.ID, err)
	}
	if open >= maxOpenResetLinks {
		s.logger.InfoContext(ctx, "password reset not sent: too many open reset links", "user_id", u.ID, "open_links", open)
		return nil
	}

	err = s.withTx(ctx, func(tx *ent.Client) error {
		return s.sendResetLink(ctx, tx, u)
	})
	if err != nil {
		return err
	}
	s.recordAudit(ctx, auditAs(userAudit("user.password_reset_requested", u, ""), u))
	return nil
}

func (s *Service) sendResetLink(ctx context.Context, tx *ent.Client, u *ent.User) error {
	sys := viewer.SystemContext(ctx)
	token, hash := NewToken()
	link, err := tx.OneTimeToken.Create().
		SetUserID(u.ID).
		SetPurpose(onetimetoken.PurposePasswordReset).
		SetTokenHash(hash).
		SetExpiresAt(s.now().Add(PasswordResetLifetime)).
		Save(sys)
	if err != nil {
		return fmt.Errorf("create reset link for user %s: %w", u.ID, err)
	}
	url := strings.TrimRight(s.cfg.PublicURL, "/") + "/account/reset-password?token=" + token
	_, err = notify.Enqueue(sys, tx, notify.Message{
		EventKey:  "password_reset:" + link.ID.String(),
		Template:  "password_reset",
		Recipient: u.Email,
		Subject:   "Reset your Local Offer password",
		Body: fmt.Sprintf("Hello %s,\n\nSomeone asked to reset the password of your Local Offer account.\n\n"+
			"Choose a new password with this link, which works once and expires in %d minutes:\n%s\n\n"+
			"If you did not ask for this, you can ignore this email: your password stays as it is.\n",
			u.Name, int(PasswordResetLifetime.Minutes()), url),
	})
	return err
}

// ResetPassword sets a new password from a password-reset link, and signs
// the user out everywhere else: every session of the user is revoked except
// the one making this request, if it is the same user's.
func (s *Service) ResetPassword(ctx context.Context, token, password string) error {
	invalid := apperr.Input("input.token", "this password-reset link is invalid, has expired or has already been used: ask for a new one")
	if err := CheckPassword("input.password", password); err != nil {
		return err
	}
	link, err := s.findLink(ctx, token, onetimetoken.PurposePasswordReset, invalid)
	if err != nil {
		return err
	}
	if link.Edges.User.Status != user.StatusActive {
		return invalid
	}

	hash := s.hasher.Hash(password)
	err = s.withTx(ctx, func(tx *ent.Client) error {
		if err := s.useLink(ctx, tx, link, invalid); err != nil {
			return err
		}
		if err := tx.User.UpdateOneID(link.UserID).SetPasswordHash(hash).Exec(viewer.SystemContext(ctx)); err != nil {
			return fmt.Errorf("set password of user %s: %w", link.UserID, err)
		}
		return s.revokeOtherSessions(ctx, tx, link.UserID)
	})
	if err != nil {
		return err
	}
	u := link.Edges.User
	s.recordAudit(ctx, auditAs(userAudit("user.password_reset", u, ""), u))
	return nil
}

// findLink returns the unused, unexpired one-time token with this secret
// and purpose, with its user, or invalid when there is none.
func (s *Service) findLink(ctx context.Context, token string, purpose onetimetoken.Purpose, invalid error) (*ent.OneTimeToken, error) {
	link, err := s.client.OneTimeToken.Query().
		Where(
			onetimetoken.TokenHash(HashToken(token)),
			onetimetoken.PurposeEQ(purpose),
			onetimetoken.UsedAtIsNil(),
			onetimetoken.ExpiresAtGT(s.now()),
		).
		WithUser().
		Only(viewer.SystemContext(ctx))
	if ent.IsNotFound(err) {
		return nil, invalid
	}
	if err != nil {
		return nil, fmt.Errorf("look up one-time link: %w", err)
	}
	return link, nil
}

// useLink marks link used, and with it every other open link of the same
// purpose for the same user. It returns invalid when another request used
// link first.
func (s *Service) useLink(ctx context.Context, tx *ent.Client, link *ent.OneTimeToken, invalid error) error {
	sys := viewer.SystemContext(ctx)
	now := s.now()
	n, err := tx.OneTimeToken.Update().
		Where(onetimetoken.ID(link.ID), onetimetoken.UsedAtIsNil()).
		SetUsedAt(now).
		Save(sys)
	if err != nil {
		return fmt.Errorf("use one-time link %s: %w", link.ID, err)
	}
	if n == 0 {
		return invalid
	}
	err = tx.OneTimeToken.Update().
		Where(onetimetoken.UserID(link.UserID), onetimetoken.PurposeEQ(link.Purpose), onetimetoken.UsedAtIsNil()).
		SetUsedAt(now).
		Exec(sys)
	if err != nil {
		return fmt.Errorf("close other links of user %s: %w", link.UserID, err)
	}
	return nil
}

func (s *Service) revokeOtherSessions(ctx context.Context, tx *ent.Client, userID uuid.UUID) error {
	update := tx.Session.Update().Where(session.UserID(userID), session.RevokedAtIsNil())
	if v := viewer.FromContext(ctx); v.UserID == userID && v.SessionID != uuid.Nil {
		update.Where(session.IDNEQ(v.SessionID))
	}
	if err := update.SetRevokedAt(s.now()).Exec(viewer.SystemContext(ctx)); err != nil {
		return fmt.Errorf("revoke sessions of user %s: %w", userID, err)
	}
	return nil
}
