// Stand-in for the metrics a photo-checking service exports: it reports the measurements the earlier tasks made
// for this photo to the monitoring system (POST /push/<job> of examples/release-gate/metrics.mjs), where the
// evaluation queries them back with PromQL. Usage: node publish-metrics.mjs <metrics-url> '<task input as JSON>'
const [metricsUrl, raw] = process.argv.slice(2);
const input = JSON.parse(raw);
const measured = { photo_exif_consistency: input.exif_consistency, photo_distance_km: input.distance_km };
const res = await fetch(`${metricsUrl}/push/${input.service}`, { method: 'POST', body: JSON.stringify(measured) });
if (!res.ok) {
  console.error(`the metrics server answered ${res.status}`);
  process.exit(1);
}
console.log(JSON.stringify({ result: 'pass', status: 'succeeded', 'publish-metrics': { job: input.service, metrics: measured } }));
