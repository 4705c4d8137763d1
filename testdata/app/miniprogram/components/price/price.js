import { money } from '@/utils/format'

Component({
  properties: { cents: Number },
  observers: { cents(c) { this.setData({ value: money(c) }) } },
})
