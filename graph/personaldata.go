package graph

import (
	"github.com/localoffer/localoffer/graph/model"
	"github.com/localoffer/localoffer/internal/feedback"
)

// personalDataWarnings returns the likely personal data in the text of
// field, for the personalDataWarnings fields of feedback and answers.
func personalDataWarnings(field, text string) []*model.PersonalDataWarning {
	matches := feedback.FindPersonalData(text)
	warnings := make([]*model.PersonalDataWarning, 0, len(matches))
	for _, m := range matches {
		warnings = append(warnings, &model.PersonalDataWarning{
			Field: field, Kind: model.PersonalDataKind(m.Kind), Text: m.Text, Start: m.Start,
		})
	}
	return warnings
}
