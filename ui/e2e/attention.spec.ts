import { expect, test } from '@playwright/test';
import { expectNoConsoleErrors, openUi } from './helpers';

async function post(url: string, body: string, key: string, type = 'application/yaml') {
  return fetch(url, { method: 'POST', body, headers: { 'x-functions-key': key, 'content-type': type } });
}

test('attention lists dead letters and stuck instances, and rewinds the failed after a confirmation', async ({ page, baseURL }) => {
  const key = process.env.BATON_KEY!;
  const failing = 'apiVersion: baton.dev/v1\nkind: Workflow\nmetadata: { name: doomed, version: "1" }\nspec:\n  steps:\n    - { id: give-up, type: fail, message: "nothing to be done" }\n';
  const waiting = 'apiVersion: baton.dev/v1\nkind: Workflow\nmetadata: { name: forever, version: "1" }\nspec:\n  steps:\n    - { id: ask, type: event, event: someday }\n';
  expect([200, 201]).toContain((await post(`${baseURL}/api/definitions`, failing, key)).status);
  expect([200, 201]).toContain((await post(`${baseURL}/api/definitions`, waiting, key)).status);
  const doomed = (await (await post(`${baseURL}/api/workflows/doomed/instances`, '{}', key, 'application/json')).json()) as { id: string };
  const forever = (await (await post(`${baseURL}/api/workflows/forever/instances`, '{}', key, 'application/json')).json()) as { id: string };

  const errors = await openUi(page, '#/attention');
  const dead = page.getByRole('table', { name: 'Dead letters' });
  await expect(dead.getByRole('row').filter({ hasText: doomed.id })).toContainText('give-up');
  await expect(dead.getByRole('row').filter({ hasText: doomed.id })).toContainText('nothing to be done');
  const stuck = page.getByRole('table', { name: 'Stuck instances' });
  await expect(stuck.getByRole('row').filter({ hasText: forever.id })).toContainText('waits forever');

  let asked = '';
  page.once('dialog', (d) => { asked = d.message(); void d.accept(); });
  await page.locator('section.attention').getByLabel('Workflow').fill('doomed');
  await page.getByRole('button', { name: 'Rewind all failed…' }).click();
  await expect(page.getByRole('status')).toContainText('Rewound 1');
  expect(asked).toContain('Rewind 1 failed instance(s) of doomed');

  await page.locator('section.attention').getByLabel('Workflow').fill('');
  await stuck.getByRole('button', { name: forever.id }).click();
  await expect(page.getByTestId('instance-status')).toHaveText('Running');
  await expectNoConsoleErrors(errors);
});
