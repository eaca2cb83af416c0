// Driving the browser volunteer's page from tests (docs/volunteer.md#in-a-browser-tab): what it records as
// problems, and its state (window.pogsVolunteer), polled because the page has no event a test could await across
// the process boundary.
import type { Page } from 'playwright-core'

/** The Chromium the browser tests and bench drive: Debian's, unless POGS_CHROMIUM names another. */
export const CHROMIUM = process.env.POGS_CHROMIUM ?? '/usr/bin/chromium'

/** What every test reads of the page's state; each test widens it with the fields it checks. */
export interface PageStateBase {
  refused?: string
  errors: string[]
}

/** Records console errors, uncaught errors, failed requests and error responses of `page` into `problems`. */
export function recordProblems (page: Page, label: string, problems: string[]): void {
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`${label}: console: ${m.text()}`) })
  page.on('pageerror', (e) => { problems.push(`${label}: ${e.message}`) })
  page.on('requestfailed', (r) => { problems.push(`${label}: request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`) })
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`${label}: ${r.status()} ${r.url()}`) })
}

export async function pageState<S extends PageStateBase> (page: Page): Promise<S> {
  return await page.evaluate(() => (globalThis as unknown as { pogsVolunteer: S }).pogsVolunteer)
}

/** Polls the page's state until `ok` holds; throws when the page refused to start or after `ms`. */
export async function untilPageState<S extends PageStateBase> (page: Page, ok: (s: S) => boolean, what: string, ms = 240_000): Promise<S> {
  const deadline = Date.now() + ms
  while (true) {
    const s = await pageState<S>(page)
    if (s.refused !== undefined) throw new Error(`the page refused: ${s.refused}`)
    if (ok(s)) return s
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(s).slice(0, 1000)}`)
    await page.waitForTimeout(250)
  }
}
