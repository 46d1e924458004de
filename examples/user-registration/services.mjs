// The user, profile and notification services of seed 002's user-registration saga, in one small local server.
// No dependencies: `node services.mjs [port]` (default 8765). State is in memory; GET /api/log lists every call.
// POSTs honour the Idempotency-Key header Baton sends, so a retried attempt does not create a second user.
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? process.env.PORT ?? 8765);
const users = new Map();
const profiles = new Map();
const log = [];
const replies = new Map();
let next = 1;

const routes = [
  ['POST', /^\/api\/validate$/, (b) => [...users.values()].some((u) => u.username === b.username || u.email === b.email)
    ? [409, { valid: false, reason: 'username or email is taken' }]
    : [200, { valid: true }]],
  ['POST', /^\/api\/users$/, (b) => {
    const id = `u${next++}`;
    users.set(id, { id, username: b.username, email: b.email, status: 'pending' });
    return [201, { id, status: 'pending' }];
  }],
  ['PUT', /^\/api\/users\/([^/]+)\/activate$/, (_, id) => users.has(id)
    ? [200, Object.assign(users.get(id), { status: 'active', activated_at: new Date().toISOString() })]
    : [404, { error: `no user ${id}` }]],
  ['DELETE', /^\/api\/users\/([^/]+)$/, (_, id) => [users.delete(id) ? 200 : 404, { deleted: id }]],
  ['POST', /^\/api\/profiles$/, (b) => { profiles.set(b.user_id, b); return [201, { user_id: b.user_id }]; }],
  ['DELETE', /^\/api\/profiles\/user\/([^/]+)$/, (_, id) => [profiles.delete(id) ? 200 : 404, { deleted: id }]],
  ['POST', /^\/api\/emails\/send$/, (b) => [200, { sent: true, to: b.to, template: b.template }]],
  ['POST', /^\/api\/notifications\/send$/, (b) => [200, { sent: true, type: b.type }]],
  ['GET', /^\/api\/log$/, () => [200, log]],
  ['GET', /^\/api\/users$/, () => [200, [...users.values()]]],
];

createServer((req, res) => {
  let body = '';
  req.on('data', (c) => { body += c; });
  req.on('end', () => {
    const send = (status, value) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    const key = req.headers['idempotency-key'];
    if (key && replies.has(`${req.method} ${req.url} ${key}`)) {
      const [status, value] = replies.get(`${req.method} ${req.url} ${key}`);
      return send(status, value);
    }
    for (const [method, pattern, handle] of routes) {
      const m = req.method === method && pattern.exec(req.url.split('?')[0]);
      if (m) {
        let parsed = {};
        try { parsed = body ? JSON.parse(body) : {}; } catch { return send(400, { error: 'body is not JSON' }); }
        const [status, value] = handle(parsed, ...m.slice(1).map(decodeURIComponent));
        if (req.url !== '/api/log') { log.push({ method: req.method, path: req.url, status }); }
        if (key) { replies.set(`${req.method} ${req.url} ${key}`, [status, value]); }
        return send(status, value);
      }
    }
    send(404, { error: `no route ${req.method} ${req.url}` });
  });
}).listen(port, '127.0.0.1', () => console.log(`user-registration services listening on http://127.0.0.1:${port}`));
