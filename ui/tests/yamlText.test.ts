import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addStep, connect, disconnect, removeStep, setStepValue } from '../src/model/yamlText';
import { readWorkflow } from '../src/model/workflow';

const hello = `# A comment the user wrote
apiVersion: baton.dev/v1
kind: Workflow
metadata: { name: demo, version: "1" }   # flow, with a comment
spec:
  steps:
    - id: a          # first
      task: echo
      input:
        text: "Hello"   # quoted on purpose
    - id: b
      task: echo
      depends_on: [a]
`;

describe('setStepValue', () => {
  it('setStepValue_ExistingKey_ChangesOnlyThatValue', () => {
    const next = setStepValue(hello, 'a', ['input', 'text'], 'Bye');
    expect(next).toBe(hello.replace('"Hello"   # quoted on purpose', 'Bye   # quoted on purpose'));
  });

  it('setStepValue_NewNestedKey_AddsALineInTheStepsLayout', () => {
    const next = setStepValue(hello, 'b', ['retry', 'max_attempts'], 3);
    expect(next).toBe(hello.replace('      depends_on: [a]\n', '      depends_on: [a]\n      retry: { max_attempts: 3 }\n'));
  });

  it('setStepValue_Undefined_RemovesTheKeyLines', () => {
    const next = setStepValue(hello, 'a', ['input'], undefined);
    expect(next).toBe(hello.replace('      input:\n        text: "Hello"   # quoted on purpose\n', ''));
  });

  it('setStepValue_ExpressionString_IsQuoted', () => {
    const next = setStepValue(hello, 'b', ['input'], { text: '${steps.a.output.text}' });
    expect(readWorkflow(next).steps[1].value.input).toEqual({ text: '${steps.a.output.text}' });
    expect(next).toContain('input: { text: "${steps.a.output.text}" }');
  });
});

describe('steps and wiring', () => {
  it('addStep_BlockSteps_AppendsInTheSameIndentation', () => {
    const next = addStep(hello, { id: 'c', task: 'echo' });
    expect(next).toBe(`${hello}    - id: c\n      task: echo\n`.replace('[a]\n    - id: c', '[a]\n    - id: c'));
    expect(readWorkflow(next).steps.map((s) => s.id)).toEqual(['a', 'b', 'c']);
  });

  it('connect_ThenDisconnect_GivesTheTextBack', () => {
    const added = addStep(hello, { id: 'c', task: 'echo' });
    const wired = connect(added, 'b', 'c');
    expect(readWorkflow(wired).steps[2].dependsOn).toEqual(['b']);
    expect(disconnect(wired, 'b', 'c')).toBe(added);
  });

  it('connect_BlockList_AddsToIt', () => {
    const block = hello.replace('      depends_on: [a]\n', '      depends_on:\n        - a\n');
    const c = addStep(block, { id: 'c', task: 'echo' });
    const wired = connect(c, 'c', 'b');
    expect(readWorkflow(wired).steps[1].dependsOn).toEqual(['a', 'c']);
    expect(wired).toContain('# A comment the user wrote');
  });

  it('removeStep_Depended_RemovesItAndTheDependency', () => {
    const next = removeStep(hello, 'a');
    const view = readWorkflow(next);
    expect(view.steps.map((s) => s.id)).toEqual(['b']);
    expect(view.steps[0].dependsOn).toEqual([]);
    expect(view.problems).toEqual([]);
    expect(next).toContain('metadata: { name: demo, version: "1" }   # flow, with a comment');
  });
});

describe('readWorkflow', () => {
  it('readWorkflow_Cycle_NamesTheSteps', () => {
    const view = readWorkflow(connect(hello, 'b', 'a'));
    expect(view.problems).toHaveLength(1);
    expect(view.problems[0].message).toMatch(/^These steps depend on each other in a circle: (a → b → a|b → a → b)\.$/);
  });

  it('readWorkflow_UnknownStepRead_IsAProblemOnThatStep', () => {
    const view = readWorkflow(setStepValue(hello, 'b', ['input'], { x: '${steps.nowhere.output}' }));
    expect(view.problems).toEqual([expect.objectContaining({ stepId: 'b', source: 'graph' })]);
  });

  it('readWorkflow_BadYaml_GivesLineAndColumn', () => {
    const view = readWorkflow('spec:\n  steps: [\n');
    expect(view.problems[0]).toEqual(expect.objectContaining({ source: 'yaml' }));
    expect(view.problems[0].line).toBeGreaterThan(0);
  });

  it('readWorkflow_EveryExample_ReadsWithoutProblems', () => {
    const root = join(import.meta.dirname, '..', '..', 'examples');
    const files = readdirSync(root).map((d) => join(root, d, 'workflow.yaml')).filter(existsSync);
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const view = readWorkflow(readFileSync(file, 'utf8'));
      expect(view.problems, file).toEqual([]);
      expect(view.steps.length, file).toBeGreaterThan(0);
    }
  });
});

describe('setMetadata', () => {
  it('setMetadata_FlowBlockOrMissing_ChangesOnlyThatValue', async () => {
    const { setMetadata } = await import('../src/model/document');
    expect(setMetadata(hello, 'version', '1.0.1')).toBe(hello.replace('metadata: { name: demo, version: "1" }', 'metadata: { name: demo, version: "1.0.1" }'));
    const block = 'kind: Catalog\nmetadata:\n  name: default   # kept\n  version: "1"\ntasks: {}\n';
    expect(setMetadata(block, 'name', 'mine')).toBe(block.replace('name: default', 'name: mine'));
    expect(setMetadata(block, 'description', 'x')).toBe(block.replace('  version: "1"\n', '  version: "1"\n  description: x\n'));
    expect(setMetadata('kind: Catalog\ntasks: {}\n', 'name', 'mine')).toBe('kind: Catalog\nmetadata: { name: mine }\ntasks: {}\n');
  });
});
