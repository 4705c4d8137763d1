// used by pkgA only: moved into it
export const greeting = (name) => `hello, ${name}`
