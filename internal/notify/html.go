package notify

import (
	"html"
	"regexp"
	"strings"
)

// linkPattern matches the web addresses written into plain-text emails.
var linkPattern = regexp.MustCompile(`https?://[^\s<>"]+`)

// HTMLFromText renders a plain-text email as HTML: blank lines separate
// paragraphs, lines within a paragraph break, lines starting "- " become a
// list, and web addresses become links. Everything else is escaped, so text
// taken from content or from a user's name cannot inject markup.
func HTMLFromText(text string) string {
	var b strings.Builder
	for _, para := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		para = strings.Trim(para, "\n")
		if strings.TrimSpace(para) == "" {
			continue
		}
		lines := strings.Split(para, "\n")
		if isList(lines) {
			writeList(&b, lines)
			continue
		}
		b.WriteString("<p>")
		for i, line := range lines {
			if i > 0 {
				b.WriteString("<br>\n")
			}
			b.WriteString(linkify(strings.TrimSpace(line)))
		}
		b.WriteString("</p>\n")
	}
	return b.String()
}

// isList reports whether a paragraph is a list: it starts with "- ", and
// every other line is either an item or an indented continuation.
func isList(lines []string) bool {
	if !strings.HasPrefix(lines[0], "- ") {
		return false
	}
	for _, line := range lines[1:] {
		if !strings.HasPrefix(line, "- ") && !strings.HasPrefix(line, " ") {
			return false
		}
	}
	return true
}

func writeList(b *strings.Builder, lines []string) {
	b.WriteString("<ul>\n")
	for i, line := range lines {
		if strings.HasPrefix(line, "- ") {
			if i > 0 {
				b.WriteString("</li>\n")
			}
			b.WriteString("<li>")
			b.WriteString(linkify(strings.TrimPrefix(line, "- ")))
			continue
		}
		b.WriteString("<br>\n")
		b.WriteString(linkify(strings.TrimSpace(line)))
	}
	b.WriteString("</li>\n</ul>\n")
}

// linkify escapes line and turns each web address in it into a link.
func linkify(line string) string {
	var b strings.Builder
	last := 0
	for _, m := range linkPattern.FindAllStringIndex(line, -1) {
		b.WriteString(html.EscapeString(line[last:m[0]]))
		url := strings.TrimRight(line[m[0]:m[1]], ".,;:)")
		escaped := html.EscapeString(url)
		b.WriteString(`<a href="` + escaped + `">` + escaped + `</a>`)
		last = m[0] + len(url)
	}
	b.WriteString(html.EscapeString(line[last:]))
	return b.String()
}
