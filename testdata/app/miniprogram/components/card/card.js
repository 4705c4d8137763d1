const { today } = require('../../utils/shared-ab')

Component({
  properties: { title: String },
  data: { day: today() },
})
