// Catalog tasks and control steps, dragged onto the canvas (or added with Enter / the + button).
import { useMemo, useState } from 'react';
import type { TaskInfo } from '../api';
import { stepTypes, type StepType } from '../model/workflow';

export interface PaletteItem {
  kind: 'task' | 'control';
  task?: string;
  type?: StepType;
}

const controlHelp: Record<string, string> = {
  set: 'compute values', wait: 'durable timer', fail: 'fail on purpose', succeed: 'finish now', event: 'wait for an event',
  switch: 'choose a branch', for_each: 'fan out over a list', loop: 'repeat while', workflow: 'run a sub-workflow',
  continue_as_new: 'start over with new input',
};

/** The fields a schema lists, as "a, b" (or null when it lists none). */
function fields(schema?: { properties?: Record<string, unknown> }): string | null {
  const names = Object.keys(schema?.properties ?? {});
  return names.length ? names.join(', ') : null;
}

/** One line saying what a task does and what it takes and returns (its description and contract); its runner when it has neither. */
export function contractSummary(t: TaskInfo): string {
  const input = fields(t.input_schema);
  const output = fields(t.output_schema);
  const contract = input || output ? `${input ? `in: ${input}` : ''}${input && output ? ' → ' : ''}${output ? `out: ${output}` : ''}` : null;
  return [t.description, contract].filter(Boolean).join(' — ') || (t.source === 'function' ? 'built-in' : t.runner ?? '');
}

/** Tasks grouped by their first role, the seed's roles first, then the user's own, then those with none. */
export function byRole(tasks: TaskInfo[]): [string, TaskInfo[]][] {
  const order = ['ingestion', 'transformation', 'inference', 'storage', 'notification'];
  const groups = new Map<string, TaskInfo[]>();
  for (const t of tasks) {
    const role = t.roles?.[0] ?? (t.source === 'function' ? 'built-in' : 'other');
    groups.set(role, [...(groups.get(role) ?? []), t]);
  }
  const rank = (r: string) => (order.includes(r) ? order.indexOf(r) : r === 'built-in' ? 1000 : r === 'other' ? 999 : 100);
  return [...groups.entries()].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}

export function Palette({ tasks, error, onAdd }: { tasks: TaskInfo[]; error?: string | null; onAdd: (item: PaletteItem) => void }) {
  const [query, setQuery] = useState('');
  const shown = useMemo(
    () => tasks.filter((t) => `${t.name} ${t.description ?? ''} ${(t.roles ?? []).join(' ')}`.toLowerCase().includes(query.toLowerCase())),
    [tasks, query],
  );
  const item = (label: string, detail: string, payload: PaletteItem, testId: string, title?: string) => (
    <li key={testId}>
      <div
        className="palette-item"
        draggable
        data-testid={testId}
        tabIndex={0}
        role="button"
        aria-label={`Add ${label}`}
        title={title}
        onDragStart={(e) => {
          e.dataTransfer.setData('application/x-baton-step', JSON.stringify(payload));
          e.dataTransfer.effectAllowed = 'copy';
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            onAdd(payload);
          }
        }}
        onDoubleClick={() => onAdd(payload)}
      >
        <span className="palette-name">{label}</span>
        <span className="palette-detail">{detail}</span>
      </div>
    </li>
  );
  return (
    <aside className="palette" aria-label="Palette">
      <label className="field">
        <span>Search tasks</span>
        <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="name or description" />
      </label>
      <h3>Tasks</h3>
      {error && <p className="inline-error" role="alert">{error}</p>}
      {shown.length === 0 && <p className="muted">No task matches.</p>}
      {byRole(shown).map(([role, group]) => (
        <section key={role} aria-label={`Role ${role}`} data-testid={`palette-role-${role}`}>
          <h4 className="palette-role">{role}</h4>
          <ul>
            {group.map((t) =>
              item(t.version ? `${t.name} ${t.version}` : t.name, contractSummary(t), { kind: 'task', task: t.name }, `palette-task-${t.name}`,
                [contractSummary(t), t.roles?.length ? `roles: ${t.roles.join(', ')}` : null].filter(Boolean).join('\n')))}
          </ul>
        </section>
      ))}
      <h3>Control steps</h3>
      <ul>{stepTypes.filter((t) => t !== 'task').map((t) => item(t, controlHelp[t] ?? '', { kind: 'control', type: t }, `palette-control-${t}`))}</ul>
      <p className="muted small">Drag onto the canvas, or focus one and press Enter. Connect steps by dragging from a step's lower handle to another.</p>
    </aside>
  );
}
