// Recent average credit (RAC), BOINC's exponentially decaying average of credit per day: lib/util.cpp
// update_average() (BOINC 7.x), called by the validator with the result's sent time and CREDIT_HALF_LIFE.

const DAY_MS = 86_400_000
// BOINC's guard for a zero interval (update_average: "if (diff<=0) diff=3600; // just in case").
const MIN_INTERVAL_MS = 3_600_000

/** A decaying average of credit per day and the time (ms) it was last computed; time 0 = never. */
export interface RecentAverage {
  average: number
  time: number
}

/**
 * Adds `work` credit granted at `now` (for work started at `workStart`) to an average with the given half-life,
 * BOINC's formula: with a previous average at time t, w = exp(-(now - t) ln2 / halfLife),
 * avg' = avg w + (1 - w) work / days(now - t); the first time, avg' = work / days(now - workStart).
 * With work = 0 it only decays the average.
 */
export function updateRecentAverage (prev: RecentAverage, work: number, workStart: number, now: number, halfLifeMs: number): RecentAverage {
  if (prev.time !== 0) {
    const diff = now - prev.time > 0 ? now - prev.time : MIN_INTERVAL_MS
    const weight = Math.exp(-diff * Math.LN2 / halfLifeMs)
    // For tiny intervals (1 - w) work / days loses all precision; BOINC's newer code uses the limit
    // ln2 work day / halfLife there.
    const added = 1 - weight > 1e-6 ? (1 - weight) * work / (diff / DAY_MS) : Math.LN2 * work * DAY_MS / halfLifeMs
    return { average: prev.average * weight + added, time: now }
  }
  if (work === 0) return { average: prev.average, time: now }
  const span = now - workStart > 0 ? now - workStart : MIN_INTERVAL_MS
  return { average: work / (span / DAY_MS), time: now }
}

/** The average as seen at `now` without new work (what a dashboard shows between grants). */
export function decayedAverage (prev: RecentAverage, now: number, halfLifeMs: number): number {
  if (prev.time === 0 || now <= prev.time) return prev.average
  return prev.average * Math.exp(-(now - prev.time) * Math.LN2 / halfLifeMs)
}
