// The dashboard's one script (served as /assets/app.js): live updates. It listens to /api/events and, when an
// event the page cares about arrives (the body's data-live lists them), fetches the page again and swaps in the
// server-rendered <main> (already escaped there; DOMParser runs no scripts). At most one refresh per second.
// The volunteer chooser submits itself on change.

/** The script's text. */
export const APP_JS = `'use strict'
;(function () {
  var wanted = (document.body.getAttribute('data-live') || '').split(' ').filter(Boolean)
  var status = document.getElementById('live-status')
  var pending = false
  var last = 0
  function refresh () {
    if (pending) return
    pending = true
    var wait = Math.max(0, 1000 - (Date.now() - last))
    setTimeout(function () {
      last = Date.now()
      fetch(location.href, { headers: { accept: 'text/html' } }).then(function (r) { return r.text() }).then(function (text) {
        var doc = new DOMParser().parseFromString(text, 'text/html')
        var fresh = doc.getElementById('main')
        var main = document.getElementById('main')
        if (fresh && main) { main.replaceWith(document.importNode(fresh, true)); bind() }
        document.dispatchEvent(new CustomEvent('pogs:refreshed'))
      }).catch(function () {}).then(function () { pending = false })
    }, wait)
  }
  function bind () {
    var select = document.querySelector('form.chooser select')
    if (select) select.addEventListener('change', function () { select.form.submit() })
  }
  bind()
  if (!window.EventSource || wanted.length === 0) return
  var source = new EventSource('/api/events')
  source.onopen = function () { if (status) { status.textContent = 'live'; status.className = 'live on' } }
  source.onerror = function () { if (status) { status.textContent = 'reconnecting'; status.className = 'live' } }
  wanted.forEach(function (name) { source.addEventListener(name, refresh) })
})()
`
