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

test('the designer shows through no other screen, before or after a reload', async ({ page }) => {
  const errors = await openUi(page, '#/templates');
  await page.getByTestId('template-fan-out-fan-in').click();
  await expect(page.locator('.designer-host .react-flow__node').first()).toBeVisible();
  // Whatever the designer draws, another screen shows none of it: not painted (an ancestor's opacity or visibility) and not reachable.
  const shown = () => page.locator('.designer-host .react-flow__node').evaluateAll((nodes) =>
    nodes.filter((n) => n.checkVisibility({ opacityProperty: true, visibilityProperty: true })).length);
  for (const screen of ['#/instances', '#/templates']) {
    await page.goto(`/ui/${screen}`);
    expect(await page.locator('.designer-host .react-flow__node').count()).toBeGreaterThan(0);
    expect(await shown(), screen).toBe(0);
    await expect(page.locator('.designer-host')).toHaveAttribute('inert', '');
    await page.reload();
    expect(await shown(), `${screen} after a reload`).toBe(0);
  }
  await page.goto('/ui/#/designer');
  await expect(page.locator('.designer-host .react-flow__node').first()).toBeVisible();
  expect(await shown()).toBeGreaterThan(0);
  await expectNoConsoleErrors(errors);
});
