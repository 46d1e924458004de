// One chunk's sum: { numbers } in, { sum, count } out.
import { readFileSync } from 'node:fs';
const { numbers } = JSON.parse(readFileSync(process.env.BATON_INPUT_FILE, 'utf8'));
console.log(JSON.stringify({ sum: numbers.reduce((a, b) => a + b, 0), count: numbers.length }));
