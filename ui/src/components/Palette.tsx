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

export function Palette({ tasks, error, onAdd }: { tasks: TaskInfo[]; error?: string | null; onAdd: (item: PaletteItem) => void }) {
  const [query, setQuery] = useState('');
  const shown = useMemo(() => tasks.filter((t) => `${t.name} ${t.description ?? ''}`.toLowerCase().includes(query.toLowerCase())), [tasks, query]);
  const item = (label: string, detail: string, payload: PaletteItem, testId: string) => (
    <li key={testId}>
      <div
        className="palette-item"
        draggable
        data-testid={testId}
        tabIndex={0}
        role="button"
        aria-label={`Add ${label}`}
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
      <ul>
        {shown.map((t) =>
          item(t.name, t.description ?? (t.input_schema?.properties ? `input: ${Object.keys(t.input_schema.properties).join(', ')}` : `${t.source === 'function' ? 'built-in' : t.runner ?? ''}`),
            { kind: 'task', task: t.name }, `palette-task-${t.name}`))}
        {shown.length === 0 && <li className="muted">No task matches.</li>}
      </ul>
      <h3>Control steps</h3>
      <ul>{stepTypes.filter((t) => t !== 'task').map((t) => item(t, controlHelp[t] ?? '', { kind: 'control', type: t }, `palette-control-${t}`))}</ul>
      <p className="muted small">Drag onto the canvas, or focus one and press Enter. Connect steps by dragging from a step's lower handle to another.</p>
    </aside>
  );
}
