package wxss

import (
	"path"
	"strings"
)

// ResolveImport resolves an @import spec the way WeChat does: relative to
// the importing file `from` (a slash path from the mini program root), or
// from the root when it starts with '/', with ".wxss" appended when the
// spec does not end with it. The result is a clean slash path from the
// root ("../x.wxss" when it leaves the root, which no fs.FS can open).
func ResolveImport(from, spec string) string {
	spec = strings.ReplaceAll(spec, "\\", "/")
	var p string
	if strings.HasPrefix(spec, "/") {
		p = path.Clean(spec[1:])
	} else {
		p = path.Join(path.Dir(from), spec)
	}
	if !strings.HasSuffix(p, ".wxss") {
		p += ".wxss"
	}
	return p
}
