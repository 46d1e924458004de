// The designer: palette, canvas and the YAML, kept in step. The text is the one source of truth; the canvas and the
// side panel edit it with in-place text edits, so what the user wrote elsewhere is never reformatted.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, ApiError, messageOf, type ProblemError, type TaskInfo } from '../api';
import { nextVersion, setMetadata } from '../model/document';
import { freshId, readWorkflow, skeleton, stepAtLine, type Problem, type StepType, type WorkflowView } from '../model/workflow';
import { addStep, connect, disconnect, parseText, removeStep, setStepValue, type Json } from '../model/yamlText';
import type { Template } from '../templates';
import { Palette, type PaletteItem } from './Palette';
import { StepGraph } from './StepGraph';
import { StepPanel } from './StepPanel';
import { YamlEditor } from './YamlEditor';

const draftKey = 'baton.designer.draft';

export interface DesignerProps {
  template: Template;
  onStarted: (instanceId: string) => void;
}

export function Designer({ template, onStarted }: DesignerProps) {
  const [text, setText] = useState(template.workflow);
  const [catalog, setCatalog] = useState<string | undefined>(template.catalog);
  const [past, setPast] = useState<string[]>([]);
  const [future, setFuture] = useState<string[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [positions, setPositions] = useState<Record<string, { x: number; y: number }>>({});
  const [tasks, setTasks] = useState<TaskInfo[]>([]);
  const [tasksError, setTasksError] = useState<string | null>(null);
  const [serverProblems, setServerProblems] = useState<Problem[]>([]);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [runInput, setRunInput] = useState<string | null>(null);
  const [revealLine, setRevealLine] = useState<number | null>(null);
  const typing = useRef<{ before: string; timer: number } | null>(null);

  useEffect(() => {
    setText(template.workflow);
    setCatalog(template.catalog);
    setPast([]);
    setFuture([]);
    setSelected(null);
    setPositions({});
    setMessage(null);
  }, [template]);

  const view = useMemo(() => readWorkflow(text), [text]);
  // While the text does not parse, the canvas keeps showing the last graph that did.
  const lastGood = useRef(view);
  const broken = view.problems.some((p) => p.source === 'yaml');
  if (!broken) lastGood.current = view;
  const drawn = broken ? lastGood.current : view;

  // The palette: the catalog the workflow brings (a template's), else the host's default catalog, and the built-ins.
  useEffect(() => {
    let live = true;
    api.tasks().then(
      (r) => {
        if (!live) return;
        const own = catalog ? catalogTasks(catalog) : [];
        const names = new Set(own.map((t) => t.name));
        setTasks([...own, ...r.tasks.filter((t) => !names.has(t.name) && (!catalog || t.source === 'function'))]);
        setTasksError(null);
      },
      (e: unknown) => live && setTasksError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [catalog]);

  // What the server says, once the text reads cleanly here: line and column of each error, placed on its step.
  useEffect(() => {
    setServerProblems([]);
    if (view.problems.length > 0) return;
    const timer = window.setTimeout(() => {
      api.validate(text).then(
        (r) => setServerProblems(serverProblemsOf(r.errors ?? [], view)),
        (e: unknown) => {
          if (e instanceof ApiError && e.status !== 0 && e.status < 500 && e.status !== 401 && e.status !== 403) {
            setServerProblems([{ message: e.message, line: 1, column: 1, source: 'server' }]);
          }
        },
      );
    }, 400);
    return () => window.clearTimeout(timer);
  }, [text, view]);

  const problems = useMemo(() => [...view.problems, ...serverProblems], [view.problems, serverProblems]);

  /** One edit of the text: recorded for undo, applied everywhere. */
  const edit = useCallback((change: (t: string) => string) => {
    setText((current) => {
      let next: string;
      try {
        next = change(current);
      } catch (e) {
        setMessage({ kind: 'error', text: messageOf(e) });
        return current;
      }
      if (next !== current) {
        setPast((p) => [...p.slice(-199), current]);
        setFuture([]);
      }
      return next;
    });
  }, []);

  const typed = useCallback((next: string) => {
    setText((current) => {
      if (next === current) return current;
      // Typing is grouped: one undo step per pause.
      if (!typing.current) typing.current = { before: current, timer: 0 };
      window.clearTimeout(typing.current.timer);
      typing.current.timer = window.setTimeout(() => {
        const before = typing.current!.before;
        typing.current = null;
        setPast((p) => [...p.slice(-199), before]);
        setFuture([]);
      }, 600);
      return next;
    });
  }, []);

  const undo = () => {
    if (!past.length) return;
    setFuture((f) => [text, ...f]);
    setText(past[past.length - 1]);
    setPast((p) => p.slice(0, -1));
  };
  const redo = () => {
    if (!future.length) return;
    setPast((p) => [...p, text]);
    setText(future[0]);
    setFuture((f) => f.slice(1));
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const inEditor = (e.target as HTMLElement | null)?.closest?.('.yaml-editor, input, textarea, select');
      if (inEditor || !(e.ctrlKey || e.metaKey) || e.key.toLowerCase() !== 'z') return;
      e.preventDefault();
      if (e.shiftKey) redo();
      else undo();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  // A new step takes its place in the automatic layout; only a step the user drags keeps a place of its own.
  const add = (item: PaletteItem) => {
    const base = item.kind === 'task' ? item.task! : item.type!;
    const id = freshId(view, base);
    edit((t) => addStep(t, skeleton(item.kind === 'task' ? 'task' : (item.type as StepType), id, item.task)));
    setSelected(id);
  };

  const save = async (asDraft: boolean) => {
    setMessage(null);
    if (asDraft) {
      localStorage.setItem(draftKey, JSON.stringify({ text, catalog }));
      setMessage({ kind: 'ok', text: 'Saved as a draft in this browser (not in the registry).' });
      return;
    }
    if (problems.length > 0) {
      setMessage({ kind: 'error', text: `Not saved: ${problems.length} problem${problems.length > 1 ? 's' : ''} to fix first (or save as a draft).` });
      return;
    }
    setBusy(true);
    try {
      let body = text;
      const name = view.name!;
      const existing = await api.versions(name);
      const same = existing?.versions.find((v) => v.version === view.version);
      if (same) {
        const stored = await api.definition(name, same.version);
        if (stored.content !== body) {
          const version = nextVersion(same.version, existing!.versions.map((v) => v.version));
          body = setMetadata(body, 'version', version);
          setPast((p) => [...p, text]);
          setText(body);
        }
      }
      if (catalog) {
        await api.saveCatalog(setMetadata(setMetadata(catalog, 'name', name), 'version', catalogVersion(catalog)));
      }
      const entry = await api.saveDefinition(body);
      if (!entry.active) await api.activate(entry.name, entry.version);
      setMessage({ kind: 'ok', text: `Saved ${entry.name} version ${entry.version}; it is the active version.` });
      localStorage.removeItem(draftKey);
      return entry;
    } catch (e) {
      reportSaveError(e);
    } finally {
      setBusy(false);
    }
  };

  const reportSaveError = (e: unknown) => {
    if (e instanceof ApiError && e.problem?.errors?.length) {
      setServerProblems(serverProblemsOf(e.problem.errors, view));
    }
    setMessage({ kind: 'error', text: messageOf(e) });
  };

  const run = async () => {
    let input: unknown;
    try {
      input = JSON.parse(runInput ?? '{}');
    } catch (e) {
      setMessage({ kind: 'error', text: `The input is not JSON: ${messageOf(e)}` });
      return;
    }
    const saved = await save(false);
    if (!saved) return;
    setBusy(true);
    try {
      const started = await api.start(saved.name, input, catalog ? saved.name : undefined);
      setRunInput(null);
      onStarted(started.id);
    } catch (e) {
      setMessage({ kind: 'error', text: messageOf(e) });
    } finally {
      setBusy(false);
    }
  };

  const step = view.steps.find((s) => s.id === selected) ?? null;
  const draft = localStorage.getItem(draftKey);

  return (
    <div className="designer">
      <Palette tasks={tasks} error={tasksError} onAdd={(item) => add(item)} />
      <main className="canvas-column">
        <div className="toolbar" role="toolbar" aria-label="Designer">
          <strong className="doc-name">{view.name ?? '(unnamed)'} <span className="muted">v{view.version ?? '?'}</span></strong>
          <button type="button" onClick={undo} disabled={!past.length} title="Undo (Ctrl+Z)">Undo</button>
          <button type="button" onClick={redo} disabled={!future.length} title="Redo (Ctrl+Shift+Z)">Redo</button>
          <button type="button" onClick={() => setPositions({})} title="Lay the graph out again">Auto-layout</button>
          <span className="spacer" />
          {draft && <button type="button" onClick={() => { const d = JSON.parse(draft) as { text: string; catalog?: string }; edit(() => d.text); setCatalog(d.catalog); }}>Open draft</button>}
          <button type="button" data-testid="download" onClick={() => download(text, `${view.name ?? 'workflow'}.yaml`)}>Download YAML</button>
          <button type="button" onClick={() => save(true)}>Save draft</button>
          <button type="button" data-testid="save" onClick={() => void save(false)} disabled={busy}>Save version</button>
          <button type="button" data-testid="run" className="primary" onClick={() => setRunInput(JSON.stringify(Object.fromEntries(view.inputProperties.map((p) => [p, ''])), null, 2))} disabled={busy}>Run…</button>
        </div>
        {message && <p className={`message ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="designer-message">{message.text}</p>}
        {runInput !== null && (
          <div className="run-dialog" role="dialog" aria-label="Run the workflow">
            <label className="field">
              <span>Workflow input (JSON)</span>
              <textarea rows={5} value={runInput} onChange={(e) => setRunInput(e.target.value)} data-testid="run-input" />
            </label>
            <div className="row">
              <button type="button" className="primary" data-testid="run-start" onClick={() => void run()} disabled={busy}>Save and start</button>
              <button type="button" onClick={() => setRunInput(null)}>Cancel</button>
            </div>
          </div>
        )}
        <StepGraph
          steps={drawn.steps}
          problems={problems}
          selected={selected}
          positions={positions}
          editable
          onSelect={(id) => {
            setSelected(id);
            const s = view.steps.find((x) => x.id === id);
            if (s) setRevealLine(s.line);
          }}
          onConnect={(from, to) => edit((t) => connect(t, from, to))}
          onDisconnect={(from, to) => edit((t) => disconnect(t, from, to))}
          onDelete={(id) => {
            edit((t) => removeStep(t, id));
            setSelected(null);
          }}
          onMove={(id, p) => setPositions((ps) => ({ ...ps, [id]: p }))}
          onDropTask={(payload) => add(JSON.parse(payload) as PaletteItem)}
        />
        {problems.length > 0 && (
          <ul className="problems" aria-label="Problems" data-testid="problems">
            {problems.map((p, i) => (
              <li key={i}>
                <button type="button" className="link" onClick={() => { setRevealLine(p.line); if (p.stepId) setSelected(p.stepId); }}>
                  line {p.line}:{p.column}{p.stepId ? ` (${p.stepId})` : ''}
                </button>{' '}
                {p.code ? `${p.code} ` : ''}{p.message}{p.fix ? ` — ${p.fix}` : ''}
              </li>
            ))}
          </ul>
        )}
      </main>
      <div className="side-column">
        {step ? (
          <StepPanel
            view={view}
            step={step}
            tasks={tasks}
            onSet={(path, value: Json | undefined) => edit((t) => setStepValue(t, step.id, path, value))}
            onToggleDependency={(from, on) => edit((t) => (on ? connect(t, from, step.id) : disconnect(t, from, step.id)))}
            onDelete={() => {
              edit((t) => removeStep(t, step.id));
              setSelected(null);
            }}
          />
        ) : (
          <p className="muted hint">Select a step to configure it, or drag a task from the palette.</p>
        )}
        <YamlEditor text={text} problems={problems} onChange={typed} revealLine={revealLine}
          paths={[...drawn.inputProperties.map((p) => `input.${p}`), 'input', ...drawn.steps.map((s) => `steps.${s.id}.output`), 'workflow.id', 'workflow.name', 'workflow.version', 'workflow.started_at', 'variables', 'item', 'index']} />
      </div>
    </div>
  );
}

/** The host's definition errors as problems, each placed on the step whose lines hold it. */
function serverProblemsOf(errors: ProblemError[], view: WorkflowView): Problem[] {
  return errors.map((x) => ({
    message: x.message, line: x.line ?? 1, column: x.column ?? 1, code: x.code, fix: x.fix, source: 'server' as const,
    stepId: x.line ? stepAtLine(view, x.line) : undefined,
  }));
}

function download(text: string, fileName: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function catalogTasks(text: string): TaskInfo[] {
  const { doc } = parseText(text);
  const tasks = doc.toJSON()?.tasks as Record<string, Omit<TaskInfo, 'name' | 'source'>> | undefined;
  return Object.entries(tasks ?? {}).map(([name, t]) => ({
    name, source: 'catalog' as const, runner: t?.runner, description: t?.description, input_schema: t?.input_schema,
    output_schema: t?.output_schema, version: t?.version, roles: Array.isArray(t?.roles) ? t.roles : undefined,
  }));
}

function catalogVersion(text: string): string {
  const v = parseText(text).doc.getIn(['metadata', 'version']);
  return v === undefined ? '1' : String(v);
}
