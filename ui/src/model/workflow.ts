// What the designer and monitor read from a workflow's text: its steps, their wiring, and the problems a reader can
// find without the server (syntax, duplicate ids, dependencies on steps that do not exist, cycles).
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { dependsOn, parseText, positionOf, stepsNode, type Json } from './yamlText';

/** The step types of the language (docs/workflow-language.md). */
export const stepTypes = ['task', 'set', 'wait', 'fail', 'succeed', 'event', 'switch', 'for_each', 'loop', 'workflow', 'continue_as_new'] as const;
export type StepType = (typeof stepTypes)[number];

/** One step as the canvas shows it. */
export interface StepView {
  id: string;
  index: number;
  type: StepType | string;
  /** The task it runs (`task`, or `do.task` for for_each and loop). */
  task?: string;
  dependsOn: string[];
  /** Steps its expressions read (`${steps.x...}`) beyond depends_on. */
  reads: string[];
  /** Steps a switch names on its branches, with the branch's label. */
  branches: { to: string; label: string }[];
  line: number;
  endLine: number;
  value: Record<string, Json>;
}

/** A problem with a definition, placed on a line and, when it concerns one, a step. */
export interface Problem {
  message: string;
  line: number;
  column: number;
  stepId?: string;
  code?: string;
  fix?: string;
  source: 'yaml' | 'graph' | 'server';
}

export interface WorkflowView {
  name?: string;
  version?: string;
  inputProperties: string[];
  steps: StepView[];
  problems: Problem[];
}

const idPattern = /^[A-Za-z_][A-Za-z0-9_-]{0,99}$/;
const readsPattern = /steps\.([A-Za-z_][A-Za-z0-9_-]*)|steps\[['"]([^'"\]]+)['"]\]/g;

function expressionsIn(value: Json | undefined, found: string[] = []): string[] {
  if (typeof value === 'string') {
    for (const m of value.matchAll(/\$\{([^}]*)\}/g)) found.push(m[1]);
  } else if (Array.isArray(value)) value.forEach((v) => expressionsIn(v, found));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => expressionsIn(v, found));
  return found;
}

function names(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (isSeq(value)) return value.items.map((i) => (isScalar(i) ? String(i.value) : String(i)));
  if (Array.isArray(value)) return value.map(String);
  return [];
}

/** Reads the workflow's steps and the problems found without the server. */
export function readWorkflow(text: string): WorkflowView {
  const { doc, problems: syntax } = parseText(text);
  const problems: Problem[] = syntax.map((p) => ({ ...p, source: 'yaml' as const }));
  const view: WorkflowView = { steps: [], problems, inputProperties: [] };
  if (syntax.length > 0) return view;
  const name = doc.getIn(['metadata', 'name']);
  const version = doc.getIn(['metadata', 'version']);
  view.name = name === undefined ? undefined : String(name);
  view.version = version === undefined ? undefined : String(version);
  const props = doc.getIn(['spec', 'input', 'schema', 'properties'], true);
  if (isMap(props)) view.inputProperties = props.items.map((p) => String(isScalar(p.key) ? p.key.value : p.key));
  const steps = stepsNode(doc);
  if (!steps) {
    problems.push({ message: 'The workflow has no spec.steps list.', line: 1, column: 1, source: 'graph', fix: 'Add spec: steps: with at least one step.' });
    return view;
  }
  steps.items.forEach((item, index) => {
    const node = item as Node;
    const start = positionOf(text, node.range?.[0] ?? 0);
    const end = positionOf(text, Math.max((node.range?.[1] ?? 1) - 1, 0));
    if (!isMap(item)) {
      problems.push({ message: `Step ${index + 1} is not a mapping.`, line: start.line, column: start.column, source: 'graph' });
      return;
    }
    const map = item as YAMLMap;
    const value = (map.toJSON() ?? {}) as Record<string, Json>;
    const id = String(value.id ?? `#${index + 1}`);
    const type = String(value.type ?? 'task');
    const task = typeof value.task === 'string' ? value.task
      : value.do && typeof value.do === 'object' && !Array.isArray(value.do) && typeof value.do.task === 'string' ? value.do.task : undefined;
    const reads = new Set<string>();
    for (const e of expressionsIn(value)) for (const m of e.matchAll(readsPattern)) reads.add(m[1] ?? m[2]);
    const branches: { to: string; label: string }[] = [];
    const cases = map.get('cases', true);
    if (isSeq(cases)) cases.items.forEach((c, i) => isMap(c) && names(c.get('steps', true) ?? c.get('steps')).forEach((to) => branches.push({ to, label: `case ${i + 1}` })));
    names(map.get('default', true) ?? map.get('default')).forEach((to) => branches.push({ to, label: 'default' }));
    const deps = dependsOn(map);
    view.steps.push({
      id, index, type, task, dependsOn: deps, reads: [...reads].filter((r) => !deps.includes(r) && r !== id), branches,
      line: start.line, endLine: end.line, value,
    });
    if (value.id === undefined) problems.push({ message: `Step ${index + 1} has no id.`, line: start.line, column: start.column, source: 'graph', fix: 'Give it an id: a letter or _, then letters, digits, _ or -.' });
    else if (!idPattern.test(id)) problems.push({ message: `'${id}' is not a valid step id.`, line: start.line, column: start.column, stepId: id, source: 'graph', fix: 'Use a letter or _, then letters, digits, _ or - (at most 100).' });
  });
  const ids = new Map<string, StepView>();
  for (const s of view.steps) {
    if (ids.has(s.id)) problems.push({ message: `The step id '${s.id}' is used twice.`, line: s.line, column: 1, stepId: s.id, source: 'graph', fix: 'Give each step its own id.' });
    ids.set(s.id, s);
  }
  for (const s of view.steps) {
    for (const d of s.dependsOn) if (!ids.has(d)) problems.push({ message: `'${s.id}' depends on '${d}', which is not a step.`, line: s.line, column: 1, stepId: s.id, source: 'graph', fix: `Remove '${d}' from depends_on or add a step '${d}'.` });
    for (const r of s.reads) if (!ids.has(r)) problems.push({ message: `'${s.id}' reads steps.${r}, which is not a step.`, line: s.line, column: 1, stepId: s.id, source: 'graph', fix: `Read an existing step, or add a step '${r}'.` });
    for (const b of s.branches) if (!ids.has(b.to)) problems.push({ message: `Switch '${s.id}' names '${b.to}', which is not a step.`, line: s.line, column: 1, stepId: s.id, source: 'graph' });
  }
  for (const cycle of cycles(view.steps)) {
    const first = ids.get(cycle[0])!;
    problems.push({ message: `These steps depend on each other in a circle: ${cycle.join(' → ')} → ${cycle[0]}.`, line: first.line, column: 1, stepId: cycle[0], source: 'graph', fix: 'Remove one of the dependencies so the steps can run in order.' });
  }
  return view;
}

/** Each cycle of depends_on, once, as the ids along it. */
export function cycles(steps: Pick<StepView, 'id' | 'dependsOn'>[]): string[][] {
  const deps = new Map(steps.map((s) => [s.id, s.dependsOn]));
  const state = new Map<string, 'open' | 'done'>();
  const found: string[][] = [];
  const path: string[] = [];
  const visit = (id: string) => {
    state.set(id, 'open');
    path.push(id);
    for (const d of deps.get(id) ?? []) {
      if (!deps.has(d)) continue;
      if (state.get(d) === 'open') found.push(path.slice(path.indexOf(d)).reverse());
      else if (!state.has(d)) visit(d);
    }
    path.pop();
    state.set(id, 'done');
  };
  for (const s of steps) if (!state.has(s.id)) visit(s.id);
  return found;
}

/** The step whose lines hold a line, for placing a server problem on a node. */
export function stepAtLine(view: WorkflowView, line: number): string | undefined {
  return view.steps.find((s) => line >= s.line && line <= s.endLine)?.id;
}

/** The steps a step may read: everything it depends on, directly or not. */
export function upstreamOf(view: WorkflowView, id: string): string[] {
  const byId = new Map(view.steps.map((s) => [s.id, s]));
  const seen = new Set<string>();
  const walk = (x: string) => {
    for (const d of byId.get(x)?.dependsOn ?? []) if (!seen.has(d)) { seen.add(d); walk(d); }
  };
  walk(id);
  return [...seen];
}

/** A new step id from a task name, unused in the view. */
export function freshId(view: WorkflowView, base: string): string {
  let stem = base.replace(/[^A-Za-z0-9_-]/g, '-').replace(/^[^A-Za-z_]+/, '') || 'step';
  stem = stem.slice(0, 90);
  const taken = new Set(view.steps.map((s) => s.id));
  if (!taken.has(stem)) return stem;
  for (let i = 2; ; i++) if (!taken.has(`${stem}-${i}`)) return `${stem}-${i}`;
}

/** What a new step of a control type starts with. */
export function skeleton(type: StepType, id: string, task?: string): Record<string, Json> {
  switch (type) {
    case 'task': return { id, task: task ?? 'echo' };
    case 'set': return { id, type, input: {} };
    case 'wait': return { id, type, duration: '10s' };
    case 'fail': return { id, type, message: 'Stopped on purpose.' };
    case 'succeed': return { id, type };
    case 'event': return { id, type, event: 'approved', timeout: '1h' };
    case 'switch': return { id, type, cases: [{ when: '${true}', steps: [] }], default: [] };
    case 'for_each': return { id, type, items: '${input.items}', do: { task: task ?? 'echo', input: { item: '${item}' } } };
    case 'loop': return { id, type, max_iterations: 3, do: { task: task ?? 'echo' } };
    case 'workflow': return { id, type, workflow: 'child-workflow' };
    case 'continue_as_new': return { id, type, input: {} };
  }
}
