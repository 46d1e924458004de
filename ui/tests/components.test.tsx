// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TaskInfo } from '../src/api';
import { Palette } from '../src/components/Palette';
import { StepPanel, typed } from '../src/components/StepPanel';
import { summarize, withStatusEvent, withStepEvent } from '../src/components/Monitor';
import { readWorkflow } from '../src/model/workflow';

afterEach(cleanup);

const tasks: TaskInfo[] = [
  { name: 'resize', source: 'catalog', runner: 'container', description: 'Resizes an image', input_schema: { properties: { width: { type: 'integer' }, url: { type: 'string' } } } },
  { name: 'echo', source: 'function', runner: 'function' },
];

const text = `apiVersion: baton.dev/v1
kind: Workflow
metadata: { name: demo }
spec:
  input:
    schema: { type: object, properties: { url: { type: string } } }
  steps:
    - id: fetch
      task: echo
    - id: shrink
      task: resize
      depends_on: [fetch]
      input: { url: "\${input.url}" }
`;

describe('Palette', () => {
  it('Palette_Search_ShowsOnlyMatchingTasksWithTheirSchemaSummary', () => {
    render(<Palette tasks={tasks} onAdd={() => {}} />);
    fireEvent.change(screen.getByLabelText('Search tasks'), { target: { value: 'image' } });
    expect(screen.getByTestId('palette-task-resize').textContent).toContain('Resizes an image');
    expect(screen.queryByTestId('palette-task-echo')).toBeNull();
  });

  it('Palette_TasksWithRoles_AreGroupedByRoleWithTheirContract', () => {
    const contracted: TaskInfo[] = [
      { name: 'detect', source: 'catalog', runner: 'container', version: '0.9.0', roles: ['inference'],
        input_schema: { properties: { url: { type: 'string' } } }, output_schema: { properties: { objects: { type: 'array' } } } },
      { name: 'upload', source: 'catalog', runner: 'container', roles: ['ingestion'] },
      ...tasks,
    ];
    render(<Palette tasks={contracted} onAdd={() => {}} />);
    const groups = screen.getAllByRole('region').map((r) => r.getAttribute('aria-label'));
    expect(groups).toEqual(['Role ingestion', 'Role inference', 'Role other', 'Role built-in']);
    expect(screen.getByTestId('palette-role-inference').textContent).toContain('detect 0.9.0');
    expect(screen.getByTestId('palette-task-detect').textContent).toContain('in: url → out: objects');
    fireEvent.change(screen.getByLabelText('Search tasks'), { target: { value: 'inference' } });
    expect(screen.queryByTestId('palette-task-upload')).toBeNull();
  });

  it('Palette_EnterOnAnEntry_AddsIt', () => {
    const onAdd = vi.fn();
    render(<Palette tasks={tasks} onAdd={onAdd} />);
    fireEvent.keyDown(screen.getByTestId('palette-control-wait'), { key: 'Enter' });
    fireEvent.keyDown(screen.getByTestId('palette-task-echo'), { key: 'Enter' });
    expect(onAdd.mock.calls).toEqual([[{ kind: 'control', type: 'wait' }], [{ kind: 'task', task: 'echo' }]]);
  });
});

describe('StepPanel', () => {
  const view = readWorkflow(text);
  const step = view.steps.find((s) => s.id === 'shrink')!;

  it('StepPanel_TaskWithInputSchema_HasAFieldPerPropertyAndWritesTypedValues', () => {
    const onSet = vi.fn();
    render(<StepPanel view={view} step={step} tasks={tasks} onSet={onSet} onToggleDependency={() => {}} onDelete={() => {}} />);
    const width = screen.getByTestId('input-width');
    fireEvent.change(width, { target: { value: '640' } });
    fireEvent.keyDown(width, { key: 'Enter' });
    expect(onSet).toHaveBeenCalledWith(['input', 'width'], 640);
    expect((screen.getByTestId('input-url') as HTMLInputElement).value).toBe('${input.url}');
  });

  it('StepPanel_Paths_OfferTheInputAndEveryUpstreamStep', () => {
    render(<StepPanel view={view} step={step} tasks={tasks} onSet={() => {}} onToggleDependency={() => {}} onDelete={() => {}} />);
    const options = [...document.querySelectorAll('datalist option')].map((o) => (o as HTMLOptionElement).value);
    expect(options).toEqual(expect.arrayContaining(['${input.url}', '${steps.fetch.output}', '${workflow.id}']));
    expect(options).not.toContain('${steps.shrink.output}');
  });

  it('StepPanel_UncheckARunsAfterBox_DropsTheDependency', () => {
    const onToggle = vi.fn();
    render(<StepPanel view={view} step={step} tasks={tasks} onSet={() => {}} onToggleDependency={onToggle} onDelete={() => {}} />);
    fireEvent.click(screen.getByLabelText('fetch'));
    expect(onToggle).toHaveBeenCalledWith('fetch', false);
  });
});

describe('typed and summarize', () => {
  it('typed_SchemaOrFormerValue_DecidesTheType', () => {
    expect(typed('7', 'integer')).toBe(7);
    expect(typed('7', 'string')).toBe('7');
    expect(typed('7')).toBe(7);
    expect(typed('8', undefined, 'text')).toBe('8');
    expect(typed('{"a":1}')).toEqual({ a: 1 });
    expect(typed('${steps.a.output}')).toBe('${steps.a.output}');
  });

  it('summarize_FinishedInstances_SuccessRateAndDurationPercentiles', () => {
    const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
    const rows = [
      { name: 'w', instanceId: '1', runtimeStatus: 'Completed', createdTime: at(0), lastUpdatedTime: at(1) },
      { name: 'w', instanceId: '2', runtimeStatus: 'Failed', createdTime: at(0), lastUpdatedTime: at(3) },
      { name: 'w', instanceId: '3', runtimeStatus: 'Running', createdTime: at(0), lastUpdatedTime: at(9) },
    ];
    expect(summarize(rows)).toEqual([{ name: 'w', count: 3, successRate: '50%', p50: '3.0 s', p95: '3.0 s' }]);
  });
});

describe('stepFigures', () => {
  it('stepFigures_FinishedSteps_PercentilesPerStepAndRetries', async () => {
    const { stepFigures } = await import('../src/components/Monitor');
    const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms).toISOString();
    const instance = (id: string, ms: number, attempts: number) => ({
      name: 'w', instanceId: id, runtimeStatus: 'Completed', createdTime: at(0), lastUpdatedTime: at(ms),
      steps: [{ id: 'a', status: 'succeeded', attempts, startedTime: at(0), completedTime: at(ms) }, { id: 'b', status: 'skipped', attempts: 0 }],
    });
    expect(stepFigures([instance('1', 100, 1), instance('2', 300, 2), instance('3', 200, 1)]))
      .toEqual([{ name: 'w', step: 'a', count: 3, p50: '200 ms', p95: '300 ms', retried: 1 }]);
  });
});

describe('attemptsOf', () => {
  it('attemptsOf_History_ListsEachAttemptsEndInOrder', async () => {
    const { attemptsOf } = await import('../src/components/Monitor');
    const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms).toISOString();
    const history = [
      { sequence: 0, type: 'InstanceStarted', at: at(0) },
      { sequence: 1, type: 'TaskFailed', at: at(40), stepId: 'a', attempt: 1, error: { code: 'TaskFailed', message: 'boom' } },
      { sequence: 2, type: 'TimerFired', at: at(1040), timerId: 'retry:a:2' },
      { sequence: 3, type: 'TaskCompleted', at: at(1100), stepId: 'a', attempt: 2 },
    ];
    expect(attemptsOf(history)).toEqual([
      { sequence: 1, step: 'a', attempt: 1, outcome: 'failed', error: 'TaskFailed: boom', offsetMs: 40 },
      { sequence: 3, step: 'a', attempt: 2, outcome: 'succeeded', error: undefined, offsetMs: 1100 },
    ]);
  });
});

describe('stream events', () => {
  it('withStatusEvent_BriefStatusAfterAStepEvent_KeepsTheSteps', () => {
    const full = JSON.stringify({ instanceId: 'i', name: 'w', runtimeStatus: 'Running', steps: [{ id: 'a', status: 'running', attempts: 1 }] });
    let status = withStatusEvent(null, full);
    status = withStepEvent(status, JSON.stringify({ instanceId: 'i', step: { id: 'a', status: 'succeeded', attempts: 1 } }))!;
    status = withStatusEvent(status, JSON.stringify({ instanceId: 'i', name: 'w', runtimeStatus: 'Completed', sequence: 3 }));

    expect(status.runtimeStatus).toBe('Completed');
    expect(status.steps).toEqual([{ id: 'a', status: 'succeeded', attempts: 1 }]);
  });
});
