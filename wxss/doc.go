// Package wxss parses WXSS (WeChat's CSS dialect) into an AST and prints it
// back as minified WXSS for the upload tree, or as the CSS WeChat's wcsc
// injects for one device.
//
// # Parsing
//
// Parse(log, src, ParseOptions{}) reads one file with no I/O. Tokens come
// from the CSS lexer of github.com/tdewolff/parse/v2; the parser on top is
// mpc's own and follows wcsc's grammar, which is narrower than CSS (see
// docs/wxss.md): what wcsc rejects (`*`, `>>>`, `@import url()`, escapes in
// selectors, `;;`, empty @media, ...) is an error with path:line:col, and
// the parser recovers at the next declaration or rule. It never panics and
// never returns a Go error for bad input. The AST keeps byte ranges:
//
//	Stylesheet.Rules    *StyleRule, *AtRule, *Import in source order
//	Stylesheet.Imports  top-level @imports (with ranges and resolved Path)
//	Stylesheet.URLs     local url(...) references, for following assets
//
// ParseOptions.Component marks a component's sheet: tag, id and attribute
// selectors then get a warning (pages get none).
//
// # Imports
//
// ResolveImport(from, spec) resolves an @import like WeChat: relative to
// the importing file, or from the mini program root for "/x", with ".wxss"
// added when missing. A Loader reads sheets from an fs.FS rooted at the
// mini program root (slash paths), parses each file once (safe for
// concurrent use) and follows imports:
//
//	l := wxss.NewLoader(os.DirFS(root))
//	sheet, err := l.Load(&log, "pages/index/index.wxss")
//
// Load reports, for the whole import closure, each file's syntax errors,
// missing imports (at the @import's range) and import cycles (with the
// whole chain as notes). LoadAll does the same for many entries with
// shared files reported once. Loader.Sheet looks a loaded sheet up.
//
// # Printing
//
// Print(sheet, PrintOptions{...}) never parses and never fails:
//
//	Rpx: RpxKeep  minified WXSS: rpx, selectors and @import as written;
//	              only whitespace, comments, the last ';' of a block and the
//	              unit of a top-level zero length (outside calc(), flex and
//	              custom properties) go. Parsing the output again gives the
//	              same AST.
//	Rpx: RpxPX    the CSS wcsc injects for a device of Width px (DPR, IOS):
//	              rpx converted with wcsc's transformRPX (PXValue), page →
//	              body, tags → wx-tag, :host rules dropped, :root removed,
//	              ClassPrefix after every class's dot, and with
//	              Imports: loader.Sheet every @import inlined the way wcsc
//	              does (a repeated sheet appears once, at its last place).
//	Rpx: RpxVW    RpxPX with rpx as vw (750rpx = 100vw) for the web.
//
// rpx inside @media/@supports conditions, strings and url()s is never
// converted. Minify puts everything on one line; otherwise one rule per
// line.
package wxss
