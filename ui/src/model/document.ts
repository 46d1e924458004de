// Edits outside the steps: a document's metadata (name, version), in place like every other edit.
import { isMap } from 'yaml';
import { flow, parseText, setInMap, type Json } from './yamlText';

/** Sets metadata.<key> in a workflow or catalog text, changing only that value. */
export function setMetadata(text: string, key: string, value: Json): string {
  const { doc } = parseText(text);
  const metadata = doc.get('metadata', true);
  if (metadata === undefined && isMap(doc.contents)) {
    // No metadata yet: it goes after the kind line (or first), as a flow mapping with this one key.
    const kind = doc.contents.items.find((p) => (p.key as { value?: unknown })?.value === 'kind');
    const end = (kind?.value as { range?: number[] } | null)?.range?.[1];
    const at = end === undefined ? 0 : (text.indexOf('\n', end - 1) < 0 ? text.length : text.indexOf('\n', end - 1) + 1);
    return `${text.slice(0, at)}metadata: ${flow({ [key]: value })}\n${text.slice(at)}`;
  }
  return setInMap(text, (d) => {
    const m = d.get('metadata', true);
    return isMap(m) ? m : null;
  }, key, value);
}

/** A version after the given one: the last number goes up by one (1 → 2, 1.0.0 → 1.0.1), else "-2" is added. */
export function nextVersion(version: string, taken: string[]): string {
  let candidate = version;
  do {
    const m = /^(.*?)(\d+)(\D*)$/.exec(candidate);
    candidate = m ? `${m[1]}${Number(m[2]) + 1}${m[3]}` : `${candidate}-2`;
  } while (taken.includes(candidate));
  return candidate;
}
