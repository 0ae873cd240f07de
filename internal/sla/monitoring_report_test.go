package sla

import "testing"

func TestSpreadsheetText(t *testing.T) {
	for in, want := range map[string]string{
		"Family Hub":           "Family Hub",
		"=HYPERLINK(\"x\")":    "'=HYPERLINK(\"x\")",
		"+44 1632 960000":      "'+44 1632 960000",
		"-1":                   "'-1",
		"@SUM(A1)":             "'@SUM(A1)",
		"":                     "",
		"Riverside = Hillside": "Riverside = Hillside",
	} {
		if got := SpreadsheetText(in); got != want {
			t.Errorf("SpreadsheetText(%q) = %q, want %q", in, got, want)
		}
	}
}
