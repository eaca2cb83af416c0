// Small Node TCP programs to run inside namespaces (`net.run(host, process.execPath, tcpEchoServer(4000))`). Each
// prints JSON lines (read them with jsonLines) and ends with one `result` event, except the server, which runs
// until killed.

const EMIT = 'const net = require("node:net");' +
  'const emit = (e) => process.stdout.write(JSON.stringify(e) + "\\n");' +
  'const a = process.argv.slice(1);'

const ECHO_SERVER = EMIT + `
const server = net.createServer((s) => {
  emit({ event: 'connection', remoteAddress: s.remoteAddress, remotePort: s.remotePort });
  s.on('error', () => {});
  s.on('data', (d) => s.write(d));
});
server.listen(Number(a[0]), '0.0.0.0', () => emit({ event: 'listening', port: server.address().port }));
`

const CLIENT = EMIT + `
const [host, port, localPort, timeoutMs] = [a[0], Number(a[1]), Number(a[2]), Number(a[3])];
let done = false;
const finish = (e) => { if (done) return; done = true; clearTimeout(timer); emit(Object.assign({ event: 'result' }, e)); s.destroy(); };
const s = net.connect(Object.assign({ host, port }, localPort > 0 ? { localPort } : {}));
const timer = setTimeout(() => finish({ ok: false, error: 'timeout' }), timeoutMs);
s.on('connect', () => { emit({ event: 'connected', localPort: s.localPort }); s.write('ping'); });
s.on('data', (d) => finish({ ok: true, localPort: s.localPort, reply: d.toString() }));
s.on('error', (err) => finish({ ok: false, error: err.code }));
`

const PUNCH = EMIT + `
const [host, port, localPort, deadlineMs, attemptMs, label] = [a[0], Number(a[1]), Number(a[2]), Number(a[3]), Number(a[4]), a[5]];
const errors = [];
let attempts = 0;
let deadline = 0;
const attempt = () => {
  attempts++;
  let settled = false;
  const s = net.connect({ host, port, localPort });
  const fail = (why) => {
    if (settled) return; settled = true; clearTimeout(timer); s.destroy(); errors.push(why);
    if (Date.now() + 100 >= deadline) emit({ event: 'result', ok: false, attempts, errors });
    else setTimeout(attempt, 100);
  };
  const timer = setTimeout(() => fail('attempt-timeout'), attemptMs);
  s.on('error', (err) => fail(err.code));
  s.once('connect', () => {
    settled = true; clearTimeout(timer);
    emit({ event: 'connected', attempts, localPort: s.localPort, remoteAddress: s.remoteAddress, remotePort: s.remotePort });
    s.write('hello from ' + label + '\\n');
    let got = '';
    s.on('data', (d) => {
      got += d;
      if (got.includes('\\n')) { emit({ event: 'result', ok: true, attempts, received: got.trim() }); s.end(); }
    });
  });
};
emit({ event: 'ready' });
process.stdin.once('data', () => { deadline = Date.now() + deadlineMs; attempt(); });
`

/** Node argv of an echo server on `0.0.0.0:port`: prints `listening`, then `connection` {remoteAddress, remotePort}. */
export function tcpEchoServer (port: number): string[] {
  return ['-e', ECHO_SERVER, String(port)]
}

/**
 * Node argv of a client that connects to `host:port` (from `localPort` unless 0), sends "ping" and ends with
 * `result` {ok: true, localPort, reply} or {ok: false, error: code | 'timeout'} after `timeoutMs`.
 */
export function tcpClient (host: string, port: number, localPort: number, timeoutMs: number): string[] {
  return ['-e', CLIENT, host, String(port), String(localPort), String(timeoutMs)]
}

/**
 * Node argv of one side of a TCP simultaneous open: prints `ready`, waits for a line on stdin ("go"), then
 * connects from `localPort` to `host:port` (the peer's router WAN address and the peer's pre-agreed port), each
 * attempt bounded by `attemptMs`, retrying until `deadlineMs` after "go". Once connected it sends
 * "hello from LABEL\n" and ends with `result` {ok: true, attempts, received} when the peer's line arrived, or
 * {ok: false, attempts, errors} at the deadline.
 */
export function tcpPunch (host: string, port: number, localPort: number, init: { deadlineMs: number, attemptMs: number, label: string }): string[] {
  return ['-e', PUNCH, host, String(port), String(localPort), String(init.deadlineMs), String(init.attemptMs), init.label]
}
