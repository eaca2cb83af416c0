// BOINC's statistics export layout (db_dump: user.xml and team.xml), which third-party statistics sites
// (BOINCstats, Free-DC, ...) import. Element names and order as BOINC's db_dump writes them; times in seconds
// since the epoch; every text escaped for XML (names are peer-supplied).

/** A volunteer as user.xml lists it. */
export interface BoincUser {
  id: number
  name: string
  /** Seconds since the epoch. */
  createTime: number
  totalCredit: number
  expavgCredit: number
  /** Seconds since the epoch when expavgCredit was computed (0: never). */
  expavgTime: number
  /** Cross-project id: 32 hex digits. */
  cpid: string
  /** 0: no team. */
  teamId: number
}

/** A team as team.xml lists it. */
export interface BoincTeam {
  id: number
  name: string
  /** The founder's user id (pogs: the first member to claim the team). */
  userId: number
  totalCredit: number
  expavgCredit: number
  expavgTime: number
  createTime: number
  nusers: number
}

// XML 1.0 allows tab, newline, carriage return and characters from U+0020 (and no lone surrogates).
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** Text as XML character data or attribute value: markup characters escaped, characters XML forbids dropped. */
export function xmlEscape (text: string): string {
  return text.replace(XML_FORBIDDEN, '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string)
}

function credit (n: number): string {
  return Number.isFinite(n) ? n.toFixed(6) : '0.000000'
}

function seconds (n: number): string {
  return Number.isFinite(n) ? String(Math.floor(n)) : '0'
}

/** user.xml: `<users>` with one `<user>` per volunteer. */
export function userXml (users: readonly BoincUser[]): string {
  const out = ['<users>\n']
  for (const u of users) {
    out.push('<user>\n',
      ` <id>${u.id}</id>\n`,
      ` <name>${xmlEscape(u.name)}</name>\n`,
      ` <country>None</country>\n`,
      ` <create_time>${seconds(u.createTime)}</create_time>\n`,
      ` <total_credit>${credit(u.totalCredit)}</total_credit>\n`,
      ` <expavg_credit>${credit(u.expavgCredit)}</expavg_credit>\n`,
      ` <expavg_time>${credit(u.expavgTime)}</expavg_time>\n`,
      ` <cpid>${xmlEscape(u.cpid)}</cpid>\n`,
      ...(u.teamId > 0 ? [` <teamid>${u.teamId}</teamid>\n`] : []),
      ' <has_profile>0</has_profile>\n',
      '</user>\n')
  }
  out.push('</users>\n')
  return out.join('')
}

/** team.xml: `<teams>` with one `<team>` per team. */
export function teamXml (teams: readonly BoincTeam[]): string {
  const out = ['<teams>\n']
  for (const t of teams) {
    out.push('<team>\n',
      ` <id>${t.id}</id>\n`,
      ' <type>1</type>\n',
      ` <name>${xmlEscape(t.name)}</name>\n`,
      ` <userid>${t.userId}</userid>\n`,
      ` <total_credit>${credit(t.totalCredit)}</total_credit>\n`,
      ` <expavg_credit>${credit(t.expavgCredit)}</expavg_credit>\n`,
      ` <expavg_time>${credit(t.expavgTime)}</expavg_time>\n`,
      ` <create_time>${seconds(t.createTime)}</create_time>\n`,
      ' <url></url>\n',
      ` <name_html>${xmlEscape(t.name)}</name_html>\n`,
      ' <description></description>\n',
      ' <country>None</country>\n',
      ` <nusers>${t.nusers}</nusers>\n`,
      '</team>\n')
  }
  out.push('</teams>\n')
  return out.join('')
}
