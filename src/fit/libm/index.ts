// Engine-independent exp, log, log10 and pow (README.md): the fit core calls these, never Math's.
export { exp } from './exp.js'
export { log, log10 } from './log.js'
export { pow } from './pow.js'
