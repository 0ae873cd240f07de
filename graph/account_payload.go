package graph

import (
	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/graph/model"
	"github.com/localoffer/localoffer/internal/auth"
)

// loginPayload wraps a sign-in for the login mutation, passing errors on.
func loginPayload(signIn *auth.SignIn, err error) (*model.LoginPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.LoginPayload{Token: signIn.Token, ExpiresAt: signIn.ExpiresAt, User: signIn.User}, nil
}

// acceptInvitationPayload wraps the sign-in that accepting an invitation
// starts.
func acceptInvitationPayload(signIn *auth.SignIn, err error) (*model.AcceptInvitationPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.AcceptInvitationPayload{Token: signIn.Token, ExpiresAt: signIn.ExpiresAt, User: signIn.User}, nil
}

func inviteUserPayload(u *ent.User, err error) (*model.InviteUserPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.InviteUserPayload{User: u}, nil
}
