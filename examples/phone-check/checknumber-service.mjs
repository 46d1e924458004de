// A checknumber service in plain Node.js (no packages): it receives checknumber.triggered CloudEvents and
// reports back to Baton's Event Grid webhook with .started, .status.changed and .finished.
//
//   PORT=7072 CHECKER_KEY=... BATON_URL=http://127.0.0.1:7071 BATON_KEY=<function key> node checknumber-service.mjs
import http from "node:http";

const port = Number(process.env.PORT ?? 7072);
const expectedKey = process.env.CHECKER_KEY;
const webhook = `${process.env.BATON_URL ?? "http://127.0.0.1:7071"}/runtime/webhooks/eventgrid`;
const batonKey = process.env.BATON_KEY;
const seen = new Set(); // the .triggered id is the attempt's idempotency key: a redelivery is done once

if (!expectedKey || !batonKey) {
  console.error("Set CHECKER_KEY (the key Baton sends) and BATON_KEY (a Baton function key).");
  process.exit(2);
}

async function report(triggered, phase, data) {
  const task = triggered.type.slice(0, -".triggered".length);
  const event = {
    specversion: "1.0",
    id: `${triggered.id}/${phase}`,
    source: "/examples/checknumber-service",
    type: `${task}.${phase}`,
    triggeredid: triggered.id,
    batontoken: triggered.batontoken, // proves this service was handed the attempt; Baton refuses reports without it
    traceparent: triggered.traceparent,
    datacontenttype: "application/json",
    data,
  };
  const response = await fetch(webhook, {
    method: "POST",
    headers: { "content-type": "application/cloudevents+json", "aeg-sas-key": batonKey },
    body: JSON.stringify(event),
  });
  if (!response.ok) {
    console.error(`report ${event.type} refused: ${response.status} ${await response.text()}`);
  }
}

function check(number) {
  const digits = String(number).replace(/[^0-9+]/g, "");
  const country = digits.startsWith("+47") ? "NO" : digits.startsWith("+1") ? "US" : digits.startsWith("+44") ? "GB" : "unknown";
  const valid = /^\+[0-9]{7,15}$/.test(digits);
  return { status: "succeeded", result: valid ? "pass" : "fail", valid, country, message: valid ? "looks valid" : "not an E.164 number" };
}

async function handle(triggered) {
  if (seen.has(triggered.id)) return;
  seen.add(triggered.id);
  await report(triggered, "started", { worker: `pid-${process.pid}` });
  await report(triggered, "status.changed", { step: "parsing" });
  await report(triggered, "finished", check(triggered.data?.number ?? ""));
}

const server = http.createServer((req, res) => {
  // The Event Grid client adds ?api-version=...; only the path matters.
  if (req.method !== "POST" || new URL(req.url, "http://localhost").pathname !== "/events") {
    res.writeHead(404).end();
    return;
  }
  if (req.headers["aeg-sas-key"] !== expectedKey) {
    res.writeHead(401).end();
    return;
  }
  let body = "";
  req.on("data", (chunk) => (body += chunk));
  req.on("end", () => {
    let events;
    try {
      events = [].concat(JSON.parse(body));
    } catch {
      res.writeHead(400).end();
      return;
    }
    res.writeHead(200).end();
    for (const e of events.filter((e) => e.type?.endsWith(".triggered"))) {
      handle(e).catch((err) => console.error(`checknumber ${e.id}: ${err.message}`));
    }
  });
});

server.listen(port, "127.0.0.1", () => console.log(`checknumber service listening on ${server.address().port}`));
