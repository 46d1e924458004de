// Pick a template (an example of this repository) to open in the designer.
import { blank, templates, type Template } from '../templates';

export function Templates({ onPick }: { onPick: (t: Template) => void }) {
  return (
    <section className="templates" aria-label="Templates">
      <h2>Start from a template</h2>
      <ul className="cards">
        {[blank, ...templates].map((t) => (
          <li key={t.id} className="card">
            <h3>{t.title}</h3>
            <p>{t.description || 'An example workflow.'}</p>
            <button type="button" data-testid={`template-${t.id}`} onClick={() => onPick(t)}>Open in designer</button>
          </li>
        ))}
      </ul>
    </section>
  );
}
