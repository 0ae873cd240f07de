package report

import (
	"fmt"
	"io"
	"math"
	"strconv"
)

// The small-number rule. The annual report is published, so no count in it
// may let a reader single out the few people behind it:
//
//   - A count from 1 to 4 is shown as "fewer than 5". Zero is shown as 0.
//   - Counts that add up to a total a reader can know (the rows of a
//     breakdown by source, channel or topic, or the parts of a compliance
//     figure) form a group. The total is taken as known even when it is
//     shown as "fewer than 5", because it can be counted from the listing of
//     items or added up from another breakdown.
//   - A count shown as "fewer than 5" can still be worked out from the total
//     and the other counts when it is the only one hidden, or when every
//     hidden count would have to be 1, or 4. Then the smallest other count of
//     5 or more is withheld too, and so on until none can be worked out.
//     When no count of 5 or more is left to withhold, every count of the
//     group is withheld, zeros included.
//   - A percentage is shown only when the counts it is worked out from are
//     shown.
//
// Frozen figures store only what the report shows: the value of a hidden
// count is not stored anywhere.

// smallCountLimit is the smallest count shown as it is; counts from 1 to
// smallCountLimit-1 are hidden.
const smallCountLimit = 5

// Hidden is the reason a count is not shown.
type Hidden string

const (
	// HiddenFewerThanFive is a count from 1 to 4.
	HiddenFewerThanFive Hidden = "FEWER_THAN_FIVE"
	// HiddenWithheld is a count withheld so that a count shown as "fewer
	// than 5" cannot be worked out from a total.
	HiddenWithheld Hidden = "WITHHELD"
)

// Count is a count as the annual report shows it: its value, or the reason
// it is hidden.
type Count struct {
	// Value is nil when the count is hidden.
	Value *int `json:"value"`
	// Hidden is nil when the count is shown.
	Hidden *Hidden `json:"hidden,omitempty"`
}

// Text returns the count as the report prints it: the number, "fewer than
// 5" or "withheld".
func (c Count) Text() string {
	switch {
	case c.Hidden != nil && *c.Hidden == HiddenFewerThanFive:
		return "fewer than 5"
	case c.Hidden != nil || c.Value == nil:
		return "withheld"
	}
	return strconv.Itoa(*c.Value)
}

func shownCount(n int) Count {
	return Count{Value: &n}
}

func hiddenCount(why Hidden) Count {
	return Count{Hidden: &why}
}

// single applies the small-number rule to a count that is part of no group.
func single(n int) Count {
	if n > 0 && n < smallCountLimit {
		return hiddenCount(HiddenFewerThanFive)
	}
	return shownCount(n)
}

// group applies the small-number rule to counts whose total a reader may
// know, and returns them in the same order.
func group(values []int) []Count {
	hidden := make([]Hidden, len(values))
	for i, v := range values {
		if v > 0 && v < smallCountLimit {
			hidden[i] = HiddenFewerThanFive
		}
	}
	for derivable(values, hidden) {
		next := smallestShown(values, hidden)
		if next < 0 {
			for i := range hidden {
				hidden[i] = HiddenWithheld
			}
			break
		}
		hidden[next] = HiddenWithheld
	}

	counts := make([]Count, len(values))
	for i, v := range values {
		if hidden[i] == "" {
			counts[i] = shownCount(v)
		} else {
			counts[i] = hiddenCount(hidden[i])
		}
	}
	return counts
}

// derivable reports whether a reader who knows the total of values, the
// values shown and the rule could work out a value shown as "fewer than
// 5". Each such value lies from 1 to 4. Each withheld one is 5 or more,
// and at most the smallest value of 5 or more still shown, because the rule
// withholds the smallest first. Together they make up the hidden sum. Every
// value shown as "fewer than 5" has the same range, so checking one range
// is enough.
func derivable(values []int, hidden []Hidden) bool {
	fewer, withheld, hiddenSum := 0, 0, 0
	for i, v := range values {
		switch hidden[i] {
		case HiddenFewerThanFive:
			fewer++
			hiddenSum += v
		case HiddenWithheld:
			withheld++
			hiddenSum += v
		}
	}
	if fewer == 0 {
		return false
	}

	// The others' smallest possible sum bounds this value from above, and
	// their largest bounds it from below. Without a shown value of 5 or
	// more, a withheld value has no upper bound.
	highest := min(smallCountLimit-1, hiddenSum-(fewer-1)-smallCountLimit*withheld)
	othersLargest := (smallCountLimit - 1) * (fewer - 1)
	if withheld > 0 {
		next := smallestShown(values, hidden)
		if next < 0 {
			return highest == 1
		}
		othersLargest += values[next] * withheld
	}
	lowest := max(1, hiddenSum-othersLargest)
	return lowest == highest
}

// smallestShown returns the index of the smallest value of 5 or more still
// shown, the first among equals, or -1 when there is none.
func smallestShown(values []int, hidden []Hidden) int {
	best := -1
	for i, v := range values {
		if hidden[i] == "" && v >= smallCountLimit && (best < 0 || v < values[best]) {
			best = i
		}
	}
	return best
}

// percentage returns part as a whole percentage of whole, rounded to the
// nearest, but never 100 while part falls short of whole nor 0 while part
// is above 0. It returns nil when whole is 0.
func percentage(part, whole int) *int {
	if whole <= 0 {
		return nil
	}
	p := int(math.Round(100 * float64(part) / float64(whole)))
	switch {
	case part < whole && p == 100:
		p = 99
	case part > 0 && p == 0:
		p = 1
	}
	return &p
}

// MarshalGQL writes the reason as a GraphQL enum value.
func (h Hidden) MarshalGQL(w io.Writer) {
	_, _ = io.WriteString(w, strconv.Quote(string(h)))
}

// UnmarshalGQL reads a GraphQL enum value. The API never takes one as
// input; gqlgen requires the method of an enum's Go type.
func (h *Hidden) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok || (Hidden(s) != HiddenFewerThanFive && Hidden(s) != HiddenWithheld) {
		return fmt.Errorf("invalid ReportCountHidden %v: use FEWER_THAN_FIVE or WITHHELD", v)
	}
	*h = Hidden(s)
	return nil
}
