// Auto-layout of the step graph, top to bottom, with dagre.
import dagre from '@dagrejs/dagre';
import type { StepView } from './workflow';

export const nodeSize = { width: 190, height: 58 };

/** A position for every step: dependencies above the steps that need them. */
export function layout(steps: StepView[]): Record<string, { x: number; y: number }> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'TB', nodesep: 36, ranksep: 56, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(steps.map((s) => s.id));
  for (const s of steps) g.setNode(s.id, { ...nodeSize });
  for (const s of steps) {
    for (const d of s.dependsOn) if (ids.has(d) && d !== s.id) g.setEdge(d, s.id);
    for (const b of s.branches) if (ids.has(b.to) && b.to !== s.id) g.setEdge(s.id, b.to);
  }
  dagre.layout(g);
  const out: Record<string, { x: number; y: number }> = {};
  for (const s of steps) {
    const n = g.node(s.id);
    out[s.id] = { x: (n?.x ?? 0) - nodeSize.width / 2, y: (n?.y ?? 0) - nodeSize.height / 2 };
  }
  return out;
}
