// What needs a person: dead letters (failed instances, with the step and error that failed them, rewound in bulk after a
// dry run and a confirmation) and the watchdog's stuck instances (idle, or waiting for an event with no timeout).
import { useCallback, useEffect, useState } from 'react';
import { api, messageOf, type DeadLetter, type StuckInstance } from '../api';

export function Attention({ onOpen }: { onOpen: (id: string) => void }) {
  const [name, setName] = useState('');
  const [dead, setDead] = useState<DeadLetter[]>([]);
  const [more, setMore] = useState(false);
  const [stuck, setStuck] = useState<StuckInstance[]>([]);
  const [idleFor, setIdleFor] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(() => {
    const filter = name.trim() || undefined;
    Promise.all([api.deadLetters(filter), api.watchdog(filter)]).then(
      ([d, w]) => {
        setDead(d.deadLetters);
        setMore(d.more);
        setStuck(w.stuck);
        setIdleFor(w.idleFor);
        setError(null);
      },
      (e: unknown) => setError(messageOf(e)),
    );
  }, [name]);

  useEffect(() => {
    load();
    const timer = window.setInterval(load, 3000);
    return () => window.clearInterval(timer);
  }, [load]);

  const rewindAll = async () => {
    const filter = name.trim() || undefined;
    try {
      const dry = await api.rewindDeadLetters(filter, true);
      if (dry.matched === 0) {
        setNotice('No failed instances match.');
        return;
      }
      const scope = filter ? ` of ${filter}` : '';
      if (!window.confirm(`Rewind ${dry.matched}${dry.more ? '+' : ''} failed instance(s)${scope}? Each retries from its failed steps.`)) return;
      const done = await api.rewindDeadLetters(filter, false);
      setNotice(`Rewound ${done.rewound?.length ?? 0}; ${done.skipped?.length ?? 0} could not be.`);
      load();
    } catch (e) {
      setError(messageOf(e));
    }
  };

  return (
    <section className="attention" aria-label="Attention">
      <div className="toolbar">
        <label className="field inline">
          <span>Workflow</span>
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="any" />
        </label>
        <button type="button" onClick={rewindAll} disabled={dead.length === 0}>Rewind all failed…</button>
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      {notice && <p className="notice" role="status">{notice}</p>}
      <h2>Dead letters</h2>
      <table aria-label="Dead letters">
        <thead>
          <tr><th>Instance</th><th>Workflow</th><th>Failed at</th><th>Step</th><th>Attempts</th><th>Error</th></tr>
        </thead>
        <tbody>
          {dead.length === 0 && <tr><td colSpan={6}>No failed instances.</td></tr>}
          {dead.map((d) => (
            <tr key={d.instanceId}>
              <td><button type="button" className="link" onClick={() => onOpen(d.instanceId)}>{d.instanceId}</button></td>
              <td>{d.name} {d.version}</td>
              <td>{new Date(d.failedAt).toLocaleString()}</td>
              <td>{d.step ?? '—'}</td>
              <td>{d.attempts ?? '—'}</td>
              <td className="wrap">{d.error ? `${d.error.code}: ${d.error.message}` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {more && <p>More failed instances match; narrow by workflow.</p>}
      <h2>Stuck {idleFor && <small>(no progress for {idleFor}, or waiting for an event with no timeout)</small>}</h2>
      <table aria-label="Stuck instances">
        <thead>
          <tr><th>Instance</th><th>Workflow</th><th>Kind</th><th>Step</th><th>Last progress</th><th>Why</th></tr>
        </thead>
        <tbody>
          {stuck.length === 0 && <tr><td colSpan={6}>Nothing looks stuck.</td></tr>}
          {stuck.map((s) => (
            <tr key={`${s.instanceId}/${s.kind}`}>
              <td><button type="button" className="link" onClick={() => onOpen(s.instanceId)}>{s.instanceId}</button></td>
              <td>{s.name}</td>
              <td>{s.kind === 'idle' ? 'idle' : 'waits forever'}</td>
              <td>{s.step ?? '—'}</td>
              <td>{new Date(s.lastProgressAt).toLocaleString()}</td>
              <td className="wrap">{s.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
