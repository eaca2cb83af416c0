// Volunteers and teams ranked by credit (total, and recent average with BOINC's one-week half-life).
import { pageOf } from '../api/params.js'
import type { DashboardComponents } from '../components.js'
import { sendHtml } from '../respond.js'
import type { RouteContext } from '../router.js'
import { fmt, html, shortId } from './html.js'
import { layout } from './layout.js'
import { pager } from './pager.js'

/** GET /volunteers?offset&limit (volunteers paged; the first teams beside them) */
export function volunteersPage (c: DashboardComponents) {
  return (ctx: RouteContext): void => {
    const page = pageOf(ctx.url)
    const v = c.readModel.volunteers(page)
    const t = c.readModel.teams({ limit: 50, offset: 0 })
    const vRows = v.volunteers.map((x) => html`<tr><td>${x.rank}</td><td>${x.name ?? html`<i>unnamed</i>`}</td><td><code title="${x.peerId}">${shortId(x.peerId)}</code></td><td>${x.team ?? ''}</td><td class="n">${fmt(x.total, 0)}</td><td class="n">${fmt(x.recentAverage)}</td></tr>`)
    const tRows = t.teams.map((x) => html`<tr><td>${x.rank}</td><td>${x.name}</td><td class="n">${x.members}</td><td class="n">${fmt(x.total, 0)}</td><td class="n">${fmt(x.recentAverage)}</td></tr>`)
    const main = html`<h1>Volunteers</h1>
<p class="meta">Credit per valid result: pixels × bands fitted. Recent average: credit per day, halving every week without work. Names and teams are what volunteers claim.</p>
<table id="volunteers" class="ranking"><thead><tr><th>#</th><th>name</th><th>peer</th><th>team</th><th>credit</th><th>recent average</th></tr></thead><tbody>${vRows}</tbody></table>
${pager('/volunteers', page, v.total)}
<h1>Teams</h1>
<table id="teams" class="ranking"><thead><tr><th>#</th><th>team</th><th>members</th><th>credit</th><th>recent average</th></tr></thead><tbody>${tRows}</tbody></table>`
    sendHtml(ctx.res, layout('Volunteers & teams', main, { project: c.project, live: 'credit assimilated banned' }).text)
  }
}
