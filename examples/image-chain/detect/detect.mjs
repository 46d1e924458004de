// The image chain's object-detect stage in Node.js, speaking Baton's protobuf task envelope
// (proto/baton/task/v1/task.proto) with protobufjs. It runs three ways, one code path:
//
//   as a container or process task (format: protobuf): reads the TaskRequest from BATON_REQUEST_FILE (or stdin)
//     and writes the TaskResult's bytes to stdout;
//   as an event task service: PORT=7073 SERVICE_KEY=... BATON_URL=http://127.0.0.1:7071 BATON_KEY=<function key> node detect.mjs
//     takes object-detect.triggered CloudEvents whose data_base64 is a TaskRequest and reports with a
//     .finished CloudEvent whose data_base64 is the TaskResult.
//
// The detector is a stand-in (it names what the image's URL says); swap detect() for a model.
import { readFileSync, existsSync } from "node:fs";
import http from "node:http";
import protobuf from "protobufjs";

const here = new URL(".", import.meta.url).pathname;
const protoPath = process.env.BATON_PROTO
  ?? [`${here}task.proto`, `${here}../../../proto/baton/task/v1/task.proto`].find((p) => existsSync(p));
const root = protobuf.loadSync(protoPath);
const TaskRequest = root.lookupType("baton.task.v1.TaskRequest");
const TaskResult = root.lookupType("baton.task.v1.TaskResult");
const Status = TaskResult.lookupEnum("Status").values;

function detect(input) {
  const source = input?.resized_image_url;
  if (typeof source !== "string") {
    return { status: Status.FAILED, errorCode: "BadInput", message: "input.resized_image_url must be a string", retryable: false };
  }
  const objects = ["cat", "dog", "car", "tree"].filter((o) => source.includes(o));
  return { status: Status.SUCCEEDED, json: JSON.stringify({ detected_objects: objects.length ? objects : ["unknown"], from: source }) };
}

// One request's bytes in, one result's bytes out: the whole contract.
export function answer(bytes) {
  const request = TaskRequest.decode(bytes);
  if (request.input !== "json") {
    return TaskResult.encode({ status: Status.FAILED, errorCode: "BadInput", message: `expected JSON input, got ${request.input}`, retryable: false }).finish();
  }
  return TaskResult.encode(TaskResult.create(detect(JSON.parse(request.json)))).finish();
}

function readStdin() {
  try {
    return readFileSync(0);
  } catch {
    return Buffer.alloc(0);
  }
}

async function report(triggered, result) {
  const task = triggered.type.slice(0, -".triggered".length);
  const response = await fetch(`${process.env.BATON_URL ?? "http://127.0.0.1:7071"}/runtime/webhooks/eventgrid`, {
    method: "POST",
    headers: { "content-type": "application/cloudevents+json", "aeg-sas-key": process.env.BATON_KEY },
    body: JSON.stringify({
      specversion: "1.0",
      id: `${triggered.id}/finished`,
      source: "/examples/image-chain/detect",
      type: `${task}.finished`,
      triggeredid: triggered.id,
      batontoken: triggered.batontoken, // proves this service was handed the attempt
      datacontenttype: "application/protobuf",
      data_base64: Buffer.from(result).toString("base64"),
    }),
  });
  if (!response.ok) {
    console.error(`report on ${triggered.id} refused: ${response.status} ${await response.text()}`);
  }
}

function serve(port) {
  const seen = new Set(); // the .triggered id is the attempt's idempotency key: a redelivery is answered once
  http.createServer((req, res) => {
    if (req.method !== "POST" || req.headers["aeg-sas-key"] !== process.env.SERVICE_KEY) {
      res.writeHead(req.method === "POST" ? 401 : 404).end();
      return;
    }
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      let events;
      try {
        events = [].concat(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      } catch {
        res.writeHead(400).end();
        return;
      }
      res.writeHead(200).end();
      for (const e of events.filter((e) => e.type?.endsWith(".triggered") && e.data_base64 && !seen.has(e.id))) {
        seen.add(e.id);
        report(e, answer(Buffer.from(e.data_base64, "base64"))).catch((err) => console.error(`${e.id}: ${err.message}`));
      }
    });
  }).listen(Number(port), "127.0.0.1", () => console.log(`object-detect listening on 127.0.0.1:${port}`));
}

if (process.env.PORT) {
  if (!process.env.SERVICE_KEY || !process.env.BATON_KEY) {
    console.error("Set SERVICE_KEY (the key Baton sends) and BATON_KEY (a Baton function key).");
    process.exit(2);
  }
  serve(process.env.PORT);
} else {
  const bytes = process.env.BATON_REQUEST_FILE ? readFileSync(process.env.BATON_REQUEST_FILE) : readStdin();
  process.stdout.write(answer(bytes));
}
