// The frame every page shares: title, navigation, the live-update status, and the one script and stylesheet.
import { html, type SafeHtml } from './html.js'

/** A whole page around `main`; `live` names what the client refreshes on events (see assets/app-js.ts). */
export function layout (title: string, main: SafeHtml, opts: { project: string, live?: string, modules?: string[] } = { project: '' }): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · pogs</title>
<link rel="stylesheet" href="/assets/style.css">
<script src="/assets/app.js" defer></script>
${(opts.modules ?? []).map((m) => html`<script type="module" src="${m}"></script>
`)}
</head>
<body data-live="${opts.live ?? ''}">
<header>
<a class="brand" href="/">pogs</a>
<nav><a href="/">Galaxies</a> <a href="/volunteers">Volunteers &amp; teams</a> <a href="/network">Network &amp; content</a> <a href="/api">API</a></nav>
<span id="live-status" class="live" title="live updates">offline</span>
</header>
<main id="main">
${main}
</main>
<footer>project <code title="${opts.project}">${opts.project}</code> · theSkyNet POGS, peer to peer</footer>
</body>
</html>
`
}
