import { track } from './utils/track'

App({
  onLaunch() {
    track('launch')
  },
})
