// The image chain's object-detect stage in Node.js, speaking Baton's protobuf task envelope
// (proto/baton/task/v1/task.proto) with protobufjs. It runs four ways, one code path:
//
//   as a container or process task (format: protobuf): reads the TaskRequest from BATON_REQUEST_FILE (or stdin)
//     and writes the TaskResult's bytes to stdout;
//   as an event task service: PORT=7073 SERVICE_KEY=... BATON_URL=http://127.0.0.1:7071 BATON_KEY=<function key> node detect.mjs
//     takes object-detect.triggered CloudEvents whose data_base64 is a TaskRequest and reports with a
//     .finished CloudEvent whose data_base64 is the TaskResult;
//   as a replica of a service pool (Baton starts it with BATON_POOL_QUEUE and BATON_POOL_RESULTS, SAS addresses of two
//     Azure Storage queues): takes one .triggered event at a time off the work queue, puts its .finished event on the
//     results queue, then deletes the work message; on SIGTERM it finishes the attempt in hand and exits.
//
// The detector is a stand-in (it names what the image's URL says); swap detect() for a model.
import { readFileSync, existsSync } from "node:fs";
import http from "node:http";
import protobuf from "protobufjs";
import { QueueClient } from "@azure/storage-queue";

const here = new URL(".", import.meta.url).pathname;
const protoPath = process.env.BATON_PROTO
  ?? [`${here}task.proto`, `${here}../../../proto/baton/task/v1/task.proto`].find((p) => existsSync(p));
const root = protobuf.loadSync(protoPath);
const TaskRequest = root.lookupType("baton.task.v1.TaskRequest");
const TaskResult = root.lookupType("baton.task.v1.TaskResult");
const Status = TaskResult.lookupEnum("Status").values;

// The detector; `extra` (a pool replica's name and the attempt's deliveries) joins the output.
function detect(input, extra = {}) {
  const source = input?.resized_image_url;
  if (typeof source !== "string") {
    return { status: Status.FAILED, errorCode: "BadInput", message: "input.resized_image_url must be a string", retryable: false };
  }
  const objects = ["cat", "dog", "car", "tree"].filter((o) => source.includes(o));
  return { status: Status.SUCCEEDED, json: JSON.stringify({ detected_objects: objects.length ? objects : ["unknown"], from: source, ...extra }) };
}

// One request's bytes in, one result's bytes out: the whole contract.
export function answer(bytes, extra) {
  const request = TaskRequest.decode(bytes);
  if (request.input !== "json") {
    return TaskResult.encode({ status: Status.FAILED, errorCode: "BadInput", message: `expected JSON input, got ${request.input}`, retryable: false }).finish();
  }
  return TaskResult.encode(TaskResult.create(detect(JSON.parse(request.json), extra))).finish();
}

// The .finished event for a .triggered one: the TaskResult as binary data when the request came as one, else JSON.
function finished(triggered, extra) {
  const event = {
    specversion: "1.0",
    id: `${triggered.id}/finished`,
    source: "/examples/image-chain/detect",
    type: `${triggered.type.slice(0, -".triggered".length)}.finished`,
    triggeredid: triggered.id,
    batontoken: triggered.batontoken, // proves this service was handed the attempt
  };
  if (triggered.data_base64) {
    return { ...event, datacontenttype: "application/protobuf", data_base64: Buffer.from(answer(Buffer.from(triggered.data_base64, "base64"), extra)).toString("base64") };
  }
  const result = detect(triggered.data, extra);
  return { ...event, datacontenttype: "application/json",
    data: result.status === Status.SUCCEEDED ? JSON.parse(result.json) : { status: "errored", message: result.message, retryable: false } };
}

// Locally Baton hands a replica SAS addresses; in Azure (infra/modules/pools.bicep) plain addresses, and the Container
// App's managed identity (AZURE_CLIENT_ID) signs in.
async function queue(url) {
  if (new URL(url).searchParams.has("sig")) {
    return new QueueClient(url);
  }
  const { DefaultAzureCredential } = await import("@azure/identity");
  return new QueueClient(url, new DefaultAzureCredential());
}

async function replica() {
  const work = await queue(process.env.BATON_POOL_QUEUE);
  const results = await queue(process.env.BATON_POOL_RESULTS);
  const visibilityTimeout = Number(process.env.BATON_POOL_VISIBILITY ?? 300);
  let stopping = false;
  let wake = () => {};
  process.on("SIGTERM", () => { stopping = true; wake(); });
  while (!stopping) {
    const [message] = (await work.receiveMessages({ numberOfMessages: 1, visibilityTimeout })).receivedMessageItems;
    if (!message) {
      await new Promise((resolve) => { wake = resolve; setTimeout(resolve, 200); });
      continue;
    }
    const extra = { replica: process.env.BATON_POOL_REPLICA, deliveries: message.dequeueCount };
    const report = JSON.stringify(finished(JSON.parse(message.messageText), extra));
    // DETECT_DELAY_MS stands in for a real model's inference time (the pool's tests use it to build a queue).
    await new Promise((resolve) => setTimeout(resolve, Number(process.env.DETECT_DELAY_MS ?? 0)));
    await results.sendMessage(report);
    await work.deleteMessage(message.messageId, message.popReceipt); // only once the report is safely queued
  }
}

function readStdin() {
  try {
    return readFileSync(0);
  } catch {
    return Buffer.alloc(0);
  }
}

async function report(triggered) {
  const response = await fetch(`${process.env.BATON_URL ?? "http://127.0.0.1:7071"}/runtime/webhooks/eventgrid`, {
    method: "POST",
    headers: { "content-type": "application/cloudevents+json", "aeg-sas-key": process.env.BATON_KEY },
    body: JSON.stringify(finished(triggered)),
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
      for (const e of events.filter((e) => e.type?.endsWith(".triggered") && !seen.has(e.id))) {
        seen.add(e.id);
        report(e).catch((err) => console.error(`${e.id}: ${err.message}`));
      }
    });
  }).listen(Number(port), "127.0.0.1", () => console.log(`object-detect listening on 127.0.0.1:${port}`));
}

if (process.env.BATON_POOL_QUEUE) {
  replica().catch((err) => {
    console.error(`replica ${process.env.BATON_POOL_REPLICA}: ${err.message}`);
    process.exit(1);
  });
} else if (process.env.PORT) {
  if (!process.env.SERVICE_KEY || !process.env.BATON_KEY) {
    console.error("Set SERVICE_KEY (the key Baton sends) and BATON_KEY (a Baton function key).");
    process.exit(2);
  }
  serve(process.env.PORT);
} else {
  const bytes = process.env.BATON_REQUEST_FILE ? readFileSync(process.env.BATON_REQUEST_FILE) : readStdin();
  process.stdout.write(answer(bytes));
}
