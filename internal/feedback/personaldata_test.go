package feedback_test

import (
	"reflect"
	"testing"

	"github.com/localoffer/localoffer/internal/feedback"
)

func TestFindPersonalData(t *testing.T) {
	t.Parallel()
	type match = feedback.PersonalDataMatch
	tests := []struct {
		name string
		text string
		want []match
	}{
		{
			name: "nothing personal",
			text: "The transport page does not say how to apply for a bus pass.",
			want: []match{},
		},
		{
			name: "email address and mobile number",
			text: "Ring me on 07700 900123 or write to jo.bloggs@example.org.",
			want: []match{
				{Kind: feedback.PersonalDataPhone, Text: "07700 900123", Start: 11},
				{Kind: feedback.PersonalDataEmail, Text: "jo.bloggs@example.org", Start: 36},
			},
		},
		{
			name: "landline with area code in brackets and an international number",
			text: "Office (0117) 496 0000, mobile +44 7700 900456",
			want: []match{
				{Kind: feedback.PersonalDataPhone, Text: "(0117) 496 0000", Start: 7},
				{Kind: feedback.PersonalDataPhone, Text: "+44 7700 900456", Start: 31},
			},
		},
		{
			name: "NHS number with a valid check digit, and ten digits without one",
			text: "NHS number 943 476 5919; order 1234567890",
			want: []match{{Kind: feedback.PersonalDataNHS, Text: "943 476 5919", Start: 11}},
		},
		{
			name: "names after titles and family words, and a postcode",
			text: "Mrs Okafor said my son Tyler James waits too long. We live in BS1 5TR.",
			want: []match{
				{Kind: feedback.PersonalDataName, Text: "Okafor", Start: 4},
				{Kind: feedback.PersonalDataName, Text: "Tyler James", Start: 23},
				{Kind: feedback.PersonalDataPostcode, Text: "BS1 5TR", Start: 62},
			},
		},
		{
			name: "offsets count characters, not bytes",
			text: "Café staff — call 07700 900123",
			want: []match{{Kind: feedback.PersonalDataPhone, Text: "07700 900123", Start: 18}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := feedback.FindPersonalData(tt.text)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("FindPersonalData(%q) =\n%+v\nwant\n%+v", tt.text, got, tt.want)
			}
		})
	}
}
