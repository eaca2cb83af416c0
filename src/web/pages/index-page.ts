// The front page: project counts, the latest statistics export, and the galaxy list with thumbnails and progress.
import type { DashboardComponents } from '../components.js'
import { sendHtml } from '../respond.js'
import type { RouteContext } from '../router.js'
import { pageOf } from '../api/params.js'
import { fmt, href, html, when } from './html.js'
import { layout } from './layout.js'
import { pager } from './pager.js'

/** GET / */
export function indexPage (c: DashboardComponents) {
  return (ctx: RouteContext): void => {
    const page = pageOf(ctx.url, 24)
    const counts = c.readModel.projectCounts()
    const { total, galaxies } = c.readModel.galaxies(page)
    const exported = c.latestExport()
    const rows = galaxies.map((g) => {
      const pct = g.pixels === 0 ? 0 : Math.round((100 * g.assimilated) / g.pixels)
      return html`<li class="galaxy-card" data-galaxy="${g.id}">
<a href="/galaxies/${g.id}"><img class="thumb" src="${href(`/api/galaxies/${g.id}/thumbnail.png`)}" alt="" width="96" height="96"></a>
<div><a class="name" href="/galaxies/${g.id}">${g.name}</a>
<div class="meta">z = ${g.redshift} · ${g.bands.length} bands · ${g.status}</div>
<progress max="100" value="${pct}"></progress> <span class="pct">${pct}%</span> <span class="meta">${g.assimilated} of ${g.pixels} pixels</span></div>
</li>`
    })
    const main = html`<section class="summary" id="counts">
<div><b>${counts.galaxies}</b> galaxies</div><div><b>${counts.pixels}</b> pixels fitted</div>
<div><b>${counts.volunteers}</b> volunteers</div><div><b>${counts.teams}</b> teams</div><div><b>${fmt(counts.credit, 0)}</b> credit</div>
<div><b>${counts.units.assimilated ?? 0}</b> / ${Object.values(counts.units).reduce((a, b) => a + b, 0)} units assimilated</div>
</section>
<p class="export">${exported === undefined
      ? 'No statistics export yet.'
      : html`Statistics export of ${when(exported.created)}: <a href="/stats/latest/user.xml.gz">user.xml.gz</a>, <a href="/stats/latest/team.xml.gz">team.xml.gz</a>, <a href="/stats/latest/export.json">export.json</a>, <a href="/stats/latest/export.sig">export.sig</a> · CID <code>${exported.cid}</code>`}</p>
<h1>Galaxies</h1>
${galaxies.length === 0 ? html`<p>No galaxy yet: add one with <code>pogs galaxy add FILE.fits --data DIR</code>.</p>` : html`<ul class="galaxies">${rows}</ul>`}
${pager('/', page, total)}`
    sendHtml(ctx.res, layout('Galaxies', main, { project: c.project, live: 'galaxy-added assimilated archived credit stats-exported banned' }).text)
  }
}
