// Previous/next links of a paged list.
import type { Page } from '../../coordinator/read-model/index.js'
import { href, html, type SafeHtml } from './html.js'

/** Links to the neighbouring pages of `path` (empty when everything fits on one page). */
export function pager (path: string, page: Page, total: number, extra: Record<string, string | number | undefined> = {}): SafeHtml {
  if (total <= page.limit && page.offset === 0) return html``
  const prev = page.offset > 0 ? html`<a href="${href(path, { ...extra, offset: Math.max(0, page.offset - page.limit), limit: page.limit })}">← previous</a>` : ''
  const next = page.offset + page.limit < total ? html`<a href="${href(path, { ...extra, offset: page.offset + page.limit, limit: page.limit })}">next →</a>` : ''
  return html`<p class="pager">${prev} ${page.offset + 1}–${Math.min(total, page.offset + page.limit)} of ${total} ${next}</p>`
}
