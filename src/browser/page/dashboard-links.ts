// When a coordinator serves the page, its dashboard API is on the same origin: the page shows the galaxy being
// fitted (its thumbnail, linking to its maps) and the volunteer's credit. A seed serves the page without them.

/** Points `img` and `link` at the galaxy's thumbnail and dashboard page, if the dashboard knows it. */
export async function galaxyPreview (name: string, img: HTMLImageElement, link: HTMLAnchorElement): Promise<void> {
  try {
    // The first 500 galaxies (the API's page limit); beyond them the page shows the name alone.
    const list = await (await fetch('/api/galaxies?limit=500')).json() as { galaxies: Array<{ id: number, name: string }> }
    const g = list.galaxies.find((x) => x.name === name)
    if (g === undefined) return
    img.src = `/api/galaxies/${g.id}/thumbnail.png`
    img.alt = `${name}, as registered`
    img.hidden = false
    link.href = `/galaxies/${g.id}`
    link.hidden = false
  } catch {
    // no dashboard after all: the name alone is shown
  }
}

/** The volunteer's total credit on the dashboard, if listed yet. */
export async function volunteerCredit (peerId: string): Promise<number | undefined> {
  try {
    const line = await (await fetch(`/api/volunteers/${encodeURIComponent(peerId)}`)).json() as { volunteer: { total: number } | null }
    return line.volunteer?.total
  } catch {
    return undefined
  }
}
