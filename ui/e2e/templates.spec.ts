import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { downloadedYaml, expectNoConsoleErrors, node, openUi } from './helpers';

const examples = join(import.meta.dirname, '..', '..', 'examples');
const ids = ['chunked-fan-out', 'dynamic-graph', 'fan-out-fan-in', 'feed-follower', 'hello-sequence', 'image-chain', 'phone-check',
  'photo-authenticity', 'quality-gate', 'release-gate', 'retry', 'routing', 'user-registration'];

test('every example opens as a template and comes back byte for byte when nothing was edited', async ({ page }) => {
  const errors = await openUi(page, '#/templates');
  for (const id of ids) {
    await page.goto('/ui/#/templates');
    await page.getByTestId(`template-${id}`).click();
    await expect(page.locator('.react-flow__node').first()).toBeVisible();
    // Looking around is not editing: select a node, lay the graph out again.
    await page.locator('.react-flow__node').first().click();
    await page.getByRole('button', { name: 'Auto-layout' }).click();
    expect(await downloadedYaml(page), id).toBe(readFileSync(join(examples, id, 'workflow.yaml'), 'utf8'));
  }
  await expectNoConsoleErrors(errors);
});

test('a template is changed in the side panel and run without touching YAML', async ({ page }) => {
  const errors = await openUi(page, '#/templates');
  await page.getByTestId('template-hello-sequence').click();
  await node(page, 'pause').click();
  const ms = page.getByTestId('input-ms');
  await ms.fill('50');
  await ms.press('Enter');
  await page.screenshot({ path: 'test-results/designer-template.png' });
  const yaml = await downloadedYaml(page);
  expect(yaml).toBe(readFileSync(join(examples, 'hello-sequence', 'workflow.yaml'), 'utf8').replace('input: { ms: 200 }', 'input: { ms: 50 }'));
  await page.getByTestId('run').click();
  await page.getByTestId('run-input').fill('{ "name": "Ada" }');
  await page.getByTestId('run-start').click();
  await expect(page.getByTestId('instance-status')).toHaveText('Completed');
  await expect(page.getByTestId('instance-output')).toContainText('HELLO, ADA');
  await expectNoConsoleErrors(errors);
});
