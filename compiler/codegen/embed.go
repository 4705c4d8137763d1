package codegen

import _ "embed"

// Runtime is the shared JS runtime every generated module runs on.
//
//go:embed runtime.js
var Runtime string

//go:embed wxs_prelude.js
var wxsPrelude string

//go:embed wxs_date.js
var wxsDate string

// WxsPrelude is the WXS standard library (nv_-prefixed builtins): the
// prelude, then V8's date-string parser, which replaces getDate and
// Date.parse for strings.
var WxsPrelude = wxsPrelude + "\n" + wxsDate
