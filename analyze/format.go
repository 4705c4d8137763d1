package analyze

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Sizes are printed with 1024-byte units, as WeChat prints its limits
// ("2048KB").

// FormatSize prints a size: "812 B", "12.3 KB", "1.25 MB".
func FormatSize(n int64) string {
	a := abs(n)
	sign := ""
	if n < 0 {
		sign = "-"
	}
	switch {
	case a < 1<<10:
		return fmt.Sprintf("%s%d B", sign, a)
	case a < 1<<20:
		return fmt.Sprintf("%s%.1f KB", sign, float64(a)/(1<<10))
	}
	return fmt.Sprintf("%s%.2f MB", sign, float64(a)/(1<<20))
}

// FormatDelta prints a signed change: "+1.2 KB", "-300 B", "0 B".
func FormatDelta(n int64) string {
	if n > 0 {
		return "+" + FormatSize(n)
	}
	return FormatSize(n)
}

// percent prints the change relative to old: "+8.2%"; "" when there is no old
// size to relate to.
func percent(old, new int64) string {
	if old <= 0 {
		return ""
	}
	return fmt.Sprintf("%+.1f%%", float64(new-old)*100/float64(old))
}

// status is the short word for an added or removed package or file.
func status(added, removed bool) string {
	switch {
	case added:
		return "new"
	case removed:
		return "removed"
	}
	return ""
}

func changePercent(c Change) string {
	if s := status(c.Added, c.Removed); s != "" {
		return s
	}
	if c.Old == c.New {
		return ""
	}
	return percent(c.Old, c.New)
}

func filePercent(f FileChange) string {
	if s := status(f.Added, f.Removed); s != "" {
		return s
	}
	return percent(f.Old, f.New)
}

// limitUse prints how much of its limit a package's new size takes.
func limitUse(c Change) string {
	if c.Limit <= 0 || c.Removed {
		return ""
	}
	s := fmt.Sprintf("%d%% of %s", c.New*100/c.Limit, FormatSize(c.Limit))
	if c.New > c.Limit {
		s += " OVER LIMIT"
	}
	return s
}

// budgetCell shows the growth allowed and the verdict, in the order the
// output reads best: markFirst for Markdown's emoji, last for the terminal.
func budgetCell(c Change, over, ok string, markFirst bool) string {
	if c.Budget == nil {
		return ""
	}
	verdict := ok
	if c.Over {
		verdict = over
	}
	if markFirst {
		return verdict + " max " + FormatDelta(c.Allowed)
	}
	return "max " + FormatDelta(c.Allowed) + "  " + verdict
}

// headline names the compared projects.
func (c *Comparison) headline() string {
	if c.OldProject == c.NewProject {
		return c.NewProject
	}
	return c.OldProject + " → " + c.NewProject
}

func (c *Comparison) fileSummary() string {
	return fmt.Sprintf("%d added, %d removed, %d changed", c.FilesAdded, c.FilesRemoved, c.FilesChanged)
}

// overSummary lists what exceeded its budget: "main +100.0 KB (allowed
// +10.0 KB)".
func (c *Comparison) overSummary(quote func(string) string) string {
	var parts []string
	for _, o := range c.Over() {
		parts = append(parts, fmt.Sprintf("%s %s (allowed %s)", quote(o.Name), FormatDelta(o.Growth()), FormatDelta(o.Allowed)))
	}
	return strings.Join(parts, ", ")
}

// Table prints the comparison for a terminal.
func (c *Comparison) Table() string {
	var b strings.Builder
	fmt.Fprintf(&b, "mpc analyze: %s\n\n", c.headline())

	rows := [][]string{{"package", "old", "new", "change", "%", "gzip change", "limit", "budget"}}
	for _, p := range append(c.Packages[:len(c.Packages):len(c.Packages)], c.Total) {
		rows = append(rows, []string{
			p.Name, FormatSize(p.Old), FormatSize(p.New), FormatDelta(p.Growth()), changePercent(p),
			FormatDelta(p.GzipGrowth()), limitUse(p), budgetCell(p, "OVER", "ok", false),
		})
	}
	writeColumns(&b, rows, "lrrrrrl")

	fmt.Fprintf(&b, "\nfiles: %s\n", c.fileSummary())
	if len(c.Files) > 0 {
		rows = [][]string{{"change", "%", "old", "new", "file"}}
		for _, f := range c.Files {
			rows = append(rows, []string{FormatDelta(f.Growth()), filePercent(f), FormatSize(f.Old), FormatSize(f.New), f.Path})
		}
		b.WriteByte('\n')
		writeColumns(&b, rows, "rrrrl")
	}

	if len(c.ColdStart) > 0 {
		b.WriteString("\ncold start:\n")
		rows = [][]string{{"figure", "old", "new", "change"}}
		for _, f := range c.ColdStart {
			rows = append(rows, []string{f.Name, FormatSize(f.Old), FormatSize(f.New), FormatDelta(f.New - f.Old)})
		}
		writeColumns(&b, rows, "lrrr")
	}

	if len(c.Violations) > 0 {
		b.WriteString("\nsize limits exceeded by the new build:\n")
		for _, v := range c.Violations {
			fmt.Fprintf(&b, "  %s\n", v.Message)
		}
	}
	if !c.Budget.IsZero() {
		if c.Exceeded() {
			fmt.Fprintf(&b, "\ngrowth budget %s exceeded: %s\n", c.Budget, c.overSummary(func(s string) string { return s }))
		} else {
			fmt.Fprintf(&b, "\nwithin the growth budget %s\n", c.Budget)
		}
	}
	return b.String()
}

// writeColumns prints rows as space-separated columns; align has one letter
// per column, 'l' or 'r'. The first row is the header. Trailing blanks are
// trimmed so that golden files stay clean.
func writeColumns(b *strings.Builder, rows [][]string, align string) {
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, cell := range r {
			widths[i] = max(widths[i], utf8.RuneCountInString(cell))
		}
	}
	for _, r := range rows {
		var line strings.Builder
		line.WriteString("  ")
		for i, cell := range r {
			if i > 0 {
				line.WriteString("  ")
			}
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(cell))
			if i < len(align) && align[i] == 'r' {
				line.WriteString(pad + cell)
			} else {
				line.WriteString(cell + pad)
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " "))
		b.WriteByte('\n')
	}
}

// Markdown prints the comparison for a pull-request comment.
func (c *Comparison) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "### mpc analyze: %s\n\n", mdText(c.headline()))
	fmt.Fprintf(&b, "**Total %s** (%s", FormatSize(c.Total.New), FormatDelta(c.Total.Growth()))
	if p := percent(c.Total.Old, c.Total.New); p != "" {
		fmt.Fprintf(&b, ", %s", p)
	}
	fmt.Fprintf(&b, "; gzip %s) · files %s\n\n", FormatDelta(c.Total.GzipGrowth()), c.fileSummary())

	if !c.Budget.IsZero() {
		if c.Exceeded() {
			fmt.Fprintf(&b, "❌ **Over the growth budget** %s: %s\n\n", mdCode(c.Budget.String()), c.overSummary(mdCode))
		} else {
			fmt.Fprintf(&b, "✅ Within the growth budget %s\n\n", mdCode(c.Budget.String()))
		}
	}
	if len(c.Violations) > 0 {
		b.WriteString("⚠️ **Size limits exceeded by this build:**\n\n")
		for _, v := range c.Violations {
			fmt.Fprintf(&b, "- %s\n", mdText(v.Message))
		}
		b.WriteByte('\n')
	}

	b.WriteString("| package | old | new | change | gzip change | limit | budget |\n")
	b.WriteString("|:--|--:|--:|--:|--:|--:|:--|\n")
	for _, p := range c.Packages {
		writeMdChange(&b, mdCode(p.Name), p)
	}
	writeMdChange(&b, "**total**", c.Total)

	if len(c.Files) > 0 {
		fmt.Fprintf(&b, "\n<details><summary>Largest file changes (%d of %d)</summary>\n\n", len(c.Files), c.FileChanges())
		b.WriteString("| file | package | old | new | change |\n")
		b.WriteString("|:--|:--|--:|--:|--:|\n")
		for _, f := range c.Files {
			ch := FormatDelta(f.Growth())
			if p := filePercent(f); p != "" {
				ch += " (" + p + ")"
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", mdCode(f.Path), mdCode(f.Package), FormatSize(f.Old), FormatSize(f.New), ch)
		}
		b.WriteString("\n</details>\n")
	}

	if len(c.ColdStart) > 0 {
		b.WriteString("\n<details><summary>Cold start</summary>\n\n")
		b.WriteString("| figure | old | new | change |\n")
		b.WriteString("|:--|--:|--:|--:|\n")
		for _, f := range c.ColdStart {
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", f.Name, FormatSize(f.Old), FormatSize(f.New), FormatDelta(f.New-f.Old))
		}
		b.WriteString("\n</details>\n")
	}
	return b.String()
}

func writeMdChange(b *strings.Builder, name string, p Change) {
	ch := FormatDelta(p.Growth())
	if s := changePercent(p); s != "" {
		ch += " (" + s + ")"
	}
	fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s | %s |\n", name, FormatSize(p.Old), FormatSize(p.New), ch,
		FormatDelta(p.GzipGrowth()), strings.Replace(limitUse(p), " OVER LIMIT", " ⚠️ over", 1), budgetCell(p, "❌", "✅", true))
}

// mdCode quotes s as inline code that survives a table cell.
func mdCode(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	if strings.Contains(s, "`") {
		return "`` " + s + " ``"
	}
	return "`" + s + "`"
}

// mdText escapes the characters that would start Markdown or HTML markup in
// free text such as a project name.
func mdText(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_[]<>|#", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
