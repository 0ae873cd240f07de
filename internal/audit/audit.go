// Package audit records security events: sign-ins and their failures, role,
// ownership and key changes. Events are written with the root client, outside
// any transaction the request holds, so that a rollback cannot erase them.
package audit

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/internal/viewer"
)

// Event is one security event. It names changed fields, never their values,
// and holds no passwords, tokens or families' personal data.
type Event struct {
	// Action is a dotted name such as "user.sign_in" or "service.lead_changed".
	Action        string
	ObjectType    string
	ObjectID      uuid.UUID
	ChangedFields []string
	// Detail is a short note without personal data, such as why a sign-in
	// failed.
	Detail string
	// ActorID and ActorEmail override the viewer's, for events where the
	// actor is known but not yet signed in (a sign-in itself).
	ActorID    uuid.UUID
	ActorEmail string
}

// Record writes e with the caller's identity, request id and client address
// from ctx. client must not be a transactional client.
func Record(ctx context.Context, client *ent.Client, e Event) error {
	v := viewer.FromContext(ctx)
	create := client.AuditEvent.Create().
		SetCreatedAt(time.Now().UTC()).
		SetAction(e.Action).
		SetRequestID(v.RequestID).
		SetClientAddress(v.ClientAddress).
		SetDetail(e.Detail)
	actorID, actorEmail := v.UserID, v.Email
	if e.ActorID != uuid.Nil {
		actorID, actorEmail = e.ActorID, e.ActorEmail
	}
	if actorID != uuid.Nil {
		create.SetActorID(actorID).SetActorEmail(actorEmail)
	}
	if v.APIKeyID != uuid.Nil {
		create.SetAPIKeyID(v.APIKeyID)
	}
	if e.ObjectType != "" {
		create.SetObjectType(e.ObjectType)
	}
	if e.ObjectID != uuid.Nil {
		create.SetObjectID(e.ObjectID)
	}
	if len(e.ChangedFields) > 0 {
		create.SetChangedFields(e.ChangedFields)
	}
	if err := create.Exec(viewer.SystemContext(ctx)); err != nil {
		return fmt.Errorf("record audit event %s: %w", e.Action, err)
	}
	return nil
}
