import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { escapeHtml, html, raw } from '../../../src/web/pages/html.js'
import { HOSTILE, get, startFixture, type Fixture } from './fixture.js'

// Safe to expose: every page shows peer-supplied text (a galaxy named by its FITS header, volunteers' and teams'
// claimed names) escaped, never as markup; responses carry a content security policy and nosniff.

let f: Fixture
beforeAll(async () => {
  f = await startFixture()
  await f.assimilateNext()
})
afterAll(async () => { await f.close() })

describe('escaping', () => {
  test('the html template escapes values and keeps SafeHtml', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&\``)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;')
    expect(html`<td>${HOSTILE}</td>`.text).toBe('<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>')
    expect(html`<p>${raw('<b>ok</b>')} ${[html`<i>${'<x>'}</i>`, '<y>']}</p>`.text).toBe('<p><b>ok</b> <i>&lt;x&gt;</i>&lt;y&gt;</p>')
    expect(html`${null}${undefined}${false}${0}`.text).toBe('0')
  })

  test.each(['/', '/galaxies/1', '/volunteers', '/network'])('%s shows hostile names escaped, never as markup', async (path) => {
    const r = await get(f, path.replace('/1', `/${f.galaxyId}`))
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(r.headers.get('content-security-policy')).toMatch(/script-src 'self'/)
    expect(r.headers.get('x-content-type-options')).toBe('nosniff')
    const body = await r.text()
    expect(body).not.toContain(HOSTILE)
    expect(body).not.toContain('<b><script')
    // Our only scripts are our own files: no inline script, no handler attributes.
    const scripts = body.match(/<script[^>]*>/g) ?? []
    expect(scripts.length).toBeGreaterThanOrEqual(1)
    for (const s of scripts) expect(s).toMatch(/^<script (type="module" )?src="\/assets\/[a-z0-9-]+\.js"( defer)?>$/)
    expect(body).toMatch(/<script[^>]*><\/script>/)
    expect(body).not.toMatch(/ on[a-z]+=/i)
    expect(body).toContain('<script src="/assets/app.js" defer></script>')
    if (path !== '/network') expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  })

  test('a hostile volunteer chosen for the overlay is escaped in the form and the query', async () => {
    const r = await get(f, `/galaxies/${f.galaxyId}?volunteer=${encodeURIComponent(`"><script>alert(2)</script>`)}`)
    const body = await r.text()
    expect(body).not.toContain('<script>alert(2)')
    expect(body).not.toMatch(/"><script/)
  })

  test('the overlay draws the chosen volunteer\'s areas', async () => {
    const body = await (await get(f, `/galaxies/${f.galaxyId}?volunteer=${f.volunteers[1].peerId}`)).text()
    expect(body).toMatch(/<svg class="overlay"[^>]*data-areas="1"/)
    expect(body).toContain(`<option value="${f.volunteers[1].peerId}" selected>`)
  })
})
