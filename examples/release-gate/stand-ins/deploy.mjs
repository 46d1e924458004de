// Stand-in for deploying one build of a service to a stage and running traffic against it: it reports what the
// build measured to the metrics server, as a service instrumented for Prometheus would. A build's base latency is
// given, so a run can stand for a fast or a slow build. Usage: node deploy.mjs <metrics-url> <service> <stage> <latency-ms>
const [metricsUrl, service, stage, latency] = process.argv.slice(2);
const base = Number(latency);
const job = `${service}-${stage}`;
const measured = { http_response_time_p95: Math.round(base * 135) / 100, http_error_rate: base > 500 ? 0.031 : 0.004 };
const res = await fetch(`${metricsUrl}/push/${job}`, { method: 'POST', body: JSON.stringify(measured) });
if (!res.ok) {
  console.error(`the metrics server answered ${res.status}`);
  process.exit(1);
}
console.log(JSON.stringify({ deployed: job, build_latency_ms: base }));
