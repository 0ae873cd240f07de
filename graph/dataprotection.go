package graph

import (
	"github.com/localoffer/localoffer/graph/model"
	"github.com/localoffer/localoffer/internal/dataprotection"
)

// dataProtection returns the subject rights operations with the resolver's
// dependencies. They read the sign-in service's clock, as review dates do.
func (r *Resolver) dataProtection() *dataprotection.Manager {
	return dataprotection.New(dataprotection.Options{Root: r.Client, Authz: r.Authz, Logger: r.Logger, Now: r.now})
}

func personalDataMatches(matches []dataprotection.Match, err error) ([]*model.PersonalDataMatch, error) {
	if err != nil {
		return nil, err
	}
	out := make([]*model.PersonalDataMatch, 0, len(matches))
	for _, m := range matches {
		out = append(out, &model.PersonalDataMatch{
			RecordType: model.PersonalDataRecordType(m.Type), ID: m.ID, Fields: m.Fields, At: m.At,
		})
	}
	return out, nil
}

func exportedPersonalData(export *dataprotection.Export, err error) (*model.ExportPersonalDataPayload, error) {
	if err != nil {
		return nil, err
	}
	matches, _ := personalDataMatches(export.Matches, nil)
	return &model.ExportPersonalDataPayload{Filename: export.Filename, JSON: export.JSON, Matches: matches}, nil
}
