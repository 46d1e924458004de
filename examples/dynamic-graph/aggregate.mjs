// The aggregate of seed 003's example: { computation, inputs: { sum_0: { sum, count }, ... } } in, the total out.
import { readFileSync } from 'node:fs';
const { computation, inputs } = JSON.parse(readFileSync(process.env.BATON_INPUT_FILE, 'utf8'));
const parts = Object.values(inputs);
console.log(JSON.stringify({
  computation,
  total: parts.reduce((a, p) => a + p.sum, 0),
  count: parts.reduce((a, p) => a + p.count, 0),
  parts: parts.length,
}));
