// The volunteer page's HTML: no inline script or style (the policy forbids them); the boot script loads the program
// by its recorded digest and says so when the browser refuses it.
import { escapeHtml } from '../pages/html.js'

export function volunteerPageHtml (files: Record<string, { integrity: string }>): string {
  const sri = (name: string): string => escapeHtml(files[name]?.integrity ?? '')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>pogs: volunteer from this tab</title>
<link rel="stylesheet" href="/volunteer/volunteer.css" integrity="${sri('volunteer.css')}" crossorigin="anonymous">
<meta name="pogs-program" content="/volunteer/volunteer.js" data-integrity="${sri('volunteer.js')}">
<script defer src="/volunteer/boot.js" integrity="${sri('boot.js')}" crossorigin="anonymous"></script>
</head>
<body>
<h1>pogs: measure galaxies, pixel by pixel, in this tab</h1>
<p>This page fits the spectral energy distribution of galaxy pixels for the pogs project (a peer-to-peer rebuild of
theSkyNet POGS) on the cores you choose, and returns signed results. Close the tab to stop.</p>
<p id="boot-message">Starting... (if this message stays, the page's program did not load: nothing is computed.)</p>
<fieldset id="controls" hidden>
<legend>You</legend>
<label>Name <input id="name" maxlength="64" autocomplete="nickname"></label>
<label>Team <input id="team" maxlength="64"></label>
<label>Cores <select id="cpus"></select></label>
<button id="pause" type="button">Pause</button>
<p>Identity (your credit follows it): <code id="peer-id"></code></p>
<button id="export" type="button">Export identity</button>
<label>Import identity <input id="import" type="file"></label>
<span id="import-message"></span>
</fieldset>
<fieldset id="status" hidden>
<legend>Work</legend>
<p>State: <strong id="state">starting</strong>. Peers: <span id="peers">0</span>. Galaxy: <strong id="galaxy">none yet</strong>
<a id="galaxy-link" hidden>its maps</a></p>
<img id="galaxy-map" hidden alt="">
<progress id="progress" value="0" max="1"></progress>
<p>Pixels fitted: <span id="pixels">0</span>. Units: <span id="units">0</span>. Credit: <span id="credit">not yet granted</span>.</p>
<ul id="log"></ul>
</fieldset>
</body>
</html>
`
}
