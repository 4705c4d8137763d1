// used by pkgA and pkgB only: copied into each (or hoisted with --shared=hoist)
const { ymd } = require('tiny-date')

module.exports = {
  today() {
    return ymd(new Date())
  },
}
