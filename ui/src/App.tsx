// The shell: the key (asked once, kept for the session), and the designer, templates and monitor, chosen by the URL hash.
import { useEffect, useState } from 'react';
import { getKey, setKey } from './api';
import { Attention } from './components/Attention';
import { Designer } from './components/Designer';
import { InstanceList, InstanceView } from './components/Monitor';
import { Templates } from './components/Templates';
import { blank, type Template } from './templates';

function useHash(): [string, (h: string) => void] {
  const [hash, set] = useState(window.location.hash || '#/designer');
  useEffect(() => {
    const on = () => set(window.location.hash || '#/designer');
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return [hash, (h) => { window.location.hash = h; }];
}

function KeyDialog({ onDone }: { onDone: () => void }) {
  const [value, setValue] = useState('');
  return (
    <form className="key-dialog" role="dialog" aria-label="Host key" onSubmit={(e) => { e.preventDefault(); setKey(value.trim()); onDone(); }}>
      <h2>Baton host key</h2>
      <p>The designer saves to the registry, so it needs the host's <strong>admin key</strong> (the monitor alone works with a function key). It is kept for this browser session only.</p>
      <label className="field">
        <span>Key</span>
        <input type="password" autoFocus value={value} onChange={(e) => setValue(e.target.value)} data-testid="key-input" autoComplete="off" />
      </label>
      <button type="submit" className="primary" disabled={!value.trim()}>Continue</button>
    </form>
  );
}

export function App() {
  const [hash, go] = useHash();
  const [hasKey, setHasKey] = useState(Boolean(getKey()));
  const [template, setTemplate] = useState<Template>(blank);
  if (!hasKey) return <KeyDialog onDone={() => setHasKey(true)} />;
  const instance = /^#\/instances\/(.+)$/.exec(hash)?.[1];
  const tab = instance ? 'monitor' : hash.replace('#/', '');
  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Baton</span>
        <nav aria-label="Sections">
          <a href="#/designer" aria-current={tab === 'designer' ? 'page' : undefined}>Designer</a>
          <a href="#/templates" aria-current={tab === 'templates' ? 'page' : undefined}>Templates</a>
          <a href="#/instances" aria-current={tab === 'instances' || tab === 'monitor' ? 'page' : undefined}>Monitor</a>
          <a href="#/attention" aria-current={tab === 'attention' ? 'page' : undefined}>Attention</a>
        </nav>
        <span className="spacer" />
        <button type="button" onClick={() => { setKey(null); setHasKey(false); }}>Change key</button>
      </header>
      {tab === 'templates' && <Templates onPick={(t) => { setTemplate(t); go('#/designer'); }} />}
      {tab === 'instances' && <InstanceList onOpen={(id) => go(`#/instances/${encodeURIComponent(id)}`)} />}
      {tab === 'attention' && <Attention onOpen={(id) => go(`#/instances/${encodeURIComponent(id)}`)} />}
      {instance && <InstanceView key={instance} id={decodeURIComponent(instance)} onBack={() => go('#/instances')} onOpen={(id) => go(`#/instances/${encodeURIComponent(id)}`)} />}
      <div hidden={tab !== 'designer'} inert={tab !== 'designer'} className="designer-host">
        <Designer template={template} onStarted={(id) => go(`#/instances/${encodeURIComponent(id)}`)} />
      </div>
    </div>
  );
}
