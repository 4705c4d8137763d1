import { track } from '../../utils/track'
import { CURRENCY } from '@/utils/format'

Page({
  data: { currency: CURRENCY },
  onShow() {
    track('index')
  },
  openList() {
    wx.navigateTo({ url: '/pkgA/pages/list/list' })
  },
})
