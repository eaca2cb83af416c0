// Peers online, trust (the keys banned for having lied, and the units no live key may replicate) and the project's
// content: the manifest, the libraries' and archives' CIDs with how many mirrors hold each, and the latest
// statistics export.
import { pageOf } from '../api/params.js'
import type { DashboardComponents } from '../components.js'
import { MAX_PAGE_LIMIT } from '../constants.js'
import { sendHtml } from '../respond.js'
import type { RouteContext } from '../router.js'
import { html, shortId, when } from './html.js'
import { layout } from './layout.js'
import { pager } from './pager.js'

/** Starved units' ids shown on the page (the API lists up to MAX_PAGE_LIMIT). */
const STARVED_SHOWN = 20

/** GET /network?offset&limit (the bans paged) */
export function networkPage (c: DashboardComponents) {
  return (ctx: RouteContext): void => {
    const m = c.readModel.manifest()
    const peers = c.readModel.peers().sort((a, b) => a.opened - b.opened).slice(0, MAX_PAGE_LIMIT)
    const names = c.readModel.volunteerNames(peers.map((p) => p.peerId))
    const role = (id: string): string => m.verifiers.includes(id) ? 'verifier' : m.mirrors.includes(id) ? 'mirror' : names.has(id) ? 'volunteer' : 'peer'
    const libReceipts = c.readModel.receiptCounts(m.libraries.map((l) => l.cid))
    const archives = c.readModel.archives({ limit: 100, offset: 0 })
    const exported = c.latestExport()
    const page = pageOf(ctx.url)
    const bans = c.readModel.bans(page)
    const starved = c.readModel.starved(STARVED_SHOWN)
    const main = html`<h1>Peers online</h1>
<table id="peers"><thead><tr><th>peer</th><th>role</th><th>name</th><th>connected since</th></tr></thead><tbody>
${peers.map((p) => html`<tr><td><code title="${p.peerId}">${shortId(p.peerId)}</code></td><td>${role(p.peerId)}</td><td>${names.get(p.peerId) ?? ''}</td><td>${when(p.opened)}</td></tr>`)}
</tbody></table>
<h1>Trust</h1>
<p class="meta">A key is banned when a verifier quorum's recomputation contradicts its result (<code>recompute_mismatch</code>) or the content it signed does not match (<code>bad_result</code>): its results are invalid, its credit is gone, and the units it took part in are computed again.</p>
<h2>Banned keys</h2>
${bans.total === 0
      ? html`<p>None.</p>`
      : html`<table id="bans"><thead><tr><th>peer</th><th>reason</th><th>banned</th><th>units reopened</th><th>pixels recomputed</th></tr></thead><tbody>
${bans.bans.map((b) => html`<tr><td><code title="${b.peerId}">${shortId(b.peerId)}</code></td><td><code>${b.reason}</code></td><td>${when(b.banned)}</td><td class="n">${b.units}</td><td class="n">${b.pixels}</td></tr>`)}
</tbody></table>
${pager('/network', page, bans.total)}`}
<h2>Starved units</h2>
<p id="starved" data-count="${starved.count}">${starved.count === 0
      ? 'None: every unit that wants a replica has a live volunteer who may take it.'
      : html`${starved.count} unit${starved.count === 1 ? '' : 's'} no live volunteer may replicate (each has been sent to, or is too close to a replica of, every volunteer asking for work); they wait for a new volunteer: ${starved.units.map((u, k) => html`${k === 0 ? '' : ', '}<code>${u}</code>`)}${starved.count > starved.units.length ? ', …' : ''}.`}</p>
<h1>Content</h1>
<p>Manifest sequence ${m.sequence}, issued ${when(m.issuedMs)}: ${m.verifiers.length} verifiers, ${m.mirrors.length} mirror${m.mirrors.length === 1 ? '' : 's'}.</p>
<h2>Model libraries</h2>
<table id="libraries"><thead><tr><th>file</th><th>CID</th><th>size</th><th>mirrors</th></tr></thead><tbody>
${m.libraries.map((l) => html`<tr><td>${l.name}</td><td><code>${l.cid}</code></td><td class="n">${l.size.toLocaleString('en-US')}</td><td class="n">${libReceipts.get(l.cid) ?? 0}</td></tr>`)}
</tbody></table>
<h2>Galaxy archives</h2>
<table id="archives"><thead><tr><th>galaxy</th><th>CID</th><th>archived</th><th>mirrors</th></tr></thead><tbody>
${archives.archives.map((a) => html`<tr><td><a href="/galaxies/${a.galaxyId}">${a.galaxy}</a></td><td><code>${a.cid}</code></td><td>${when(a.created)}</td><td class="n">${a.mirrors}</td></tr>`)}
</tbody></table>
<h2>Statistics export</h2>
${exported === undefined ? html`<p>None yet.</p>` : html`<p>${when(exported.created)}: ${exported.users} volunteers, ${exported.teams} teams; CID <code>${exported.cid}</code>. Files: <a href="/stats/latest/user.xml.gz">user.xml.gz</a>, <a href="/stats/latest/team.xml.gz">team.xml.gz</a>, <a href="/stats/latest/export.json">export.json</a>, <a href="/stats/latest/export.sig">export.sig</a> (signed by the project key in the domain <code>pogs/stats-export/v1</code>).</p>
<p><button type="button" id="verify-export" data-project="${c.project}">verify in this browser</button> <output id="verify-result"></output></p>`}`
    sendHtml(ctx.res, layout('Network & content', main, { project: c.project, live: 'archived receipt stats-exported banned starved', modules: ['/assets/verify.js'] }).text)
  }
}
