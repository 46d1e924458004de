import { expect, type Page } from '@playwright/test';

/** Opens the UI and gives it the admin key, as a newcomer would. */
export async function openUi(page: Page, hash = '#/designer') {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`/ui/${hash}`);
  await page.getByTestId('key-input').fill(process.env.BATON_KEY ?? '');
  await page.getByRole('button', { name: 'Continue' }).click();
  return errors;
}

/** The node of a step on the canvas. */
export function node(page: Page, id: string) {
  return page.locator(`.react-flow__node[data-id="${id}"]`);
}

/** Drags a palette entry onto the canvas at a point of it. */
export async function dropOnCanvas(page: Page, testId: string, x: number, y: number) {
  const canvas = page.locator('.designer .graph');
  await page.getByTestId(testId).dragTo(canvas, { targetPosition: { x, y } });
}

/** Connects two steps by dragging from one's lower handle to the other's upper handle. */
export async function connect(page: Page, from: string, to: string) {
  const source = node(page, from).locator('.react-flow__handle-bottom');
  const target = node(page, to).locator('.react-flow__handle-top');
  const a = (await source.boundingBox())!;
  const b = (await target.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}

/** The designer's YAML, as "Download YAML" gives it. */
export async function downloadedYaml(page: Page): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download').click()]);
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Appends text at the end of the YAML editor, as if pasted. */
export async function appendYaml(page: Page, text: string) {
  await page.locator('.yaml-editor .view-lines').click();
  await page.keyboard.press('Control+End');
  const lines = text.replace(/\n$/, '').split('\n');
  for (let i = 0; i < lines.length; i++) {
    // The editor indents a new line itself; each line replaces that indentation with its own.
    if (i > 0) await page.keyboard.press('Enter');
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+End');
    await page.keyboard.insertText(lines[i]);
  }
  await page.keyboard.press('Enter');
}

export async function expectNoConsoleErrors(errors: string[]) {
  expect(errors.filter((e) => !/Failed to load resource: the server responded with a status of 40[49]/.test(e))).toEqual([]);
}
