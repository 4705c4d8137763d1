const { today } = require('../../../utils/shared-ab.js')

Page({
  onLoad() {
    // A module of another subpackage, loaded asynchronously (分包异步化).
    require.async('../../../pkgA/utils/a-lib.js').then((m) => console.log(m.helper()))
    this.setData({ day: today() })
  },
})
