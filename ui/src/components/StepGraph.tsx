// The step graph: the designer edits it, the monitor colours it by step status.
import { applyNodeChanges, Background, Controls, Handle, MarkerType, Position, ReactFlow, type Connection, type Edge, type Node, type NodeChange, type NodeProps, type ReactFlowInstance } from '@xyflow/react';
import { memo, useEffect, useMemo, useState } from 'react';
import { layout } from '../model/layout';
import type { Problem, StepView } from '../model/workflow';

export interface StepNodeData extends Record<string, unknown> {
  step: StepView;
  status?: string;
  attempts?: number;
  problems: Problem[];
}

const StepNode = memo(function StepNode({ data, selected }: NodeProps<Node<StepNodeData>>) {
  const { step, status, attempts, problems } = data;
  const cls = ['step-node', status ? `status-${status.toLowerCase()}` : '', problems.length ? 'has-problem' : '', selected ? 'selected' : ''].join(' ');
  return (
    <div className={cls} data-step={step.id} data-status={status ?? ''} title={problems.map((p) => p.message).join('\n') || undefined}>
      <Handle type="target" position={Position.Top} />
      <div className="step-id">{step.id}</div>
      <div className="step-kind">
        {step.type === 'task' ? step.task : step.task ? `${step.type} · ${step.task}` : step.type}
        {status ? <span className="step-status"> · {status}{attempts && attempts > 1 ? ` ×${attempts}` : ''}</span> : null}
      </div>
      {problems.length > 0 && (
        <div className="step-problem" role="alert">
          ⚠ {problems[0].message}
        </div>
      )}
      <Handle type="source" position={Position.Bottom} />
    </div>
  );
});

const nodeTypes = { step: StepNode };

export interface StepGraphProps {
  steps: StepView[];
  problems: Problem[];
  statuses?: Record<string, { status: string; attempts: number }>;
  selected?: string | null;
  positions?: Record<string, { x: number; y: number }>;
  editable: boolean;
  onSelect?: (id: string | null) => void;
  onConnect?: (from: string, to: string) => void;
  onDisconnect?: (from: string, to: string) => void;
  onDelete?: (id: string) => void;
  onMove?: (id: string, position: { x: number; y: number }) => void;
  onDropTask?: (payload: string, position: { x: number; y: number }) => void;
}

export function StepGraph(props: StepGraphProps) {
  const { steps, problems, statuses, selected, positions, editable } = props;
  const auto = useMemo(() => layout(steps), [steps]);
  const nodes: Node<StepNodeData>[] = useMemo(() => steps.map((s) => ({
    id: s.id,
    type: 'step',
    position: positions?.[s.id] ?? auto[s.id] ?? { x: 0, y: 0 },
    selected: s.id === selected,
    data: { step: s, status: statuses?.[s.id]?.status, attempts: statuses?.[s.id]?.attempts, problems: problems.filter((p) => p.stepId === s.id) },
    ariaLabel: `Step ${s.id}`,
  })), [steps, problems, statuses, selected, positions, auto]);
  // React Flow measures and drags its own copy; a new graph from the text replaces it, keeping what was measured.
  const [flowNodes, setFlowNodes] = useState<Node<StepNodeData>[]>(nodes);
  useEffect(() => {
    setFlowNodes((previous) => {
      const before = new Map(previous.map((n) => [n.id, n]));
      return nodes.map((n) => ({ ...n, measured: before.get(n.id)?.measured }));
    });
  }, [nodes]);
  // When steps come or go, the graph is drawn afresh and fitted once React Flow has measured every node (its fitView
  // waits for that), so a template's or a new step's nodes are never out of sight.
  const [flow, setFlow] = useState<ReactFlowInstance<Node<StepNodeData>> | null>(null);
  const idsKey = steps.map((s) => s.id).join('\n');
  // Until the copy catches up with a new set of steps, the new nodes themselves are drawn (the remount fits those).
  const current = flowNodes.length === nodes.length && flowNodes.every((n, i) => n.id === nodes[i].id) ? flowNodes : nodes;
  const ids = new Set(steps.map((s) => s.id));
  const edges: Edge[] = [];
  for (const s of steps) {
    for (const d of s.dependsOn) if (ids.has(d)) edges.push({ id: `${d}->${s.id}`, source: d, target: s.id, markerEnd: { type: MarkerType.ArrowClosed }, deletable: editable });
    for (const b of s.branches) if (ids.has(b.to)) edges.push({ id: `${s.id}=>${b.to}`, source: s.id, target: b.to, label: b.label, className: 'branch-edge', deletable: false, markerEnd: { type: MarkerType.ArrowClosed } });
  }
  return (
    <div
      className="graph"
      onDragOver={(e) => {
        if (editable) {
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
        }
      }}
      onDrop={(e) => {
        const payload = e.dataTransfer.getData('application/x-baton-step');
        if (!editable || !payload) return;
        e.preventDefault();
        const at = flow ? flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }) : { x: 0, y: 0 };
        props.onDropTask?.(payload, { x: at.x - 95, y: at.y - 29 });
      }}
    >
      <ReactFlow
        key={idsKey}
        nodes={current}
        onNodesChange={(changes: NodeChange<Node<StepNodeData>>[]) => setFlowNodes((ns) => applyNodeChanges(changes.filter((c) => c.type !== 'remove' && c.type !== 'select'), ns))}
        edges={edges}
        nodeTypes={nodeTypes}
        fitView
        onInit={setFlow}
        fitViewOptions={{ maxZoom: 1.1 }}
        nodesConnectable={editable}
        nodesDraggable
        elementsSelectable
        deleteKeyCode={editable ? ['Delete', 'Backspace'] : null}
        onNodeClick={(_, n) => props.onSelect?.(n.id)}
        onPaneClick={() => props.onSelect?.(null)}
        onConnect={(c: Connection) => c.source && c.target && c.source !== c.target && props.onConnect?.(c.source, c.target)}
        onEdgesDelete={(es) => es.forEach((e) => !e.id.includes('=>') && props.onDisconnect?.(e.source, e.target))}
        onNodesDelete={(ns) => ns.forEach((n) => props.onDelete?.(n.id))}
        onNodeDragStop={(_, n) => props.onMove?.(n.id, n.position)}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={16} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
