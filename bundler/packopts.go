package bundler

import (
	"path"
	"regexp"
	"strings"

	"github.com/mpc-dev/mpc/diag"
)

// packRule is one project.config.json packOptions.ignore/include rule.
// Matching is case-insensitive on the path relative to the mini program
// root; prefix and suffix test the base name (miniprogram-ci filerules.js).
type packRule struct {
	typ   string // folder, file, suffix, prefix, glob, regexp
	value string // lower-cased, slash path without leading "./" or "/"
	re    *regexp.Regexp
}

func (r *packRule) match(p string) bool {
	p = strings.ToLower(p)
	switch r.typ {
	case "folder":
		return r.value == "" || p == r.value || strings.HasPrefix(p, r.value+"/")
	case "file":
		return p == r.value
	case "suffix":
		return strings.HasSuffix(path.Base(p), r.value)
	case "prefix":
		return strings.HasPrefix(path.Base(p), r.value)
	case "glob", "regexp":
		return r.re != nil && r.re.MatchString(p)
	}
	return false
}

// parsePackRules reads a rule list; bad rules are reported and skipped.
func parsePackRules(log *diag.Log, src *diag.Source, list *jvalue, field string) []*packRule {
	if list == nil {
		return nil
	}
	if list.kind != 'a' {
		log.AddError(src, list.rng, "project/pack-options", `["packOptions"]["`+field+`"] must be an array`)
		return nil
	}
	var out []*packRule
	for _, item := range list.vals {
		typ, val := item.get("type"), item.get("value")
		if !typ.isString() || !val.isString() {
			log.AddError(src, item.rng, "project/pack-options", `a packOptions rule needs string "type" and "value"`)
			continue
		}
		r := &packRule{typ: typ.str, value: strings.ToLower(val.str)}
		switch r.typ {
		case "folder", "file":
			r.value = strings.Trim(path.Clean("/"+r.value), "/")
		case "suffix", "prefix":
		case "glob":
			r.re = regexp.MustCompile(globToRegexp(strings.TrimPrefix(r.value, "./")))
		case "regexp":
			re, err := regexp.Compile(val.str)
			if err != nil {
				log.AddError(src, val.rng, "project/pack-options", "bad regexp: "+err.Error())
				continue
			}
			r.re = regexp.MustCompile("(?i)" + re.String())
		default:
			log.AddError(src, typ.rng, "project/pack-options", `unknown packOptions rule type "`+r.typ+`" (want folder, file, suffix, prefix, glob or regexp)`)
			continue
		}
		out = append(out, r)
	}
	return out
}

// globToRegexp translates a minimatch-style glob: ** crosses folders, *
// and ? do not, {a,b} alternates.
func globToRegexp(g string) string {
	var b strings.Builder
	b.WriteString("^")
	depth := 0
	for i := 0; i < len(g); i++ {
		c := g[i]
		switch {
		case c == '*' && i+1 < len(g) && g[i+1] == '*':
			i++
			if i+1 < len(g) && g[i+1] == '/' {
				i++
				b.WriteString("(?:.*/)?")
			} else {
				b.WriteString(".*")
			}
		case c == '*':
			b.WriteString("[^/]*")
		case c == '?':
			b.WriteString("[^/]")
		case c == '{':
			depth++
			b.WriteString("(?:")
		case c == '}' && depth > 0:
			depth--
			b.WriteString(")")
		case c == ',' && depth > 0:
			b.WriteString("|")
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString("$")
	return b.String()
}

func matchAny(rules []*packRule, p string) bool {
	for _, r := range rules {
		if r.match(p) {
			return true
		}
	}
	return false
}
