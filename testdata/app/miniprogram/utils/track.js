export function track(event) {
  console.log('[track]', event)
}
