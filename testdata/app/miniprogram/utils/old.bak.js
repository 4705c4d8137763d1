// ignored by packOptions (suffix .bak.js)
