package report

import (
	"fmt"
	"testing"
)

// describe returns the counts as the report prints them, joined.
func describe(counts []Count) string {
	texts := make([]string, len(counts))
	for i, c := range counts {
		texts[i] = c.Text()
	}
	return fmt.Sprint(texts)
}

func TestGroupSmallNumberRule(t *testing.T) {
	tests := []struct {
		name   string
		values []int
		want   string
	}{
		{"nothing small", []int{7, 0, 12}, "[7 0 12]"},
		{"all zero", []int{0, 0}, "[0 0]"},
		// 3 = total - 9 - 6, so the smallest other count, 6, is withheld.
		{"one small count", []int{3, 9, 6}, "[fewer than 5 9 withheld]"},
		// Hidden 2 and 3 add up to 5 in several ways.
		{"two small counts", []int{2, 3, 10}, "[fewer than 5 fewer than 5 10]"},
		// Hidden 1 and 1 add up to 2 one way only; with 5 withheld, 7 = 1 +
		// 1 + 5 is still the only way, so 7 goes too.
		{"two ones", []int{7, 5, 1, 1, 0}, "[withheld withheld fewer than 5 fewer than 5 0]"},
		// Four hidden 4s add up to 16 one way only.
		{"four fours", []int{4, 4, 4, 4, 30}, "[fewer than 5 fewer than 5 fewer than 5 fewer than 5 withheld]"},
		// 1 + 5 = 6 once 5 is withheld, and nothing else is left to
		// withhold, so the group is withheld, zeros included.
		{"nothing left to withhold", []int{5, 1, 0}, "[withheld withheld withheld]"},
		// 2 with a withheld 5: a reader who applies the rule can tell that
		// the withheld count is at most the 5 still shown, so 2 = 7 - 5.
		// The second 5 is withheld too.
		{"tie with the withheld count", []int{2, 5, 5}, "[fewer than 5 withheld withheld]"},
		{"small total alone", []int{3}, "[withheld]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := group(tt.values)
			if describe(got) != tt.want {
				t.Errorf("group(%v) = %s, want %s", tt.values, describe(got), tt.want)
			}
			for i, c := range got {
				if (c.Value == nil) != (c.Hidden != nil) {
					t.Errorf("count %d = %+v: exactly one of value and hidden must be set", i, c)
				}
				if c.Value != nil && *c.Value != tt.values[i] {
					t.Errorf("count %d shows %d, want %d", i, *c.Value, tt.values[i])
				}
			}
		})
	}
}

// TestGroupHidesNoDerivableCount checks every group of three counts up to
// 12: no count shown as "fewer than 5" may be the only value the shown
// counts, the total and the rule allow.
func TestGroupHidesNoDerivableCount(t *testing.T) {
	for a := 0; a <= 12; a++ {
		for b := 0; b <= 12; b++ {
			for c := 0; c <= 12; c++ {
				values := []int{a, b, c}
				counts := group(values)
				hidden := make([]Hidden, len(counts))
				for i, count := range counts {
					if count.Hidden != nil {
						hidden[i] = *count.Hidden
					}
				}
				if !allWithheld(hidden) && derivable(values, hidden) {
					t.Errorf("group(%v) = %s leaves a count that can be worked out", values, describe(counts))
				}
				for i, v := range values {
					if v > 0 && v < 5 && counts[i].Value != nil {
						t.Errorf("group(%v) shows the small count %d", values, v)
					}
				}
			}
		}
	}
}

func allWithheld(hidden []Hidden) bool {
	for _, h := range hidden {
		if h != HiddenWithheld {
			return false
		}
	}
	return true
}

func TestSingleSmallNumberRule(t *testing.T) {
	for n, want := range map[int]string{0: "0", 1: "fewer than 5", 4: "fewer than 5", 5: "5", 120: "120"} {
		if got := single(n).Text(); got != want {
			t.Errorf("single(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestPercentage(t *testing.T) {
	tests := []struct {
		part, whole int
		want        string
	}{
		{9, 13, "69"},
		{6, 9, "67"},
		{0, 0, "none"},
		{199, 200, "99"},
		{1, 300, "1"},
		{0, 10, "0"},
		{10, 10, "100"},
	}
	for _, tt := range tests {
		got := "none"
		if p := percentage(tt.part, tt.whole); p != nil {
			got = fmt.Sprint(*p)
		}
		if got != tt.want {
			t.Errorf("percentage(%d, %d) = %s, want %s", tt.part, tt.whole, got, tt.want)
		}
	}
}

func TestComplianceWithholdsDerivablePercentage(t *testing.T) {
	c := compliance(20, 3, 0, 2)
	if c.OnTimePercentage != nil {
		t.Errorf("percentage = %d with not yet due hidden, want it withheld", *c.OnTimePercentage)
	}
	c = compliance(20, 3, 2, 0)
	if c.OnTimePercentage == nil || *c.OnTimePercentage != 80 {
		t.Errorf("percentage = %v, want 80", c.OnTimePercentage)
	}
}
