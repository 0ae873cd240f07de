package notify_test

import (
	"testing"

	"github.com/localoffer/localoffer/internal/notify"
)

func TestHTMLFromText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text, want string
	}{
		{
			name: "paragraphs and line breaks",
			text: "Hello Jo,\n\nYour change was approved.\nThank you.\n",
			want: "<p>Hello Jo,</p>\n<p>Your change was approved.<br>\nThank you.</p>\n",
		},
		{
			name: "links, with the sentence's full stop left outside",
			text: "Set your password at https://lo.example/accept?token=a&b=c.",
			want: `<p>Set your password at <a href="https://lo.example/accept?token=a&amp;b=c">https://lo.example/accept?token=a&amp;b=c</a>.</p>` + "\n",
		},
		{
			name: "list items with indented continuation lines",
			text: "- Service: Splash Club\n  https://lo.example/services/splash\n- Page: Transport",
			want: "<ul>\n<li>Service: Splash Club<br>\n" +
				`<a href="https://lo.example/services/splash">https://lo.example/services/splash</a>` +
				"</li>\n<li>Page: Transport</li>\n</ul>\n",
		},
		{
			name: "markup from content or names is escaped",
			text: `Hello <b>Jo</b> & "Sam",`,
			want: "<p>Hello &lt;b&gt;Jo&lt;/b&gt; &amp; &#34;Sam&#34;,</p>\n",
		},
		{
			name: "a dash inside a paragraph is not a list",
			text: "First line\n- not an item",
			want: "<p>First line<br>\n- not an item</p>\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := notify.HTMLFromText(tt.text); got != tt.want {
				t.Errorf("HTMLFromText(%q) =\n%q\nwant\n%q", tt.text, got, tt.want)
			}
		})
	}
}
