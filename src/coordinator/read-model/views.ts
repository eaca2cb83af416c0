// The plain objects the read model answers with: what the dashboard (or any other reader) shows of the
// coordinator's state, decoded from its tables and its network. No database types escape through these.

/** A page of a list: `limit` rows from `offset`, in the list's order. */
export interface Page {
  limit: number
  offset: number
}

/** A galaxy as lists show it. */
export interface GalaxySummary {
  id: number
  name: string
  status: string
  redshift: number
  bands: string[]
  width: number | null
  height: number | null
  ra: number | null
  dec: number | null
  /** The peer id of the research-group key that submitted it over /pogs/submit; null for an inbox file. */
  submitter: string | null
  areas: number
  /** Viable pixels (what is to be fitted). */
  pixels: number
  /** Pixels assimilated so far. */
  assimilated: number
  /** Work units per state (unsent, in_progress, returned, verified, assimilated, abandoned). */
  units: Record<string, number>
}

/** A galaxy's verification state: verdicts recorded (agreeing or not) and results by validity. */
export interface GalaxyVerification {
  verdicts: { agree: number, disagree: number }
  results: Record<string, number>
}

/** A galaxy's size in pixels. */
export interface GalaxyExtent {
  width: number
  height: number
}

/** An area with its unit's state and the volunteers whose results for it were valid. */
export interface AreaState {
  index: number
  x0: number
  x1: number
  y0: number
  y1: number
  pixels: number
  unitId: string | null
  state: string
  /** Peer ids of the volunteers whose results were judged valid. */
  volunteers: string[]
}

/** An assimilated pixel's stored summary (the canonical fit with empty histograms), for building maps. */
export interface PixelSummary {
  /** Position in assimilation order: ask for those after the last one seen. */
  rowid: number
  x: number
  y: number
  summary: Uint8Array
}

/** A volunteer as the rankings show it. */
export interface VolunteerLine {
  rank: number
  peerId: string
  /** Self-asserted (peer-supplied) name and team. */
  name: string | null
  team: string | null
  total: number
  recentAverage: number
  firstSeen: number
}

/** A team as the rankings show it. */
export interface TeamLine {
  rank: number
  name: string
  total: number
  recentAverage: number
  members: number
}

/** A recorded archive with its receipts. */
export interface ArchiveLine {
  galaxyId: number
  galaxy: string
  cid: string
  created: number
  mirrors: number
}

/** Project-wide counts for the front page. */
export interface ProjectCounts {
  galaxies: number
  volunteers: number
  teams: number
  pixels: number
  /** Work units per state. */
  units: Record<string, number>
  credit: number
}

/** What the manifest says, for the content page. */
export interface ManifestView {
  sequence: number
  issuedMs: number
  verifiers: string[]
  mirrors: string[]
  libraries: Array<{ name: string, cid: string, size: number }>
}

/** A peer connected to the coordinator now. */
export interface ConnectedPeer {
  peerId: string
  direction: 'inbound' | 'outbound'
  /** ms since the epoch when the connection opened. */
  opened: number
}

/**
 * A banned key as the dashboard shows it (docs/work-lifecycle.md#revocation). The ban's evidence text is left out:
 * it may quote what the peer sent.
 */
export interface BanLine {
  /** The banned key's peer id. */
  peerId: string
  /** A stable code: recompute_mismatch, bad_result, ... */
  reason: string
  /** ms since the epoch when the key was banned. */
  banned: number
  /** Units its revocation reopened. */
  units: number
  /** Assimilated pixels its revocation sent back to work. */
  pixels: number
}

/** Units no live key may replicate (docs/work-lifecycle.md#starved), as of the coordinator's last deadline check. */
export interface StarvedView {
  count: number
  /** Their ids in queue order, the first `limit` asked for. */
  units: string[]
}
