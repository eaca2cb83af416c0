// Numbered schema migrations, applied in order at open; PRAGMA user_version holds the number of the last one
// applied. Append new migrations, never edit an applied one (a deployed database has already run it).
// Times are integer milliseconds since the epoch (the injected clock's unit); keys and signatures are BLOBs.

/** Migration n (1-based) is MIGRATIONS[n - 1]. */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE galaxies (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    metadata TEXT NOT NULL,                -- JSON object: RA, Dec, FITS header summary, whatever the caller keeps
    priority INTEGER NOT NULL,             -- higher first
    arrival INTEGER NOT NULL,              -- ms; earlier first among equal priority
    status TEXT NOT NULL CHECK (status IN ('queued', 'generating', 'generated', 'complete', 'archived')),
    bands TEXT NOT NULL,                   -- JSON array of filter names, wavelength order
    redshift REAL NOT NULL,
    detail_dropped INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX galaxies_queue ON galaxies (priority DESC, arrival, id) WHERE status IN ('queued', 'generating');

  CREATE TABLE areas (
    id INTEGER PRIMARY KEY,
    galaxy_id INTEGER NOT NULL REFERENCES galaxies (id),
    area_index INTEGER NOT NULL,
    x0 INTEGER NOT NULL, x1 INTEGER NOT NULL, y0 INTEGER NOT NULL, y1 INTEGER NOT NULL,
    pixels BLOB NOT NULL,                  -- little-endian uint32 pairs (x, y), scan order
    viable_pixels INTEGER NOT NULL,
    unit_id TEXT REFERENCES work_units (id),
    UNIQUE (galaxy_id, area_index)
  );
  CREATE INDEX areas_uncut ON areas (galaxy_id, area_index) WHERE unit_id IS NULL;

  CREATE TABLE work_units (
    id TEXT PRIMARY KEY,
    galaxy_id INTEGER NOT NULL REFERENCES galaxies (id),
    seq INTEGER NOT NULL UNIQUE,           -- generation order
    priority INTEGER NOT NULL,             -- the galaxy's, copied for the assignment index
    payload_cid TEXT NOT NULL,
    pixels INTEGER NOT NULL,
    bands INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('unsent', 'in_progress', 'returned', 'verified', 'assimilated', 'abandoned')),
    target INTEGER NOT NULL,               -- successful results wanted (replication, +1 per disagreement)
    needed INTEGER NOT NULL,               -- instances to send now
    boost INTEGER NOT NULL DEFAULT 0,      -- 1: reissue or disagreement, goes ahead of new work
    round INTEGER NOT NULL DEFAULT 0,      -- verification round; verdicts answer one round
    created INTEGER NOT NULL,
    settled INTEGER,                       -- ms when verified or abandoned
    abandon_reason TEXT
  );
  CREATE INDEX units_ready ON work_units (boost DESC, priority DESC, seq) WHERE needed > 0;
  CREATE INDEX units_state ON work_units (state) WHERE state IN ('returned', 'verified', 'abandoned');
  CREATE INDEX units_galaxy ON work_units (galaxy_id);

  CREATE TABLE teams (
    name TEXT PRIMARY KEY,
    total_credit REAL NOT NULL DEFAULT 0,
    recent_credit REAL NOT NULL DEFAULT 0,
    recent_time INTEGER NOT NULL DEFAULT 0
  );

  CREATE TABLE volunteers (
    key BLOB PRIMARY KEY,
    name TEXT,                             -- self-asserted claims, as in BOINC
    team TEXT REFERENCES teams (name),
    total_credit REAL NOT NULL DEFAULT 0,
    recent_credit REAL NOT NULL DEFAULT 0,
    recent_time INTEGER NOT NULL DEFAULT 0,
    first_seen INTEGER NOT NULL
  );

  CREATE TABLE instances (
    id TEXT PRIMARY KEY,                   -- unit id + '/' + ordinal
    unit_id TEXT NOT NULL REFERENCES work_units (id),
    volunteer BLOB NOT NULL REFERENCES volunteers (key),
    request_id TEXT NOT NULL,              -- the assignment request that created it (a repeated request resends it)
    sent INTEGER NOT NULL,
    deadline INTEGER NOT NULL,
    returned INTEGER,
    outcome TEXT NOT NULL CHECK (outcome IN ('in_progress', 'success', 'error', 'timed_out')),
    error TEXT,
    UNIQUE (unit_id, volunteer)
  );
  CREATE INDEX instances_unit ON instances (unit_id);
  CREATE INDEX instances_deadline ON instances (deadline) WHERE outcome = 'in_progress';
  CREATE INDEX instances_request ON instances (volunteer, request_id);

  CREATE TABLE results (
    instance_id TEXT PRIMARY KEY REFERENCES instances (id),
    digest BLOB NOT NULL,
    result_cid TEXT NOT NULL,
    size INTEGER NOT NULL,
    signature BLOB NOT NULL,
    received INTEGER NOT NULL,
    validity TEXT NOT NULL CHECK (validity IN ('pending', 'valid', 'invalid', 'unchecked')),
    round INTEGER,                         -- the first verification round that included it (NULL: none yet)
    credit REAL NOT NULL DEFAULT 0
  );

  CREATE TABLE verdicts (
    unit_id TEXT NOT NULL REFERENCES work_units (id),
    round INTEGER NOT NULL,
    verifier BLOB NOT NULL,
    agree INTEGER NOT NULL,
    results TEXT NOT NULL,                 -- JSON sorted instance ids: the agreeing ones, or all judged
    signature BLOB NOT NULL,
    received INTEGER NOT NULL,
    PRIMARY KEY (unit_id, round, verifier)
  );

  CREATE TABLE pixel_results (
    galaxy_id INTEGER NOT NULL REFERENCES galaxies (id),
    x INTEGER NOT NULL,
    y INTEGER NOT NULL,
    unit_id TEXT NOT NULL REFERENCES work_units (id),
    summary BLOB NOT NULL,                 -- the 16 x 7 summary values (float64)
    histograms BLOB,                       -- per-pixel histograms; NULL once enough mirrors hold the archive
    PRIMARY KEY (galaxy_id, x, y)
  );

  CREATE TABLE archives (
    galaxy_id INTEGER PRIMARY KEY REFERENCES galaxies (id),
    cid TEXT NOT NULL,
    path TEXT NOT NULL,
    record BLOB NOT NULL,                  -- the signed archive record
    created INTEGER NOT NULL
  );
  CREATE INDEX archives_cid ON archives (cid);

  CREATE TABLE mirror_receipts (
    cid TEXT NOT NULL,
    mirror BLOB NOT NULL,
    signature BLOB NOT NULL,
    received INTEGER NOT NULL,
    PRIMARY KEY (cid, mirror)
  );
  `,
  // 2: when each unit was assimilated (the archive's per-area provenance); `settled` keeps the verification time.
  `
  ALTER TABLE work_units ADD COLUMN assimilated INTEGER;
  `,
  // 3: what a result is checked against, without reading the unit's payload per result: the filter count of the
  // payload (NULL for units cut before; those are read from their payload) and each unit's areas by unit. And
  // results' envelopes in the envelope log (envelope-log.ts): where each is; `signature` then holds no bytes (it
  // holds the envelope of results recorded before, and of results recorded with their bytes).
  `
  ALTER TABLE work_units ADD COLUMN filters INTEGER;
  CREATE INDEX areas_unit ON areas (unit_id, area_index) WHERE unit_id IS NOT NULL;
  ALTER TABLE results ADD COLUMN envelope_segment INTEGER;
  ALTER TABLE results ADD COLUMN envelope_offset INTEGER;
  ALTER TABLE results ADD COLUMN envelope_length INTEGER;
  `,
  // 4: the fitting core's version each instance was assigned to (the work request's), so that a unit's replicas
  // all come from one core version (assign.ts). NULL: issued before, or to a request that named none (unknown,
  // matched with any).
  `
  ALTER TABLE instances ADD COLUMN core_version INTEGER;
  `,
  // 5: each unit's estimated CPU seconds per pixel on one core (src/fit/cost-model.ts), which instance deadlines,
  // the assignment's estimate and the verification timeout derive from. NULL: cut before, or cost unknown.
  `
  ALTER TABLE work_units ADD COLUMN pixel_seconds REAL;
  `,
  // 6: trust (docs/work-lifecycle.md#trust). Where keys ask from: the network a key was first seen from and its
  // latest (replica diversity, the first-seen window, liveness), each instance's network, and how many of a key's
  // results were validated (its in-flight cap grows with them). Banned keys with their reason (revocation).
  `
  ALTER TABLE volunteers ADD COLUMN first_network TEXT;
  ALTER TABLE volunteers ADD COLUMN last_network TEXT;
  ALTER TABLE volunteers ADD COLUMN last_request INTEGER;
  ALTER TABLE volunteers ADD COLUMN validated INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE instances ADD COLUMN network TEXT;
  CREATE INDEX volunteers_live ON volunteers (last_request);
  CREATE INDEX instances_volunteer ON instances (volunteer);
  CREATE TABLE bans (
    key BLOB PRIMARY KEY,
    reason TEXT NOT NULL,                  -- a stable code: recompute_mismatch, bad_result, ...
    detail TEXT NOT NULL,                  -- for people: the evidence (instance, what differed)
    network TEXT,                          -- the network the key was first seen from
    banned INTEGER NOT NULL,
    units INTEGER NOT NULL,                -- units its revocation reopened
    pixels INTEGER NOT NULL                -- assimilated pixels its revocation sent back to work
  );
  CREATE INDEX bans_network ON bans (network, banned);
  ALTER TABLE verdicts ADD COLUMN contradicted TEXT;  -- JSON sorted instance ids the verifier's recomputation contradicted
  `,
  // 7: ringers (docs/work-lifecycle.md#ringers). Each verdict's confirmed payload positions (pixels the verifier
  // recomputed that agreed with its agreeing group); each unit's pixel map (payload position -> real pixel, area,
  // ringer or not: the payload carries blinded labels); and the known pixels: a pixel whose canonical fit a verifier
  // of the deciding quorum confirmed by recomputation, mixed into later units of its galaxy as a ringer.
  `
  ALTER TABLE verdicts ADD COLUMN confirmed TEXT;     -- JSON sorted payload positions the verifier confirmed
  ALTER TABLE work_units ADD COLUMN pixel_map BLOB;   -- per payload position: label, x, y, area, flags (pixel-map.ts); NULL: cut before
  CREATE TABLE known_pixels (
    galaxy_id INTEGER NOT NULL REFERENCES galaxies (id),
    x INTEGER NOT NULL,
    y INTEGER NOT NULL,
    fit BLOB NOT NULL,                     -- the canonical pixel-fit bytes of the valid result, named as the real pixel
    digest BLOB NOT NULL,                  -- SHA-256 of the fit's bytes after its name (fitValuesDigest)
    core_version INTEGER,                  -- the fitting core of the valid result's instance; NULL: unknown
    unit_id TEXT NOT NULL REFERENCES work_units (id),
    PRIMARY KEY (galaxy_id, x, y)
  );
  `,
  // 8: verdict holds (docs/work-lifecycle.md#holds). A verifier asked about a round, or recomputing pixels for it
  // (it answered PENDING), holds the round open until it answers or `until` passes: an agreement of the others
  // cannot verify the unit before a recomputation that may contradict it has been heard.
  `
  CREATE TABLE verdict_holds (
    unit_id TEXT NOT NULL REFERENCES work_units (id),
    round INTEGER NOT NULL,
    verifier BLOB NOT NULL,
    until INTEGER NOT NULL,                -- ms; a hold past it no longer holds (tick releases it)
    PRIMARY KEY (unit_id, round, verifier)
  );
  CREATE INDEX verdict_holds_until ON verdict_holds (until);
  `,
  // 9: locality (docs/work-lifecycle.md#locality). Each unit's library pair (optical and infrared CIDs, space-
  // separated), so work goes first to volunteers that already hold it (NULL: cut before); and which volunteers hold
  // which pairs (what their work requests said, or were given units of), so new pairs spread to few volunteers.
  `
  ALTER TABLE work_units ADD COLUMN libraries TEXT;
  CREATE TABLE library_holders (
    volunteer BLOB NOT NULL,
    pair TEXT NOT NULL,                    -- a work_units.libraries value
    seen INTEGER NOT NULL,                 -- ms of the request that said (or made) so
    PRIMARY KEY (volunteer, pair)
  );
  CREATE INDEX library_holders_pair ON library_holders (pair, seen);
  `,
  // 10: archives written while results arrive (docs/coordinator.md#archive-step). Which assimilated units are in
  // their galaxy's partial archive (archives/<archive>.partial), and what that file held at its last checkpoint, so
  // that a restart resumes it or, when it holds anything else, rebuilds it from the database. Galaxies archived
  // before are done: their units count as in.
  `
  ALTER TABLE work_units ADD COLUMN in_partial INTEGER NOT NULL DEFAULT 0;
  UPDATE work_units SET in_partial = 1 WHERE galaxy_id IN (SELECT id FROM galaxies WHERE status = 'archived');
  CREATE INDEX units_to_archive ON work_units (galaxy_id) WHERE state = 'assimilated' AND in_partial = 0;
  CREATE TABLE partial_archives (
    galaxy_id INTEGER PRIMARY KEY REFERENCES galaxies (id),
    areas INTEGER NOT NULL,                -- areas in the file
    pixels INTEGER NOT NULL,               -- rows of its per-pixel lists
    histogram_rows INTEGER NOT NULL,       -- rows of its histogram list
    updated INTEGER NOT NULL               -- ms of the checkpoint
  );
  `
]
