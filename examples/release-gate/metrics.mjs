// A stand-in for Prometheus: a small local server that speaks the Prometheus instant-query API
// (GET /api/v1/query?query=...&time=...), so Baton's evaluate binding queries it exactly as it would query a real
// Prometheus server. Builds report their measurements with POST /push/<job> (as to a Pushgateway); a query is
// answered with the newest value of the metric it names for the job its `job='...'` label names.
// No dependencies: `node metrics.mjs [port]` (default 9091). GET /api/log lists every query asked.
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? process.env.PORT ?? 9091);
const series = new Map(); // job -> { metric -> value }
const log = [];

const json = (res, status, body) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

const query = (text, time) => {
  const job = /job\s*=\s*'([^']+)'/.exec(text)?.[1];
  const metric = /([a-zA-Z_:][a-zA-Z0-9_:]*)\s*\{/.exec(text.replace(/^[a-z_]+\(/, ''))?.[1];
  if (!job || !metric) {
    return [400, { status: 'error', errorType: 'bad_data', error: `cannot read a metric and a job label from: ${text}` }];
  }
  const value = series.get(job)?.[metric];
  const result = value === undefined ? [] : [{ metric: { __name__: metric, job }, value: [Number(time), String(value)] }];
  return [200, { status: 'success', data: { resultType: 'vector', result } }];
};

createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  let body = '';
  req.on('data', (chunk) => { body += chunk; });
  req.on('end', () => {
    if (req.method === 'GET' && url.pathname === '/api/v1/query') {
      const text = url.searchParams.get('query') ?? '';
      log.push({ query: text, time: url.searchParams.get('time') });
      const [status, answer] = query(text, url.searchParams.get('time') ?? Date.now() / 1000);
      return json(res, status, answer);
    }
    const push = /^\/push\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'POST' && push) {
      try {
        series.set(push[1], { ...series.get(push[1]), ...JSON.parse(body) });
        return json(res, 200, { job: push[1], metrics: series.get(push[1]) });
      } catch (e) {
        return json(res, 400, { error: `not JSON: ${e.message}` });
      }
    }
    if (req.method === 'GET' && url.pathname === '/api/log') {
      return json(res, 200, log);
    }
    return json(res, 404, { status: 'error', errorType: 'not_found', error: `${req.method} ${url.pathname}` });
  });
}).listen(port, '127.0.0.1', () => console.log(`metrics stand-in listening on http://127.0.0.1:${port}`));
