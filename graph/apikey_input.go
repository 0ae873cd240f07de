package graph

import (
	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/graph/model"
	"github.com/localoffer/localoffer/internal/apikey"
	"github.com/localoffer/localoffer/internal/audit"
)

func createdAPIKey(created *apikey.Created, err error) (*model.CreateAPIKeyPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.CreateAPIKeyPayload{APIKey: created.Key, Secret: created.Secret}, nil
}

func revokedAPIKey(key *ent.APIKey, err error) (*model.RevokeAPIKeyPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.RevokeAPIKeyPayload{APIKey: key}, nil
}

func auditFilter(where *model.AuditEventWhereInput) audit.Filter {
	if where == nil {
		return audit.Filter{}
	}
	return audit.Filter{
		Action:     where.Action,
		ActorID:    where.ActorID,
		ObjectType: where.ObjectType,
		ObjectID:   where.ObjectID,
		Since:      where.Since,
		Until:      where.Until,
	}
}
