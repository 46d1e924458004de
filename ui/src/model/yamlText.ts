// Edits a workflow's YAML text in place: each edit replaces, inserts or removes only the text of what it changes, so
// the user's comments, key order, quoting and layout elsewhere stay byte for byte. The YAML library parses and gives
// each node's source range; the text is the source of truth, never a re-serialized document.
import { isMap, isScalar, isSeq, parseDocument, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A problem with the text, at a 1-based line and column. */
export interface TextProblem {
  message: string;
  line: number;
  column: number;
}

/** Parses the text, keeping node ranges; problems are the YAML syntax errors. */
export function parseText(text: string): { doc: Document.Parsed; problems: TextProblem[] } {
  const doc = parseDocument(text, { keepSourceTokens: true, uniqueKeys: true, prettyErrors: true });
  const problems = doc.errors.map((e) => ({
    message: e.message.split('\n')[0],
    line: e.linePos?.[0]?.line ?? 1,
    column: e.linePos?.[0]?.col ?? 1,
  }));
  return { doc, problems };
}

/** The 1-based line and column of an offset. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

const plain = /^[A-Za-z_][A-Za-z0-9_.\-/]*$/;
const reserved = /^(true|false|null|yes|no|on|off|y|n|~)$/i;

/** A value written as flow YAML on one line: `{ a: 1, b: [x, y] }`, strings quoted when plain would misread them. */
export function flow(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(flow).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${key(k)}: ${flow(v)}`).join(', ')} }`;
  }
  if (typeof value === 'string') return plain.test(value) && !reserved.test(value) ? value : JSON.stringify(value);
  return String(value);
}

function key(k: string): string {
  return plain.test(k) && !reserved.test(k) ? k : JSON.stringify(k);
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEnd(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return end < 0 ? text.length : end;
}

function isFlow(node: unknown): boolean {
  return (isMap(node) || isSeq(node)) && (node as YAMLMap | YAMLSeq).flow === true;
}

/** The steps sequence node, or null when the document has none. */
export function stepsNode(doc: Document.Parsed): YAMLSeq | null {
  const node = doc.getIn(['spec', 'steps'], true);
  return isSeq(node) ? node : null;
}

/** The map of the step with the id, and its index. */
export function stepNode(doc: Document.Parsed, id: string): { node: YAMLMap; index: number } | null {
  const steps = stepsNode(doc);
  if (!steps) return null;
  for (let i = 0; i < steps.items.length; i++) {
    const item = steps.items[i];
    if (isMap(item) && item.get('id') === id) return { node: item, index: i };
  }
  return null;
}

function pairOf(map: YAMLMap, name: string): Pair<Node, Node | null> | undefined {
  return (map.items as Pair<Node, Node | null>[]).find((p) => isScalar(p.key) && p.key.value === name);
}

function replaceRange(text: string, start: number, end: number, replacement: string): string {
  return text.slice(0, start) + replacement + text.slice(end);
}

/** Sets (or, with undefined, removes) a key of a mapping found by `find` in a fresh parse of the text. */
export function setInMap(text: string, find: (doc: Document.Parsed) => YAMLMap | null, name: string, value: Json | undefined): string {
  const { doc } = parseText(text);
  const map = find(doc);
  if (!map || !map.range) throw new Error(`Nothing to set '${name}' on.`);
  const pair = pairOf(map, name);
  if (isFlow(map)) {
    // A flow mapping is rewritten whole (it has no comments inside to keep), with the key's order kept.
    const js = map.toJSON() as Record<string, Json>;
    const next: Record<string, Json> = {};
    let placed = false;
    for (const [k, v] of Object.entries(js)) {
      if (k === name) {
        placed = true;
        if (value !== undefined) next[k] = value;
      } else next[k] = v;
    }
    if (!placed && value !== undefined) next[name] = value;
    return replaceRange(text, map.range[0], map.range[1], flow(next));
  }
  if (pair) {
    const k = pair.key as Node;
    const v = pair.value as Node | null;
    if (value === undefined) {
      // The key's whole lines go, with the value's (a block value may span several).
      const from = lineStart(text, k.range![0]);
      const valueEnd = v?.range ? v.range[1] : k.range![1];
      let to = lineEnd(text, Math.max(valueEnd - 1, k.range![1]));
      if (to < text.length) to += 1;
      return replaceRange(text, from, to, '');
    }
    let end = v?.range ? v.range[1] : k.range![1] + 1;
    // A block value's range runs past its last line's end; the line break stays.
    while (v && !isScalar(v) && !isFlow(v) && end > k.range![1] && /\s/.test(text[end - 1])) end--;
    // Keep whatever followed the value on its line (a comment) by replacing from the key's end to the value's end.
    return replaceRange(text, k.range![1], end, `: ${flow(value)}`);
  }
  if (value === undefined) return text;
  const first = map.items[0] as Pair<Node, Node | null> | undefined;
  const last = map.items[map.items.length - 1] as Pair<Node, Node | null> | undefined;
  if (!first || !last) throw new Error('An empty block mapping cannot take a key here.');
  const indent = positionOf(text, (first.key as Node).range![0]).column - 1;
  const lastEnd = (last.value as Node | null)?.range?.[1] ?? (last.key as Node).range![1];
  const at = lineEnd(text, Math.max(lastEnd - 1, 0));
  return replaceRange(text, at, at, `\n${' '.repeat(indent)}${key(name)}: ${flow(value)}`);
}

/** Sets, or with undefined removes, a path inside a step (`['retry', 'max_attempts']`); missing maps are created. */
export function setStepValue(text: string, stepId: string, path: string[], value: Json | undefined): string {
  if (path.length === 0) throw new Error('A path is needed.');
  const step = stepNode(parseText(text).doc, stepId)?.node;
  if (!step) throw new Error(`No step '${stepId}'.`);
  let depth = 0;
  while (depth < path.length - 1 && isMap(step.getIn(path.slice(0, depth + 1), true))) depth++;
  if (depth < path.length - 1 && value === undefined) return text;
  let built: Json | undefined = value;
  for (let i = path.length - 1; i > depth; i--) built = { [path[i]]: built as Json };
  const mapPath = path.slice(0, depth);
  return setInMap(text, (d) => {
    const s = stepNode(d, stepId)?.node;
    const m = mapPath.length ? s?.getIn(mapPath, true) : s;
    return isMap(m) ? m : null;
  }, path[depth], built);
}

/** Appends a step (a mapping of simple values) after the last one, in the layout of the steps before it. */
export function addStep(text: string, step: Record<string, Json>): string {
  const { doc } = parseText(text);
  const steps = stepsNode(doc);
  const entries = Object.entries(step);
  if (steps && !isFlow(steps) && steps.items.length > 0) {
    const last = steps.items[steps.items.length - 1] as Node;
    const keyColumn = positionOf(text, last.range![0]).column - 1;
    const lastLineStart = lineStart(text, last.range![0]);
    const dash = text.slice(lastLineStart, last.range![0]).lastIndexOf('-');
    const dashColumn = dash >= 0 ? dash : Math.max(keyColumn - 2, 0);
    const lines = entries.map(([k, v], i) => (i === 0 ? `${' '.repeat(dashColumn)}-${' '.repeat(Math.max(keyColumn - dashColumn - 1, 1))}` : ' '.repeat(keyColumn)) + `${key(k)}: ${flow(v)}`);
    const at = lineEnd(text, Math.max(last.range![1] - 1, 0));
    return replaceRange(text, at, at, `\n${lines.join('\n')}`);
  }
  if (steps && steps.range) {
    const items = (steps.toJSON() as Json[]) ?? [];
    return replaceRange(text, steps.range[0], steps.range[1], flow([...items, step]));
  }
  const spec = doc.get('spec', true);
  if (isMap(spec)) return setInMap(text, (d) => d.get('spec', true) as YAMLMap, 'steps', [step]);
  throw new Error('The document has no spec to add a step to.');
}

/** Removes a step's lines, and its id from every other step's depends_on. */
export function removeStep(text: string, stepId: string): string {
  let next = text;
  for (const other of dependents(next, stepId)) next = disconnect(next, stepId, other);
  const { doc } = parseText(next);
  const found = stepNode(doc, stepId);
  const steps = stepsNode(doc);
  if (!found || !steps) return next;
  if (isFlow(steps) || steps.items.length === 1) {
    const items = (steps.toJSON() as Json[]).filter((_, i) => i !== found.index);
    return replaceRange(next, steps.range![0], steps.range![1], flow(items));
  }
  const node = found.node;
  const from = lineStart(next, node.range![0]);
  let to = lineEnd(next, Math.max(node.range![1] - 1, node.range![0]));
  if (to < next.length) to += 1;
  return replaceRange(next, from, to, '');
}

/** The ids a step depends on (depends_on as a string or a list). */
export function dependsOn(map: YAMLMap): string[] {
  const value = map.get('depends_on');
  if (typeof value === 'string') return [value];
  if (isSeq(value)) return value.items.map((i) => (isScalar(i) ? String(i.value) : String(i)));
  return [];
}

function dependents(text: string, id: string): string[] {
  const steps = stepsNode(parseText(text).doc);
  return (steps?.items ?? []).filter(isMap).filter((m) => dependsOn(m).includes(id)).map((m) => String(m.get('id')));
}

/** Makes `to` depend on `from`. */
export function connect(text: string, from: string, to: string): string {
  const found = stepNode(parseText(text).doc, to);
  if (!found) throw new Error(`No step '${to}'.`);
  const current = dependsOn(found.node);
  if (current.includes(from)) return text;
  return setStepValue(text, to, ['depends_on'], [...current, from]);
}

/** Drops `to`'s dependency on `from`. */
export function disconnect(text: string, from: string, to: string): string {
  const found = stepNode(parseText(text).doc, to);
  if (!found) return text;
  const rest = dependsOn(found.node).filter((d) => d !== from);
  return setStepValue(text, to, ['depends_on'], rest.length ? rest : undefined);
}
