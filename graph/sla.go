package graph

import (
	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/graph/model"
	"github.com/localoffer/localoffer/internal/sla"
)

// sla returns the SLA operations with the resolver's dependencies. They read
// the sign-in service's clock, as review dates do.
func (r *Resolver) sla() *sla.Manager {
	return sla.New(r.Client, r.Authz, r.Logger, r.now)
}

func createdReviewCycle(cycle *ent.ReviewCycle, err error) (*model.CreateReviewCyclePayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.CreateReviewCyclePayload{ReviewCycle: cycle}, nil
}

func updatedReviewCycle(cycle *ent.ReviewCycle, err error) (*model.UpdateReviewCyclePayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.UpdateReviewCyclePayload{ReviewCycle: cycle}, nil
}

func addedBankHoliday(holiday *ent.BankHoliday, err error) (*model.AddBankHolidayPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.AddBankHolidayPayload{BankHoliday: holiday}, nil
}

func removedBankHoliday(holiday *ent.BankHoliday, err error) (*model.RemoveBankHolidayPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.RemoveBankHolidayPayload{BankHoliday: holiday}, nil
}

func publishedAgreement(version *ent.SLAVersion, err error) (*model.PublishServiceLevelAgreementPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.PublishServiceLevelAgreementPayload{ServiceLevelAgreement: version}, nil
}

func acceptedAgreement(acceptance *ent.SLAAcceptance, err error) (*model.AcceptServiceLevelAgreementPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.AcceptServiceLevelAgreementPayload{Acceptance: acceptance}, nil
}
