package content_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/localoffer/localoffer/internal/content"
)

func TestSanitizeHTML(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"keeps paragraphs and headings", "<h4>Who</h4><p>Young people aged 16&nbsp;to 25</p>", "<h4>Who</h4><p>Young people aged 16\u00a0to 25</p>"},
		{"keeps lists", "<ul><li>one</li><li>two</li></ul>", "<ul><li>one</li><li>two</li></ul>"},
		{"removes script and its text", `<p>Hi</p><script>alert("x")</script>`, "<p>Hi</p>"},
		{"removes style element", "<style>p{color:red}</style><p>Hi</p>", "<p>Hi</p>"},
		{"removes style attribute", `<p style="color:red">Hi</p>`, "<p>Hi</p>"},
		{"removes iframe", `<iframe src="https://example.org"></iframe><p>Hi</p>`, "<p>Hi</p>"},
		{"removes event handlers", `<p onclick="steal()">Hi</p>`, "<p>Hi</p>"},
		{"removes javascript link", `<a href="javascript:alert(1)">x</a>`, "x"},
		{"adds rel to links", `<a href="https://example.org">site</a>`, `<a href="https://example.org" rel="nofollow noopener">site</a>`},
		{"replaces rel from input", `<a href="https://example.org" rel="author">site</a>`, `<a href="https://example.org" rel="nofollow noopener">site</a>`},
		{"keeps mailto links", `<a href="mailto:a@example.org">mail</a>`, `<a href="mailto:a@example.org" rel="nofollow noopener">mail</a>`},
		{"escapes look-alike text", `<p>rel="nofollow"</p>`, "<p>rel=&#34;nofollow&#34;</p>"},
		{"removes class", `<p class="x">Hi</p>`, "<p>Hi</p>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := content.SanitizeHTML(tt.in); got != tt.want {
				t.Errorf("SanitizeHTML(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestPlainText(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"separates blocks", "<p>one</p><p>two</p>", "one two"},
		{"decodes entities", "<p>Tea &amp; cake&nbsp;&nbsp;at 3</p>", "Tea & cake at 3"},
		{"empty paragraph", "<p><br></p>", ""},
		{"drops script text", "<p>a</p><script>var x = 1</script>", "a"},
		{"plain input", "  Just   text\n here ", "Just text here"},
		{"line breaks", "one<br>two", "one two"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := content.PlainText(tt.in); got != tt.want {
				t.Errorf("PlainText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSlugify(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"Stay and Play", "stay-and-play"},
		{"  Stay & Play!  ", "stay-and-play"},
		{"Children's Centre", "childrens-centre"},
		{"Children’s Centre", "childrens-centre"},
		{"Café Crème Brûlée", "cafe-creme-brulee"},
		{"Straße Æsop Øresund Łódź", "strasse-aesop-oresund-lodz"},
		{"1625 Independent People", "1625-independent-people"},
		{"Tai Chi - Intermediate", "tai-chi-intermediate"},
		{"Cost of living service- Community Warm Space- Hawkes House", "cost-of-living-service-community-warm-space-hawkes-house"},
		{"", content.FallbackSlug},
		{"!!!", content.FallbackSlug},
		{"日本語", content.FallbackSlug},
		{"LGBTQ+ youth", "lgbtq-youth"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := content.Slugify(tt.in); got != tt.want {
				t.Errorf("Slugify(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSlugifyLength(t *testing.T) {
	long := strings.Repeat("abcdefghi ", 20) // 200 characters, words of 9 letters
	got := content.Slugify(long)

	if len(got) > content.MaxSlugLength {
		t.Errorf("len(Slugify(long)) = %d, want at most %d", len(got), content.MaxSlugLength)
	}
	if strings.HasSuffix(got, "-") {
		t.Errorf("Slugify(long) = %q ends with a hyphen", got)
	}
	if !strings.HasSuffix(got, "abcdefghi") {
		t.Errorf("Slugify(long) = %q cuts a word", got)
	}

	oneWord := strings.Repeat("a", 100)
	if got := content.Slugify(oneWord); len(got) != content.MaxSlugLength {
		t.Errorf("len(Slugify(100 letters)) = %d, want %d", len(got), content.MaxSlugLength)
	}
}

func TestNormalizeURL(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"", ""},
		{"   ", ""},
		{"https://example.org/a?b=c", "https://example.org/a?b=c"},
		{" http://1625ip.co.uk ", "http://1625ip.co.uk"},
		{"www.example.org", "https://www.example.org"},
		{"example.org/getting-support", "https://example.org/getting-support"},
		{"www.samaritans.org/branches/bristol/", "https://www.samaritans.org/branches/bristol/"},
		{"http:www.yateandsodburydc.co.uk", "http://www.yateandsodburydc.co.uk"},
		{"https:/example.org", "https://example.org"},
		{"HTTPS://WWW.Example.ORG/Path", "https://www.example.org/Path"},
		{"//example.org/x", "https://example.org/x"},
		{"www.example.org:8080/x", "https://www.example.org:8080/x"},
		{"localhost:8080", "https://localhost:8080"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := content.NormalizeURL(tt.in)
			if err != nil {
				t.Fatalf("NormalizeURL(%q) returned error: %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("NormalizeURL(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNormalizeURLRejects(t *testing.T) {
	tests := []string{
		"javascript:alert(1)",
		"JavaScript:alert(1)",
		"data:text/html,<script>alert(1)</script>",
		"mailto:someone@example.org",
		"ftp://files.example.org",
		"vbscript:msgbox",
		"n/a",
		"none",
		"www.example .org",
		"https://",
		"http://..example.org",
	}
	for _, in := range tests {
		t.Run(in, func(t *testing.T) {
			got, err := content.NormalizeURL(in)
			if err == nil {
				t.Fatalf("NormalizeURL(%q) = %q, want an error", in, got)
			}
			if !errors.Is(err, content.ErrInvalidURL) {
				t.Errorf("NormalizeURL(%q) error %v does not wrap ErrInvalidURL", in, err)
			}
		})
	}
}

func TestReviewDueAfter(t *testing.T) {
	london := content.London
	tests := []struct {
		name string
		in   time.Time
		want time.Time
	}{
		{
			name: "31 August clamps to 28 February",
			in:   time.Date(2025, time.August, 31, 10, 0, 0, 0, london),
			want: time.Date(2026, time.February, 28, 10, 0, 0, 0, london),
		},
		{
			name: "31 August clamps to 29 February in a leap year",
			in:   time.Date(2023, time.August, 31, 10, 0, 0, 0, london),
			want: time.Date(2024, time.February, 29, 10, 0, 0, 0, london),
		},
		{
			name: "31 March clamps to 30 September",
			in:   time.Date(2025, time.March, 31, 9, 30, 0, 0, london),
			want: time.Date(2025, time.September, 30, 9, 30, 0, 0, london),
		},
		{
			name: "mid-month keeps the day",
			in:   time.Date(2023, time.April, 13, 0, 0, 0, 0, london),
			want: time.Date(2023, time.October, 13, 0, 0, 0, 0, london),
		},
		{
			name: "crosses the year",
			in:   time.Date(2024, time.November, 3, 12, 0, 0, 0, london),
			want: time.Date(2025, time.May, 3, 12, 0, 0, 0, london),
		},
		{
			// 23:30 UTC on 31 August is already 1 September in London
			// (BST), so the London date decides the month.
			name: "London date, not UTC date",
			in:   time.Date(2025, time.August, 31, 23, 30, 0, 0, time.UTC),
			want: time.Date(2026, time.March, 1, 0, 30, 0, 0, london),
		},
		{
			// 31 August 00:30 BST is 30 August in UTC; the London date
			// still clamps to the end of February.
			name: "London date before UTC date",
			in:   time.Date(2025, time.August, 30, 23, 30, 0, 0, time.UTC),
			want: time.Date(2026, time.February, 28, 0, 30, 0, 0, london),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := content.ReviewDueAfter(tt.in)
			if !got.Equal(tt.want) {
				t.Errorf("ReviewDueAfter(%v) = %v, want %v", tt.in, got, tt.want.UTC())
			}
			if got.Location() != time.UTC {
				t.Errorf("ReviewDueAfter(%v) is in %v, want UTC", tt.in, got.Location())
			}
		})
	}
}
