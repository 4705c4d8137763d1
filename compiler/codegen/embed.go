package codegen

import _ "embed"

// Runtime is the shared JS runtime every generated module runs on.
//
//go:embed runtime.js
var Runtime string

// WxsPrelude is the WXS standard library (nv_-prefixed builtins).
//
//go:embed wxs_prelude.js
var WxsPrelude string
