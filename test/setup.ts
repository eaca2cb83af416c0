import '../src/util/polyfill.js'
