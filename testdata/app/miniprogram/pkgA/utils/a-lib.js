export function helper() {
  return 'a-lib'
}
