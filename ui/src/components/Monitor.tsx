// Instances: a list with filters and paging, and each instance live (server-sent events) on its graph.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, messageOf, type HistoryEvent, type InstanceStatus, type StepStatus } from '../api';
import { readWorkflow } from '../model/workflow';
import { StepGraph } from './StepGraph';

const statuses = ['Pending', 'Running', 'Completed', 'Failed', 'Terminated', 'Suspended'];

export function InstanceList({ onOpen }: { onOpen: (id: string) => void }) {
  const [name, setName] = useState('');
  const [status, setStatus] = useState('');
  const [pages, setPages] = useState<(string | undefined)[]>([undefined]);
  const [rows, setRows] = useState<InstanceStatus[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const token = pages[pages.length - 1];

  const load = useCallback(() => {
    api.instances({ name: name || undefined, status: status || undefined, top: 20, continuationToken: token }).then(
      (r) => {
        setRows(r.instances);
        setNext(r.continuationToken ?? null);
        setError(null);
      },
      (e: unknown) => setError(messageOf(e)),
    );
  }, [name, status, token]);

  useEffect(() => {
    load();
    const timer = window.setInterval(load, 3000);
    return () => window.clearInterval(timer);
  }, [load]);

  const figures = useMemo(() => summarize(rows), [rows]);
  // Per-step durations need each finished instance's steps: read once per set of finished instances on the page.
  const finishedKey = rows.filter((r) => ['Completed', 'Failed', 'Terminated'].includes(r.runtimeStatus)).map((r) => r.instanceId).join(',');
  const [details, setDetails] = useState<InstanceStatus[]>([]);
  useEffect(() => {
    const ids = finishedKey ? finishedKey.split(',') : [];
    let live = true;
    Promise.all(ids.map((i) => api.instance(i).catch(() => null))).then((all) => live && setDetails(all.filter((x): x is InstanceStatus => x !== null)));
    return () => {
      live = false;
    };
  }, [finishedKey]);
  const steps = useMemo(() => stepFigures(details), [details]);

  return (
    <section className="instances" aria-label="Instances">
      <div className="toolbar">
        <label className="field inline">
          <span>Workflow</span>
          <input value={name} onChange={(e) => { setName(e.target.value); setPages([undefined]); }} placeholder="any" />
        </label>
        <label className="field inline">
          <span>Status</span>
          <select value={status} onChange={(e) => { setStatus(e.target.value); setPages([undefined]); }}>
            <option value="">any</option>
            {statuses.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
        <button type="button" onClick={load}>Refresh</button>
        <span className="spacer" />
        <button type="button" disabled={pages.length < 2} onClick={() => setPages((p) => p.slice(0, -1))}>Newer</button>
        <button type="button" disabled={!next} onClick={() => setPages((p) => [...p, next!])}>Older</button>
      </div>
      {error && <p className="message error" role="alert">{error}</p>}
      {figures.length > 0 && (
        <table className="figures" aria-label="Per-workflow figures (this page)">
          <thead><tr><th>workflow</th><th>instances</th><th>success rate</th><th>duration p50</th><th>p95</th></tr></thead>
          <tbody>
            {figures.map((f) => (
              <tr key={f.name}><td>{f.name}</td><td>{f.count}</td><td>{f.successRate}</td><td>{f.p50}</td><td>{f.p95}</td></tr>
            ))}
          </tbody>
        </table>
      )}
      {steps.length > 0 && (
        <table className="figures" aria-label="Step durations (finished instances on this page)">
          <thead><tr><th>workflow</th><th>step</th><th>runs</th><th>duration p50</th><th>p95</th><th>retried</th></tr></thead>
          <tbody>
            {steps.map((f) => (
              <tr key={`${f.name}/${f.step}`}><td>{f.name}</td><td>{f.step}</td><td>{f.count}</td><td>{f.p50}</td><td>{f.p95}</td><td>{f.retried}</td></tr>
            ))}
          </tbody>
        </table>
      )}
      <table className="list">
        <thead><tr><th>instance</th><th>workflow</th><th>status</th><th>created</th><th>updated</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.instanceId}>
              <td><button type="button" className="link" onClick={() => onOpen(r.instanceId)}>{r.instanceId}</button></td>
              <td>{r.name} <span className="muted">{r.version}</span></td>
              <td><span className={`badge status-${r.runtimeStatus.toLowerCase()}`}>{r.runtimeStatus}</span></td>
              <td>{new Date(r.createdTime).toLocaleString()}</td>
              <td>{new Date(r.lastUpdatedTime).toLocaleString()}</td>
            </tr>
          ))}
          {rows.length === 0 && <tr><td colSpan={5} className="muted">No instances.</td></tr>}
        </tbody>
      </table>
    </section>
  );
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Success rate and duration percentiles per workflow, over the finished instances listed. */
export function summarize(rows: InstanceStatus[]) {
  const by = new Map<string, InstanceStatus[]>();
  for (const r of rows) by.set(r.name, [...(by.get(r.name) ?? []), r]);
  return [...by.entries()].map(([name, list]) => {
    const finished = list.filter((r) => ['Completed', 'Failed', 'Terminated'].includes(r.runtimeStatus));
    const durations = finished.map((r) => Date.parse(r.lastUpdatedTime) - Date.parse(r.createdTime)).sort((a, b) => a - b);
    const ok = finished.filter((r) => r.runtimeStatus === 'Completed').length;
    return {
      name,
      count: list.length,
      successRate: finished.length ? `${Math.round((100 * ok) / finished.length)}%` : '-',
      p50: durations.length ? seconds(percentile(durations, 50)) : '-',
      p95: durations.length ? seconds(percentile(durations, 95)) : '-',
    };
  });
}

/** Duration percentiles per workflow and step, over the steps that started and finished, and how many needed retries. */
export function stepFigures(instances: InstanceStatus[]) {
  const by = new Map<string, { name: string; step: string; durations: number[]; retried: number }>();
  for (const i of instances) {
    for (const s of i.steps ?? []) {
      if (!s.startedTime || !s.completedTime) continue;
      const key = `${i.name}\n${s.id}`;
      const f = by.get(key) ?? { name: i.name, step: s.id, durations: [], retried: 0 };
      f.durations.push(Math.max(0, Date.parse(s.completedTime) - Date.parse(s.startedTime)));
      if (s.attempts > 1) f.retried++;
      by.set(key, f);
    }
  }
  return [...by.values()].map((f) => {
    const sorted = f.durations.sort((a, b) => a - b);
    return { name: f.name, step: f.step, count: sorted.length, p50: seconds(percentile(sorted, 50)), p95: seconds(percentile(sorted, 95)), retried: f.retried };
  });
}

/** Each attempt's end, in order, from an instance's history: step, attempt, outcome and time since the start. */
export function attemptsOf(history: HistoryEvent[]) {
  const start = history.length ? Date.parse(history[0].at) : 0;
  return history
    .filter((h) => (h.type === 'TaskCompleted' || h.type === 'TaskFailed') && h.stepId)
    .map((h) => ({
      sequence: h.sequence,
      step: h.stepId!,
      attempt: h.attempt ?? 1,
      outcome: h.type === 'TaskCompleted' ? 'succeeded' : h.retryable === false ? 'failed for good' : 'failed',
      error: h.error ? `${h.error.code}: ${h.error.message}` : undefined,
      offsetMs: Math.max(0, Date.parse(h.at) - start),
    }));
}

/** The status after a stream's `status` event: the full status, or after a change a brief one (no steps) that updates
 *  only what it carries. */
export function withStatusEvent(status: InstanceStatus | null, data: string): InstanceStatus {
  const next = JSON.parse(data) as InstanceStatus;
  return { ...status, ...next, steps: next.steps ?? status?.steps };
}

/** The status after a stream's `step` event (`{ instanceId, step }`): that step replaced or added. */
export function withStepEvent(status: InstanceStatus | null, data: string): InstanceStatus | null {
  const { step } = JSON.parse(data) as { step: StepStatus };
  return status ? { ...status, steps: [...(status.steps ?? []).filter((x) => x.id !== step.id), step] } : status;
}

export function InstanceView({ id, onBack, onOpen }: { id: string; onBack: () => void; onOpen: (id: string) => void }) {
  const [status, setStatus] = useState<InstanceStatus | null>(null);
  const [history, setHistory] = useState<HistoryEvent[] | null>(null);
  const [past, setPast] = useState<(InstanceStatus & { sequence: number }) | null>(null);
  const [forkInput, setForkInput] = useState<string | null>(null);
  const [definition, setDefinition] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState(false);
  const [eventName, setEventName] = useState('');
  const [eventData, setEventData] = useState('{}');
  const [note, setNote] = useState<string | null>(null);

  useEffect(() => {
    let closed = false;
    let poll: ReturnType<typeof setTimeout> | undefined;
    const final = (s: InstanceStatus | null) => !!s && ['Completed', 'Failed', 'Terminated'].includes(s.runtimeStatus);
    // Without a live stream (a proxy that buffers, a host that ends streams), the status is read every 2 s instead,
    // until the stream is back or the instance has finished.
    const read = () => api.instance(id).then((s) => {
      if (closed) return;
      setStatus(s);
      if (!final(s)) poll = setTimeout(read, 2000);
    }, (e: unknown) => !closed && setError(messageOf(e)));
    read();
    const source = new EventSource(api.streamUrl(id));
    source.onopen = () => {
      setLive(true);
      clearTimeout(poll);
    };
    // A status event is the full status, or after a change a brief one (no steps): it updates what it carries.
    source.addEventListener('status', (e) => setStatus((s) => withStatusEvent(s, (e as MessageEvent<string>).data)));
    source.addEventListener('step', (e) => setStatus((s) => withStepEvent(s, (e as MessageEvent<string>).data)));
    // The stream ends after the final status; the browser's retries after that are refused, which is only 'not live'.
    source.onerror = () => {
      setLive(false);
      clearTimeout(poll);
      if (!closed) poll = setTimeout(read, 2000);
    };
    return () => {
      closed = true;
      clearTimeout(poll);
      source.close();
    };
  }, [id]);

  useEffect(() => {
    if (!status?.name || !status.version || definition !== null) return;
    api.definition(status.name, status.version).then((d) => setDefinition(d.content ?? ''), () => setDefinition(''));
  }, [status?.name, status?.version, definition]);

  const view = useMemo(() => (definition ? readWorkflow(definition) : null), [definition]);
  // Time travel: when a past event is picked, everything below shows the state right after it.
  const shown = past ?? status;
  const stepStatuses = useMemo(() => Object.fromEntries((shown?.steps ?? []).map((s) => [s.id, { status: s.status, attempts: s.attempts }])), [shown]);
  const loadHistory = () => api.history(id).then((h) => setHistory(h.events), (e: unknown) => setNote(messageOf(e)));
  const travel = (sequence: number) => api.stateAt(id, sequence).then(setPast, (e: unknown) => setNote(messageOf(e)));
  const fork = () => {
    let input: unknown;
    try {
      input = JSON.parse(forkInput ?? 'null');
    } catch {
      setNote('The fork input is not JSON.');
      return;
    }
    api.fork(id, past!.sequence, input).then((r) => { setForkInput(null); setPast(null); onOpen(r.id); }, (e: unknown) => setNote(messageOf(e)));
  };
  const step = shown?.steps?.find((s) => s.id === selected) ?? null;
  const act = (op: 'terminate' | 'suspend' | 'resume' | 'rewind') =>
    api.control(id, op).then(() => setNote(`${op} sent.`), (e: unknown) => setNote(messageOf(e)));

  return (
    <section className="instance" aria-label={`Instance ${id}`}>
      <div className="toolbar">
        <button type="button" onClick={onBack}>← Instances</button>
        <strong>{id}</strong>
        {status && <span className={`badge status-${status.runtimeStatus.toLowerCase()}`} data-testid="instance-status">{status.runtimeStatus}</span>}
        <span className="muted">{live ? 'live' : 'not live'}</span>
        <span className="spacer" />
        <button type="button" onClick={() => act('suspend')}>Suspend</button>
        <button type="button" onClick={() => act('resume')}>Resume</button>
        <button type="button" onClick={() => act('rewind')}>Rewind</button>
        <button type="button" className="danger" onClick={() => act('terminate')}>Terminate</button>
      </div>
      {error && <p className="message error" role="alert">{error}</p>}
      {note && <p className="message ok" role="status">{note}</p>}
      {past && (
        <div className="time-travel" role="status" data-testid="time-travel">
          Showing the state right after event {past.sequence} ({history?.find((h) => h.sequence === past.sequence)?.type ?? 'event'}): {past.runtimeStatus}.
          <button type="button" onClick={() => setForkInput(JSON.stringify(status?.input ?? null, null, 2))}>Fork from here…</button>
          <button type="button" onClick={() => setPast(null)}>Back to now</button>
          {forkInput !== null && (
            <div className="fork-dialog" role="dialog" aria-label="Fork">
              <label className="field">
                <span>Input of the new run (JSON); steps finished by this point keep their results</span>
                <textarea rows={4} value={forkInput} onChange={(e) => setForkInput(e.target.value)} data-testid="fork-input" />
              </label>
              <button type="button" className="primary" data-testid="fork-start" onClick={fork}>Start the fork</button>
              <button type="button" onClick={() => setForkInput(null)}>Cancel</button>
            </div>
          )}
        </div>
      )}
      <div className="instance-body">
        <div className="instance-graph">
          {view ? (
            <StepGraph steps={view.steps} problems={[]} statuses={stepStatuses} selected={selected} editable={false} onSelect={setSelected} />
          ) : (
            <p className="muted">Loading the definition…</p>
          )}
        </div>
        <aside className="instance-side">
          {step ? (
            <div className="step-detail" data-testid="step-detail">
              <h3>{step.id} <span className={`badge status-${step.status.toLowerCase()}`}>{step.status}</span></h3>
              <dl>
                <dt>Attempts</dt><dd>{step.attempts}</dd>
                {step.startedTime && (<><dt>Started</dt><dd>{new Date(step.startedTime).toLocaleString()}</dd></>)}
                {step.completedTime && (<><dt>Finished</dt><dd>{new Date(step.completedTime).toLocaleString()}</dd></>)}
                {step.dueTime && (<><dt>Due</dt><dd>{new Date(step.dueTime).toLocaleString()}</dd></>)}
              </dl>
              {step.input !== undefined && (<><h4>Input</h4><pre>{JSON.stringify(step.input, null, 2)}</pre></>)}
              {step.output !== undefined && (<><h4>Output</h4><pre data-testid="step-output">{JSON.stringify(step.output, null, 2)}</pre></>)}
              {step.error && (<><h4>Error</h4><pre className="error">{step.error.code}: {step.error.message}</pre></>)}
              {step.progress && (<><h4>Progress</h4><pre>{step.progress.phase} {JSON.stringify(step.progress.data ?? null)}</pre></>)}
            </div>
          ) : (
            <p className="muted">Select a step to see its input, output, error and attempts.</p>
          )}
          <h3>Timeline</h3>
          <ol className="timeline" aria-label="Timeline of steps">
            {[...(status?.steps ?? [])].filter((s) => s.startedTime).sort((a, b) => Date.parse(a.startedTime!) - Date.parse(b.startedTime!)).map((s) => (
              <li key={s.id}>
                <button type="button" className="link" onClick={() => setSelected(s.id)}>{s.id}</button> {s.status}
                {s.attempts > 1 ? ` after ${s.attempts} attempts` : ''}
                {s.completedTime ? ` in ${Math.max(0, Date.parse(s.completedTime) - Date.parse(s.startedTime!))} ms` : ''}
              </li>
            ))}
          </ol>
          {history && (
            <>
              <h3>Attempts</h3>
              <ol className="timeline" aria-label="Timeline of attempts" data-testid="attempts">
                {attemptsOf(history).map((a) => (
                  <li key={`${a.step}#${a.attempt}#${a.sequence}`}>
                    <button type="button" className="link" onClick={() => setSelected(a.step)}>{a.step}</button> attempt {a.attempt} {a.outcome}
                    {a.error ? ` (${a.error})` : ''} <span className="muted small">+{a.offsetMs} ms</span>
                  </li>
                ))}
              </ol>
            </>
          )}
          <h3>History</h3>
          {history === null ? (
            <button type="button" onClick={() => void loadHistory()} data-testid="load-history">Show history (time travel)</button>
          ) : (
            <ol className="history" start={0} aria-label="History events">
              {history.map((h) => (
                <li key={h.sequence}>
                  <button type="button" className="link" data-testid={`history-${h.sequence}`} aria-current={past?.sequence === h.sequence ? 'step' : undefined} onClick={() => void travel(h.sequence)}>
                    {h.type}{h.stepId ? ` ${h.stepId}` : ''}{h.timerId ? ` ${h.timerId}` : ''}{h.name ? ` ${h.name}` : ''}
                  </button>{' '}
                  <span className="muted small">{new Date(h.at).toLocaleTimeString()}</span>
                </li>
              ))}
            </ol>
          )}
          {status?.output !== undefined && status.output !== null && (<><h3>Output</h3><pre data-testid="instance-output">{JSON.stringify(status.output, null, 2)}</pre></>)}
          {status?.error && (<><h3>Error</h3><pre className="error">{status.error.code}: {status.error.message}</pre></>)}
          <fieldset>
            <legend>Raise an event</legend>
            <label className="field"><span>Name</span><input value={eventName} onChange={(e) => setEventName(e.target.value)} /></label>
            <label className="field"><span>Data (JSON)</span><textarea rows={3} value={eventData} onChange={(e) => setEventData(e.target.value)} /></label>
            <button type="button" disabled={!eventName} onClick={() => {
              let data: unknown;
              try { data = JSON.parse(eventData || 'null'); } catch { setNote('The event data is not JSON.'); return; }
              api.raise(id, eventName, data).then(() => setNote(`Event '${eventName}' raised.`), (e: unknown) => setNote(messageOf(e)));
            }}>Raise</button>
          </fieldset>
        </aside>
      </div>
    </section>
  );
}
