// Edits outside the steps: a document's metadata (name, version), in place like every other edit.
import { isMap, type YAMLMap } from 'yaml';
import { flow, parseText, type Json } from './yamlText';

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
  if (!isMap(metadata) || !metadata.range) throw new Error('The document has no metadata mapping.');
  const map = metadata as YAMLMap;
  const pair = map.items.find((p) => (p.key as { value?: unknown })?.value === key);
  const v = pair?.value as { range?: [number, number, number] } | null | undefined;
  if (v?.range) return text.slice(0, v.range[0]) + flow(typeof value === 'string' ? value : value) + text.slice(v.range[1]);
  if (map.flow) {
    const js = { ...(map.toJSON() as Record<string, Json>), [key]: value };
    return text.slice(0, metadata.range[0]) + flow(js) + text.slice(metadata.range[1]);
  }
  const last = map.items[map.items.length - 1];
  const lastRange = (last.value as { range?: number[] } | null)?.range ?? (last.key as { range?: number[] }).range!;
  const firstKey = (map.items[0].key as { range?: number[] }).range![0];
  const indent = firstKey - (text.lastIndexOf('\n', firstKey - 1) + 1);
  let at = text.indexOf('\n', lastRange[1] - 1);
  if (at < 0) at = text.length;
  return `${text.slice(0, at)}\n${' '.repeat(indent)}${key}: ${flow(value)}${text.slice(at)}`;
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
