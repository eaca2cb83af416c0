// Parsing and bounding what a request asks for: pages, ids, names from a closed list.
import type { Page } from '../../coordinator/read-model/index.js'
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, MAX_PAGE_OFFSET } from '../constants.js'
import { BadRequestError } from '../errors.js'

function intParam (url: URL, name: string, fallback: number, max: number, min: number): number {
  const text = url.searchParams.get(name)
  if (text === null || text === '') return fallback
  if (!/^[0-9]{1,9}$/.test(text)) throw new BadRequestError(`${name} must be a whole number`)
  const n = Number(text)
  if (n < min || n > max) throw new BadRequestError(`${name} must be between ${min} and ${max}`)
  return n
}

/** `limit` (1..MAX_PAGE_LIMIT, default DEFAULT_PAGE_LIMIT) and `offset` (0..MAX_PAGE_OFFSET). */
export function pageOf (url: URL, defaultLimit = DEFAULT_PAGE_LIMIT): Page {
  return { limit: intParam(url, 'limit', defaultLimit, MAX_PAGE_LIMIT, 1), offset: intParam(url, 'offset', 0, MAX_PAGE_OFFSET, 0) }
}

/** A positive integer id from a path segment. */
export function idOf (text: string | undefined, what: string): number {
  if (text === undefined || !/^[1-9][0-9]{0,9}$/.test(text)) throw new BadRequestError(`${what} must be a positive whole number`)
  return Number(text)
}

/** `text` if it is one of `allowed`, else a BadRequestError naming them. */
export function oneOf<T extends string> (text: string, allowed: readonly T[], what: string): T {
  if (!(allowed as readonly string[]).includes(text)) throw new BadRequestError(`unknown ${what}; one of ${allowed.join(', ')}`)
  return text as T
}

/** The list envelope every paged API answer uses. */
export function paged<K extends string, T> (key: K, total: number, page: Page, items: T[]): { total: number, limit: number, offset: number } & Record<K, T[]> {
  return { total, limit: page.limit, offset: page.offset, [key]: items } as { total: number, limit: number, offset: number } & Record<K, T[]>
}
