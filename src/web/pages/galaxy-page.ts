// A galaxy's page: its colour composites with the areas a chosen volunteer computed drawn over them, its parameter
// maps with colour bars (filled in as areas are assimilated), progress and verification state, and its archive.
import type { AreaState } from '../../coordinator/read-model/index.js'
import { galaxyOf } from '../api/galaxies.js'
import { MAP_PARAMETERS } from '../api/map-parameters.js'
import type { DashboardComponents } from '../components.js'
import type { ParameterGrids } from '../parameter-grids.js'
import { robustRange } from '../render/parameter-map.js'
import { availableComposites } from '../render/composite.js'
import { sendHtml } from '../respond.js'
import type { RouteContext } from '../router.js'
import { fmt, href, html, shortId, type SafeHtml } from './html.js'
import { layout } from './layout.js'

const UNIT_STATES = ['unsent', 'in_progress', 'returned', 'verified', 'assimilated', 'abandoned'] as const

/** The overlay: one rectangle per area of the chosen volunteer, in image coordinates (y flipped as the images are). */
function overlay (areas: AreaState[], width: number, height: number, volunteer: string): SafeHtml {
  const mine = areas.filter((a) => a.volunteers.includes(volunteer))
  const rects = mine.map((a) => html`<rect x="${a.x0}" y="${height - a.y1}" width="${a.x1 - a.x0}" height="${a.y1 - a.y0}"><title>area ${a.index}</title></rect>`)
  return html`<svg class="overlay" viewBox="0 0 ${width} ${height}" preserveAspectRatio="none" data-areas="${mine.length}">${rects}</svg>`
}

/** GET /galaxies/:id?volunteer=PEERID */
export function galaxyPage (c: DashboardComponents, grids: ParameterGrids) {
  return (ctx: RouteContext): void => {
    const g = galaxyOf(c, ctx)
    const extent = c.readModel.galaxyExtent(g) ?? { width: 1, height: 1 }
    const { areas } = c.readModel.galaxyAreas(g.id, { limit: 100_000, offset: 0 })
    const volunteers = [...new Set(areas.flatMap((a) => a.volunteers))].sort()
    const chosen = ctx.url.searchParams.get('volunteer') ?? ''
    const verification = c.readModel.galaxyVerification(g.id)
    const archive = c.readModel.galaxyArchive(g.id)
    const pct = g.pixels === 0 ? 0 : Math.round((100 * g.assimilated) / g.pixels)
    const base = `/api/galaxies/${g.id}`
    const composites = availableComposites(g.bands).map((cmp) => html`<figure class="image">
<div class="frame"><img src="${base}/composites/${cmp.name}.png" alt="${cmp.name} composite" width="${extent.width}" height="${extent.height}">${chosen === '' ? '' : overlay(areas, extent.width, extent.height, chosen)}</div>
<figcaption>${cmp.name.split('').join('/')} (asinh stretch)</figcaption></figure>`)
    const maps = MAP_PARAMETERS.map((m) => {
      const grid = grids.grid(g.id, extent.width, extent.height, m.parameter, 'median')
      const range = robustRange(grid.values)
      return html`<figure class="image map" data-parameter="${m.parameter}" data-pixels="${grid.count}">
<div class="frame"><img src="${href(`${base}/maps/${m.parameter}.png`, { n: grid.count })}" alt="${m.label} map" width="${extent.width}" height="${extent.height}">${chosen === '' ? '' : overlay(areas, extent.width, extent.height, chosen)}</div>
<img class="colour-bar" src="/api/colour-bar.png" alt="">
<div class="range"><span>${fmt(range?.min)}</span><span>${m.label}, median</span><span>${fmt(range?.max)}</span></div>
</figure>`
    })
    const options = volunteers.map((v) => html`<option value="${v}"${chosen === v ? html` selected` : ''}>${shortId(v)}</option>`)
    const main = html`<h1>${g.name}</h1>
<p class="meta">z = ${g.redshift}${g.ra === null ? '' : html` · RA ${fmt(g.ra, 4)}°`}${g.dec === null ? '' : html` · Dec ${fmt(g.dec, 4)}°`} · ${extent.width} × ${extent.height} pixels · bands ${g.bands.join(', ')} · ${g.status}${g.submitter === null ? '' : html` · submitted by <code title="${g.submitter}">${shortId(g.submitter)}</code>`}</p>
<section id="progress" class="progress">
<progress max="100" value="${pct}"></progress> <b class="pct">${pct}%</b> ${g.assimilated} of ${g.pixels} pixels assimilated in ${g.areas} areas
<table class="states"><tr>${UNIT_STATES.map((s) => html`<th>${s.replace('_', ' ')}</th>`)}</tr>
<tr>${UNIT_STATES.map((s) => html`<td data-state="${s}">${g.units[s] ?? 0}</td>`)}</tr></table>
<p class="meta">Verification: ${verification.verdicts.agree} agreeing and ${verification.verdicts.disagree} disagreeing verdicts; results ${Object.entries(verification.results).map(([k, n]) => `${k} ${n}`).join(', ') || 'none yet'}.</p>
${archive === undefined ? '' : html`<p>Archive <code>${archive.cid}</code>, held by ${archive.mirrors} mirror${archive.mirrors === 1 ? '' : 's'}.${g.status === 'archived' ? html` <a class="export" href="${base}/export.fits" download>Parameter maps as FITS</a> (every parameter's 7 summary values, with the input's sky coordinates).` : ''}</p>`}
</section>
<form class="chooser" method="get" action="/galaxies/${g.id}">
<label>Show the areas computed by <select name="volunteer"><option value="">(nobody)</option>${options}</select></label> <button type="submit">show</button>
</form>
<section class="images">${composites}</section>
<h2>Parameter maps</h2>
<section id="maps" class="images">${maps}</section>`
    sendHtml(ctx.res, layout(g.name, main, { project: c.project, live: 'assimilated archived receipt banned' }).text)
  }
}
