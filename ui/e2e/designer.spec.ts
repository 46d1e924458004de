import { expect, test } from '@playwright/test';
import { appendYaml, connect, dropOnCanvas, downloadedYaml, expectNoConsoleErrors, node, openUi } from './helpers';

test('build from the palette, save, run and watch it finish', async ({ page }) => {
  const errors = await openUi(page);
  await expect(node(page, 'start')).toBeVisible();

  // Two tasks from the palette, then wired together on the canvas.
  await dropOnCanvas(page, 'palette-task-echo', 120, 300);
  await dropOnCanvas(page, 'palette-task-echo', 420, 300);
  await expect(node(page, 'echo')).toBeVisible();
  await expect(node(page, 'echo-2')).toBeVisible();
  await connect(page, 'start', 'echo');
  await connect(page, 'echo', 'echo-2');
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);

  // An input on the second, read from the first, in the side panel.
  await node(page, 'echo-2').click();
  await page.getByLabel('New input field name').fill('greeting');
  await page.getByRole('button', { name: 'Add field' }).click();
  const field = page.getByTestId('input-greeting');
  await field.fill('${steps.start.output.message} and more');
  await field.press('Enter');
  const yaml = await downloadedYaml(page);
  expect(yaml).toContain('    - id: echo-2\n      task: echo\n      depends_on: [echo]\n      input: { greeting: "${steps.start.output.message} and more" }\n');
  await page.screenshot({ path: 'test-results/designer.png' });

  // Save and run: the monitor opens on the instance and follows it live.
  await page.getByTestId('run').click();
  await page.getByTestId('run-start').click();
  await expect(page.getByTestId('instance-status')).toHaveText('Completed');
  const monitor = page.locator('section.instance');
  for (const id of ['start', 'echo', 'echo-2']) await expect(monitor.locator(`.react-flow__node[data-id="${id}"] .step-node`)).toHaveAttribute('data-status', 'succeeded');
  await monitor.locator('.react-flow__node[data-id="echo-2"]').click();
  await expect(page.getByTestId('step-output')).toContainText('"greeting": "Hello and more"');
  await page.screenshot({ path: 'test-results/monitor.png' });
  await expectNoConsoleErrors(errors);
});

test('typing YAML changes the canvas, and problems land on their nodes', async ({ page }) => {
  const errors = await openUi(page);
  await expect(node(page, 'start')).toBeVisible();
  await appendYaml(page, '    - id: typed\n      task: echo\n      depends_on: [start]\n');
  await expect(node(page, 'typed')).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);

  // A step wired to a step that does not exist: the problem is shown on that node.
  await appendYaml(page, '    - id: orphan\n      task: echo\n      depends_on: [nowhere]\n');
  await expect(node(page, 'orphan').locator('.step-problem')).toContainText("depends on 'nowhere'");
  await expect(node(page, 'typed').locator('.step-problem')).toHaveCount(0);

  // Saving refuses while a problem stands.
  await page.getByTestId('save').click();
  await expect(page.getByTestId('designer-message')).toContainText('Not saved');
  await expectNoConsoleErrors(errors);
});

test('a cycle drawn on the canvas is refused with a clear message', async ({ page }) => {
  const errors = await openUi(page);
  await dropOnCanvas(page, 'palette-task-echo', 300, 320);
  await connect(page, 'start', 'echo');
  await connect(page, 'echo', 'start');
  await expect(node(page, 'start').locator('.step-problem').or(node(page, 'echo').locator('.step-problem'))).toContainText('circle');
  await expect(page.getByTestId('problems')).toContainText('depend on each other in a circle');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByTestId('problems')).toHaveCount(0);
  await expectNoConsoleErrors(errors);
});

test('invalid YAML gets an inline message with its line', async ({ page }) => {
  const errors = await openUi(page);
  await expect(node(page, 'start')).toBeVisible();
  await appendYaml(page, '    - id: [broken\n');
  await expect(page.getByTestId('problems')).toContainText('line');
  await expectNoConsoleErrors(errors);
});

test('a host that is down gives clear inline messages and saves nothing', async ({ page }) => {
  const errors = await openUi(page);
  await expect(node(page, 'start')).toBeVisible();
  await page.route('**/api/**', (route) => route.abort('connectionrefused'));
  await page.getByTestId('save').click();
  await expect(page.getByTestId('designer-message')).toContainText('cannot be reached');
  await page.unroute('**/api/**');
  // The browser reports the refused requests themselves; nothing else may have gone wrong.
  await expectNoConsoleErrors(errors.filter((e) => !e.includes('net::ERR_CONNECTION_REFUSED') && !e.includes('Failed to fetch')));
});

test('typing ${ in the YAML offers the paths of this workflow', async ({ page }) => {
  const errors = await openUi(page, '#/templates');
  await page.getByTestId('template-hello-sequence').click();
  await page.locator('.yaml-editor .view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('# ${st');
  await page.keyboard.press('Control+Space');
  await expect(page.locator('.suggest-widget')).toContainText('steps.greet.output');
  await page.keyboard.press('Escape');
  await expectNoConsoleErrors(errors);
});
