import { expect, test } from '@playwright/test';
import { expectNoConsoleErrors, openUi } from './helpers';

async function startWaiting(baseURL: string, key: string) {
  const yaml = 'apiVersion: baton.dev/v1\nkind: Workflow\nmetadata: { name: approval, version: "1" }\nspec:\n  steps:\n    - id: ask\n      type: event\n      event: approved\n      timeout: 1h\n    - id: done\n      task: echo\n      depends_on: [ask]\n      input: { by: "${steps.ask.output.by}" }\n';
  const headers = { 'x-functions-key': key };
  const saved = await fetch(`${baseURL}/api/definitions`, { method: 'POST', body: yaml, headers });
  expect([200, 201]).toContain(saved.status);
  const started = await fetch(`${baseURL}/api/workflows/approval/instances`, { method: 'POST', body: '{}', headers: { ...headers, 'content-type': 'application/json' } });
  expect(started.status).toBe(202);
  return ((await started.json()) as { id: string }).id;
}

test('the monitor lists instances, shows one live and raises its event', async ({ page, baseURL }) => {
  const id = await startWaiting(baseURL!, process.env.BATON_KEY!);
  const errors = await openUi(page, '#/instances');
  await page.locator('section.instances').getByLabel('Workflow', { exact: true }).fill('approval');
  await page.getByRole('button', { name: id }).click();
  await expect(page.getByTestId('instance-status')).toHaveText('Running');
  await expect(page.locator('section.instance .react-flow__node[data-id="ask"] .step-node')).toHaveAttribute('data-status', 'waiting');

  const instance = page.locator('section.instance');
  await instance.getByLabel('Name', { exact: true }).fill('approved');
  await instance.getByLabel('Data (JSON)').fill('{ "by": "Grace" }');
  await page.getByRole('button', { name: 'Raise' }).click();
  await expect(page.getByTestId('instance-status')).toHaveText('Completed');
  await page.locator('section.instance .react-flow__node[data-id="done"]').click();
  await expect(page.getByTestId('step-output')).toContainText('Grace');

  await page.getByRole('button', { name: '← Instances' }).click();
  await expect(page.getByRole('table', { name: 'Per-workflow figures (this page)' })).toContainText('100%');
  await expect(page.getByRole('table', { name: 'Step durations (finished instances on this page)' })).toContainText('ask');
  await expectNoConsoleErrors(errors);
});

test('time travel shows a past state, and a fork from it runs with new input', async ({ page, baseURL }) => {
  const key = process.env.BATON_KEY!;
  const headers = { 'x-functions-key': key };
  const yaml = 'apiVersion: baton.dev/v1\nkind: Workflow\nmetadata: { name: travel, version: "1" }\nspec:\n  steps:\n    - id: first\n      task: echo\n      input: { v: "${input.v}" }\n    - id: second\n      task: echo\n      depends_on: [first]\n      input: { kept: "${steps.first.output.v}", now: "${input.v}" }\n';
  expect([200, 201]).toContain((await fetch(`${baseURL}/api/definitions`, { method: 'POST', body: yaml, headers })).status);
  const done = await fetch(`${baseURL}/api/workflows/travel/instances?wait=20`, { method: 'POST', body: '{ "v": "old" }', headers: { ...headers, 'content-type': 'application/json' } });
  const id = ((await done.json()) as { instanceId: string }).instanceId;

  const errors = await openUi(page, `#/instances/${id}`);
  const view = page.locator('section.instance');
  await expect(view.getByTestId('instance-status')).toHaveText('Completed');
  await view.getByTestId('load-history').click();
  await expect(view.getByTestId('attempts')).toContainText('first attempt 1 succeeded');
  await view.getByTestId('history-1').click();
  await expect(view.getByTestId('time-travel')).toContainText('right after event 1');
  await expect(view.locator('.react-flow__node[data-id="second"] .step-node')).toHaveAttribute('data-status', 'running');
  await expect(view.locator('.react-flow__node[data-id="first"] .step-node')).toHaveAttribute('data-status', 'succeeded');

  await view.getByRole('button', { name: 'Fork from here…' }).click();
  await view.getByTestId('fork-input').fill('{ "v": "new" }');
  await view.getByTestId('fork-start').click();
  const forked = page.locator('section.instance');
  await expect(forked.getByTestId('instance-status')).toHaveText('Completed');
  await expect(page).not.toHaveURL(new RegExp(`${id}$`));
  await forked.locator('.react-flow__node[data-id="second"]').click();
  await expect(forked.getByTestId('step-output')).toContainText('"kept": "old"');
  await expect(forked.getByTestId('step-output')).toContainText('"now": "new"');
  await page.screenshot({ path: 'test-results/time-travel.png' });
  await expectNoConsoleErrors(errors);
});
