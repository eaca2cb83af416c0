// The dashboard's stylesheet (served as /assets/style.css).

/** The stylesheet's text. */
export const STYLE_CSS = `:root { color-scheme: dark; --bg: #0d1117; --fg: #e6edf3; --dim: #8b949e; --line: #30363d; --accent: #58a6ff; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, sans-serif; background: var(--bg); color: var(--fg); }
header { display: flex; gap: 1.5em; align-items: center; padding: .6em 1.2em; border-bottom: 1px solid var(--line); }
header .brand { font-weight: 700; font-size: 1.2em; color: var(--fg); text-decoration: none; }
nav a { margin-right: 1em; }
a { color: var(--accent); }
main { padding: 1em 1.2em; max-width: 1200px; }
footer { padding: 1em 1.2em; color: var(--dim); font-size: .85em; border-top: 1px solid var(--line); overflow-wrap: anywhere; }
h1 { font-size: 1.4em; margin: .8em 0 .4em; overflow-wrap: anywhere; }
h2 { font-size: 1.15em; margin: 1.2em 0 .4em; }
code { font-size: .88em; overflow-wrap: anywhere; }
.meta { color: var(--dim); font-size: .9em; }
.live { margin-left: auto; font-size: .8em; color: var(--dim); }
.live.on { color: #3fb950; }
.summary { display: flex; flex-wrap: wrap; gap: 1.5em; }
.summary b { font-size: 1.3em; }
.galaxies { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 1em; }
.galaxy-card { display: flex; gap: .8em; padding: .6em; border: 1px solid var(--line); border-radius: 6px; }
.galaxy-card .name { font-weight: 600; overflow-wrap: anywhere; }
img.thumb { width: 96px; height: 96px; image-rendering: pixelated; background: #000; }
.images { display: flex; flex-wrap: wrap; gap: 1.2em; }
figure.image { margin: 0; width: 232px; }
.frame { position: relative; width: 232px; height: 232px; background: #000; }
.frame img { width: 100%; height: 100%; image-rendering: pixelated; display: block; }
.frame svg.overlay { position: absolute; inset: 0; width: 100%; height: 100%; }
.overlay rect { fill: rgba(255, 255, 255, .18); stroke: #ff7b72; stroke-width: .25; }
img.colour-bar { width: 100%; height: 12px; display: block; margin-top: 4px; image-rendering: pixelated; }
.range { display: flex; justify-content: space-between; font-size: .8em; color: var(--dim); }
figcaption { font-size: .85em; color: var(--dim); }
progress { width: 180px; vertical-align: middle; }
table { border-collapse: collapse; margin: .4em 0; }
th, td { padding: .25em .6em; border-bottom: 1px solid var(--line); text-align: left; overflow-wrap: anywhere; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.states td { text-align: center; }
.chooser { margin: 1em 0; }
output.ok { color: #3fb950; }
output.bad { color: #ff7b72; }
`
