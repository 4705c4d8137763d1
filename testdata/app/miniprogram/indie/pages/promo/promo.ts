import { money, CURRENCY } from '../../../utils/format'

interface Data { label: string }

Page({
  data: { label: money(500) + ' ' + CURRENCY } as Data,
})
