// The selected step's settings: task, input (a form from the task's input schema, with the ${...} paths available
// there), wiring, retry, timeout and on_failure. Each change is one text edit of that step.
import { useEffect, useState } from 'react';
import type { TaskInfo } from '../api';
import { upstreamOf, type StepView, type WorkflowView } from '../model/workflow';
import type { Json } from '../model/yamlText';

export interface StepPanelProps {
  view: WorkflowView;
  step: StepView;
  tasks: TaskInfo[];
  onSet: (path: string[], value: Json | undefined) => void;
  onToggleDependency: (from: string, on: boolean) => void;
  onDelete: () => void;
}

/** Turns what was typed into a value: numbers and booleans when the schema says so, JSON when it parses as an object or list. */
export function typed(raw: string, type?: string, before?: Json): Json {
  const t = raw.trim();
  if (type === undefined && before !== undefined && before !== null && typeof before !== 'object') type = typeof before;
  if (type === undefined && /^(-?\d+(\.\d+)?|true|false|null)$/.test(t)) return JSON.parse(t) as Json;
  if (type === 'number' || type === 'integer') return t !== '' && !Number.isNaN(Number(t)) ? Number(t) : raw;
  if (type === 'boolean') return t === 'true' ? true : t === 'false' ? false : raw;
  if ((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'))) {
    try {
      return JSON.parse(t) as Json;
    } catch {
      return raw;
    }
  }
  return raw;
}

function show(value: Json | undefined): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A text field that applies its value when it loses focus or Enter is pressed. */
function Field({ label, value, onCommit, list, testId, placeholder }: { label: string; value: string; onCommit: (v: string) => void; list?: string; testId?: string; placeholder?: string }) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  return (
    <label className="field">
      <span>{label}</span>
      <input
        value={draft}
        list={list}
        data-testid={testId}
        placeholder={placeholder}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => draft !== value && onCommit(draft)}
        onKeyDown={(e) => e.key === 'Enter' && draft !== value && onCommit(draft)}
      />
    </label>
  );
}

export function StepPanel({ view, step, tasks, onSet, onToggleDependency, onDelete }: StepPanelProps) {
  const value = step.value;
  const inDo = step.type === 'for_each' || step.type === 'loop';
  const taskPath = inDo ? ['do', 'task'] : ['task'];
  const inputPath = inDo ? ['do', 'input'] : ['input'];
  const taskInfo = tasks.find((t) => t.name === step.task);
  const inputValue = (inDo ? (value.do as Record<string, Json> | undefined)?.input : value.input) as Json | undefined;
  const inputObject = inputValue && typeof inputValue === 'object' && !Array.isArray(inputValue) ? inputValue : {};
  const properties = taskInfo?.input_schema?.properties ?? {};
  const fields = [...new Set([...Object.keys(properties), ...Object.keys(inputObject)])];
  const upstream = upstreamOf(view, step.id);
  const paths = [
    ...view.inputProperties.map((p) => `\${input.${p}}`),
    '${input}',
    ...upstream.map((u) => `\${steps.${u}.output}`),
    '${workflow.id}',
    ...(step.type === 'for_each' ? ['${item}', '${index}'] : []),
    ...(step.type === 'loop' ? ['${iteration}', '${last}'] : []),
  ];
  const retry = (value.retry ?? {}) as Record<string, Json>;
  const [newField, setNewField] = useState('');
  const listId = `paths-${step.id}`;
  return (
    <section className="step-panel" aria-label={`Step ${step.id}`}>
      <header>
        <h2>
          {step.id} <span className="muted">{step.type}</span>
        </h2>
        <button type="button" className="danger" onClick={onDelete}>Delete step</button>
      </header>
      <datalist id={listId}>{paths.map((p) => <option key={p} value={p} />)}</datalist>
      {(step.type === 'task' || inDo) && (
        <label className="field">
          <span>Task</span>
          <select value={step.task ?? ''} onChange={(e) => onSet(taskPath, e.target.value)}>
            {!tasks.some((t) => t.name === step.task) && <option value={step.task ?? ''}>{step.task ?? '(none)'}</option>}
            {tasks.map((t) => <option key={t.name} value={t.name}>{t.name}</option>)}
          </select>
        </label>
      )}
      {(step.type === 'task' || inDo || step.type === 'set' || step.type === 'continue_as_new') && (
        <fieldset>
          <legend>Input</legend>
          {fields.map((f) => (
            <Field
              key={f}
              label={`${f}${properties[f]?.type ? ` (${properties[f].type})` : ''}`}
              value={show(inputObject[f])}
              list={listId}
              testId={`input-${f}`}
              placeholder={properties[f]?.description ?? 'a value or ${...}'}
              onCommit={(v) => onSet([...inputPath, f], v === '' ? undefined : typed(v, properties[f]?.type, inputObject[f]))}
            />
          ))}
          <div className="row">
            <input aria-label="New input field name" placeholder="new field" value={newField} onChange={(e) => setNewField(e.target.value)} />
            <button type="button" disabled={!/^[A-Za-z_][A-Za-z0-9_]*$/.test(newField)} onClick={() => { onSet([...inputPath, newField], ''); setNewField(''); }}>Add field</button>
          </div>
          <p className="muted small">Paths you can use here: {paths.join(', ')}</p>
        </fieldset>
      )}
      {step.type === 'wait' && <Field label="Duration" value={show(value.duration)} onCommit={(v) => onSet(['duration'], v || undefined)} />}
      {step.type === 'event' && <Field label="Event name" value={show(value.event)} onCommit={(v) => onSet(['event'], v)} />}
      {step.type === 'fail' && <Field label="Message" value={show(value.message)} onCommit={(v) => onSet(['message'], v)} />}
      {step.type === 'for_each' && <Field label="Items" value={show(value.items)} list={listId} onCommit={(v) => onSet(['items'], v)} />}
      {step.type === 'workflow' && <Field label="Workflow" value={show(value.workflow)} onCommit={(v) => onSet(['workflow'], v)} />}
      <fieldset>
        <legend>Runs after</legend>
        {view.steps.filter((s) => s.id !== step.id).map((s) => (
          <label key={s.id} className="check">
            <input type="checkbox" checked={step.dependsOn.includes(s.id)} onChange={(e) => onToggleDependency(s.id, e.target.checked)} /> {s.id}
          </label>
        ))}
        <Field label="Condition" value={show(value.condition)} list={listId} placeholder="${...} (runs when true)" onCommit={(v) => onSet(['condition'], v === '' ? undefined : v)} />
      </fieldset>
      <fieldset>
        <legend>Failure handling</legend>
        <Field label="Retry: max attempts" value={show(retry.max_attempts)} testId="retry-max-attempts" onCommit={(v) => onSet(['retry', 'max_attempts'], v === '' ? undefined : typed(v, 'integer'))} />
        <label className="field">
          <span>Retry: backoff</span>
          <select value={show(retry.backoff)} onChange={(e) => onSet(['retry', 'backoff'], e.target.value || undefined)}>
            <option value="">(default)</option>
            <option value="fixed">fixed</option>
            <option value="exponential">exponential</option>
          </select>
        </label>
        <Field label="Retry: first delay" value={show(retry.initial_delay)} placeholder="e.g. 1s" onCommit={(v) => onSet(['retry', 'initial_delay'], v || undefined)} />
        <Field label="Timeout" value={show(value.timeout)} placeholder="e.g. 30s" onCommit={(v) => onSet(['timeout'], v || undefined)} />
        <label className="field">
          <span>On failure</span>
          <select value={typeof value.on_failure === 'string' ? value.on_failure : ''} onChange={(e) => onSet(['on_failure'], e.target.value || undefined)}>
            <option value="">fail (default)</option>
            <option value="continue">continue</option>
            <option value="retry">retry</option>
            <option value="compensate">compensate</option>
          </select>
        </label>
      </fieldset>
    </section>
  );
}
