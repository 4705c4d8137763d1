// nothing requires this file: it is left out and reported
module.exports = 1
