// A minimal STUN server (RFC 5389 Binding only) for the UPnP test (test/internet/upnp.test.ts), run on a public
// host of the namespace internet: `node --import tsx test/helpers/stun-server.ts HOST PORT`. Prints `listening`
// once bound. It answers every Binding Request from the address it came to, with the sender's address as
// XOR-MAPPED-ADDRESS, and ignores CHANGE-REQUEST, as RFC 5389 servers do.
//
// Why a STUN server: miniupnpd 2.3.1 (Debian 12) refuses to forward ports when its WAN address is private ("you are
// probably behind NAT") unless STUN tells it which address the outside sees; the namespace internet's public segment
// is a private range (10.77.0.0/24), so the router asks this server, learns its own WAN address, and maps.
import { createSocket } from 'node:dgram'

const BINDING_REQUEST = 0x0001
const BINDING_RESPONSE = 0x0101
const XOR_MAPPED_ADDRESS = 0x0020
const MAGIC_COOKIE = 0x2112a442
const HEADER_BYTES = 20

const [host, port] = process.argv.slice(2)
const socket = createSocket('udp4')
socket.on('message', (msg, from) => {
  if (msg.length < HEADER_BYTES || msg.readUInt16BE(0) !== BINDING_REQUEST || msg.readUInt32BE(4) !== MAGIC_COOKIE) return
  const res = Buffer.alloc(HEADER_BYTES + 12)
  res.writeUInt16BE(BINDING_RESPONSE, 0)
  res.writeUInt16BE(12, 2)
  msg.copy(res, 4, 4, HEADER_BYTES) // magic cookie and transaction id
  res.writeUInt16BE(XOR_MAPPED_ADDRESS, 20)
  res.writeUInt16BE(8, 22)
  res.writeUInt8(0x01, 25) // IPv4
  res.writeUInt16BE(from.port ^ (MAGIC_COOKIE >>> 16), 26)
  const ip = from.address.split('.').reduce((n, b) => n * 256 + Number(b), 0)
  res.writeUInt32BE((ip ^ MAGIC_COOKIE) >>> 0, 28)
  socket.send(res, from.port, from.address)
})
socket.bind(Number(port), host, () => { process.stdout.write(JSON.stringify({ event: 'listening', host, port: Number(port) }) + '\n') })
