// The network page's in-browser check of the latest statistics export (served as /assets/verify.js, an ES
// module): it fetches the export's files from /stats/latest/, decodes export.sig (a pogs envelope, protobuf),
// rebuilds the signing bytes (protocols/envelope.md), verifies the ed25519 signature with @noble/ed25519 (the
// portable implementation, for the browser), checks that the signer's peer id is the project key the
// page names and that each file's SHA-256 is what export.json says. Needs a secure context for crypto.subtle
// (http://127.0.0.1 or localhost, or HTTPS).

/** The module's text. */
export const VERIFY_JS = `import * as ed from '/assets/noble-ed25519.js'

const DOMAIN = 'pogs/stats-export/v1'
const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'

function base58 (bytes) {
  let n = 0n
  for (const b of bytes) n = n * 256n + BigInt(b)
  let out = ''
  while (n > 0n) { out = B58[Number(n % 58n)] + out; n /= 58n }
  for (const b of bytes) { if (b !== 0) break; out = '1' + out }
  return out
}

// A libp2p peer id of an ed25519 key: identity multihash of the protobuf PublicKey { Type: Ed25519, Data: key }.
function peerId (key) {
  return base58(new Uint8Array([0x00, 0x24, 0x08, 0x01, 0x12, 0x20, ...key]))
}

function decodeEnvelope (buf) {
  const env = { domain: '', publicKey: new Uint8Array(0), id: new Uint8Array(0), timestampMs: 0, inReplyTo: new Uint8Array(0), payload: new Uint8Array(0), signature: new Uint8Array(0) }
  let at = 0
  const varint = () => { let v = 0; let m = 1; for (;;) { if (at >= buf.length) throw new Error('truncated'); const b = buf[at++]; v += (b & 0x7f) * m; if (b < 0x80) return v; m *= 128 } }
  const names = { 2: 'publicKey', 3: 'id', 5: 'inReplyTo', 6: 'payload', 7: 'signature' }
  while (at < buf.length) {
    const key = varint()
    const field = Math.floor(key / 8)
    const type = key % 8
    if (type === 0) { const v = varint(); if (field === 4) env.timestampMs = v; continue }
    if (type !== 2) throw new Error('unexpected wire type ' + type)
    const len = varint()
    const bytes = buf.subarray(at, at + len)
    if (bytes.length !== len) throw new Error('truncated')
    at += len
    if (field === 1) env.domain = new TextDecoder().decode(bytes)
    else if (names[field] !== undefined) env[names[field]] = bytes
  }
  return env
}

function signingBytes (env) {
  const domain = new TextEncoder().encode(env.domain)
  const parts = [domain, env.id, env.inReplyTo, env.payload]
  const out = new Uint8Array(parts.reduce((n, p) => n + 4 + p.length, 0) + 8)
  const view = new DataView(out.buffer)
  let at = 0
  const put = (p) => { view.setUint32(at, p.length); out.set(p, at + 4); at += 4 + p.length }
  put(domain)
  put(env.id)
  view.setBigUint64(at, BigInt(env.timestampMs))
  at += 8
  put(env.inReplyTo)
  put(env.payload)
  return out
}

async function bytesOf (name) {
  const r = await fetch('/stats/latest/' + name)
  if (!r.ok) throw new Error(name + ': HTTP ' + r.status)
  return new Uint8Array(await r.arrayBuffer())
}

const hex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')

async function verify (project) {
  if (!globalThis.crypto || !crypto.subtle) throw new Error('this page is not a secure context (use 127.0.0.1, localhost or HTTPS)')
  const env = decodeEnvelope(await bytesOf('export.sig'))
  if (env.domain !== DOMAIN) throw new Error('wrong domain ' + env.domain)
  if (env.publicKey.length !== 32 || env.signature.length !== 64) throw new Error('bad key or signature length')
  if (!(await ed.verifyAsync(env.signature, signingBytes(env), env.publicKey))) throw new Error('the signature does not verify')
  const signer = peerId(env.publicKey)
  if (signer !== project) throw new Error('signed by ' + signer + ', not the project')
  const json = await bytesOf('export.json')
  if (hex(json) !== hex(env.payload)) throw new Error('export.json is not what was signed')
  const manifest = JSON.parse(new TextDecoder().decode(json))
  for (const f of manifest.files) {
    const b = await bytesOf(f.name)
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', b))
    if (b.length !== f.size || hex(digest) !== f.sha256) throw new Error(f.name + ' does not match export.json')
  }
  return manifest
}

function bind () {
  const button = document.getElementById('verify-export')
  const out = document.getElementById('verify-result')
  if (!button || !out || button.dataset.bound) return
  button.dataset.bound = '1'
  button.addEventListener('click', () => {
    out.textContent = 'verifying…'
    verify(button.dataset.project).then((m) => {
      out.textContent = 'verified: signed by the project key; ' + m.files.map((f) => f.name).join(', ') + ' match'
      out.className = 'ok'
    }, (err) => {
      out.textContent = 'NOT verified: ' + err.message
      out.className = 'bad'
    })
  })
}

bind()
document.addEventListener('pogs:refreshed', bind)
`
