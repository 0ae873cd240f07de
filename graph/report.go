package graph

import (
	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/graph/model"
	"github.com/localoffer/localoffer/internal/report"
)

// report returns the annual report operations with the resolver's
// dependencies. They read the sign-in service's clock, as review dates do.
func (r *Resolver) report() *report.Manager {
	return report.New(report.Options{
		Root: r.Client, Authz: r.Authz, Logger: r.Logger, Now: r.now,
		SignOffSteps: r.FeedbackSettings.SignOffSteps,
	})
}

func createdAnnualReport(annual *ent.AnnualReport, err error) (*model.CreateAnnualReportPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.CreateAnnualReportPayload{AnnualReport: annual}, nil
}

func completedAnnualReport(annual *ent.AnnualReport, err error) (*model.CompleteAnnualReportPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.CompleteAnnualReportPayload{AnnualReport: annual}, nil
}

func signedOffAnnualReport(annual *ent.AnnualReport, signOff *ent.ReportSignOff, err error) (*model.SignOffAnnualReportPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.SignOffAnnualReportPayload{AnnualReport: annual, SignOff: signOff}, nil
}

func publishedAnnualReport(annual *ent.AnnualReport, err error) (*model.PublishAnnualReportPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.PublishAnnualReportPayload{AnnualReport: annual}, nil
}
