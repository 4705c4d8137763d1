package analyze

import (
	"bufio"
	_ "embed"
	"encoding/json"
	"html"
	"io"
	"strings"
)

// The page is one file: page.html with page.css, the report JSON and
// page.js written into it. It makes no network requests, so it opens from
// the file system, from a CI artifact or from an e-mail attachment.
var (
	//go:embed page/page.html
	pageHTML string
	//go:embed page/page.css
	pageCSS string
	//go:embed page/page.js
	pageJS string
)

// pageParts is page.html split at its {{...}} holes. Splitting once, rather
// than substituting, means nothing written into a hole is scanned again.
var pageParts = splitTemplate(pageHTML)

type part struct {
	text string
	hole string // what follows text: "title", "css", "report", "js" or ""
}

func splitTemplate(s string) []part {
	var parts []part
	for {
		i := strings.Index(s, "{{")
		if i < 0 {
			return append(parts, part{text: s})
		}
		j := strings.Index(s[i:], "}}")
		parts = append(parts, part{text: s[:i], hole: s[i+2 : i+j]})
		s = s[i+j+2:]
	}
}

// WriteHTML writes the report page for r: a squarified treemap of package
// → folder → file (bytes or gzip bytes), each package against its limit, the
// cold-start figures, the duplicated and unused files, and a search box.
// The same report always gives the same bytes.
func WriteHTML(w io.Writer, r *Report) error {
	// encoding/json escapes <, > and & as \u003c..., so the JSON cannot end
	// its <script> element early whatever the file names are.
	data, err := json.Marshal(normalized(r))
	if err != nil {
		return err
	}
	title := r.Project
	if title == "" {
		title = "mini program"
	}
	bw := bufio.NewWriter(w)
	for _, p := range pageParts {
		bw.WriteString(p.text)
		switch p.hole {
		case "title":
			bw.WriteString(html.EscapeString(title))
		case "css":
			bw.WriteString(pageCSS)
		case "report":
			bw.Write(data)
		case "js":
			bw.WriteString(pageJS)
		}
	}
	return bw.Flush()
}

// normalized returns r with nil lists as empty ones, so that the page sees
// [] rather than null.
func normalized(r *Report) *Report {
	c := *r
	c.Schema = Schema
	c.Packages = append([]Package{}, r.Packages...)
	for i := range c.Packages {
		if c.Packages[i].Files == nil {
			c.Packages[i].Files = []File{}
		}
	}
	if c.Duplicated == nil {
		c.Duplicated = []Duplicate{}
	}
	if c.Unused == nil {
		c.Unused = []Unused{}
	}
	if c.Preload == nil {
		c.Preload = []Preload{}
	}
	if c.Violations == nil {
		c.Violations = []Violation{}
	}
	if c.ColdStart.GlobalComponents == nil {
		c.ColdStart.GlobalComponents = []string{}
	}
	return &c
}
