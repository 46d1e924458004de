// The planner: reads { numbers, chunk } and answers with the next computations. Each chunk gets a native step; the
// aggregate is a seed 003 computation spec whose inputs name the sums, so it runs once they all have.
import { readFileSync } from 'node:fs';
const { numbers, chunk } = JSON.parse(readFileSync(process.env.BATON_INPUT_FILE, 'utf8'));
const next = [];
for (let i = 0; i * chunk < numbers.length; i++) {
  next.push({ id: `sum_${i}`, task: 'sum', input: { numbers: numbers.slice(i * chunk, (i + 1) * chunk) } });
}
next.push({
  computation: 'aggregate_data',
  inputs: next.map(s => s.id),
  output: 'total',
  handler_type: 'aggregate',
  priority: 'high',
});
console.log(JSON.stringify({ chunks: next.length - 1, next }));
