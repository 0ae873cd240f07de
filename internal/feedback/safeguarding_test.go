package feedback_test

import (
	"reflect"
	"testing"

	"github.com/localoffer/localoffer/internal/feedback"
)

func TestSafeguardingKeywords(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"nothing", "The short breaks page is out of date.", nil},
		{"one word", "My dad hits me when I am late.", []string{"hits"}},
		{"any case", "SHE HURT ME", []string{"hurt me"}},
		{"phrase across a line break", "I am scared to go\nhome after school.", []string{"scared to go home"}},
		{"self-harm with hyphen", "I self-harm sometimes.", []string{"harm", "self-harm"}},
		{"self harm with space", "worried about self  harm", []string{"harm", "self-harm"}},
		{"curly apostrophe", "I don’t feel safe with him.", []string{"don't feel safe"}},
		{"several in list order", "Neglect and abuse at home; he touched me.", []string{"abuse", "neglect", "touched me"}},
		{"whole words only", "The charming hitch-free harmonica Abusers? no: abuser.", nil},
		{"suicide", "I have thought about suicide.", []string{"suicide"}},
		{"unsafe at home", "I feel unsafe at home.", []string{"unsafe at home"}},
		{"hurt at home with bruises", "A child in my son's class is being hurt at home, he has bruises.", []string{"being hurt", "hurt at home", "bruises"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := feedback.SafeguardingKeywords(tc.text); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("SafeguardingKeywords(%q) = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}
