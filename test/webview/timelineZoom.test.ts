// The timeline's own zoom and pan (wheel, drag, Shift+drag box) and its time
// axis at every scale, in headless Chromium (page errors fail a test through
// the harness's automatic check).

import assert from 'node:assert/strict';
import type { PanelResult } from '../../src/protocol';
import { panelFixture, type PanelPage, test } from './harness';
import { makeResult } from './synthetic';

test.describe('Sessionscope timeline zoom, pan and time axis', function () {
  test.describe.configure({ timeout: 120_000 });
  const panels = panelFixture();

  async function show(result: PanelResult, viewport = { width: 1000, height: 900 }): Promise<PanelPage> {
    const panel = await panels.open({ viewport });
    await panel.send({ type: 'result', result });
    await panel.waitForRender(result.runId);
    return panel;
  }

  async function canvasBox(p: PanelPage): Promise<{ x: number; y: number; width: number; height: number }> {
    const box = await p.page.locator('[data-testid="timeline-canvas"]').boundingBox();
    assert.ok(box);
    return box;
  }

  test('zooms to a Shift+drag box, selecting nothing, and Reset zoom goes back to everything', async () => {
    const p = await show(makeResult({ sessions: 3000 }));
    const start = await p.snapshot();
    const box = await canvasBox(p);
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    await p.clearPosted();
    await p.page.keyboard.down('Shift');
    await p.page.mouse.move(cx - 100, cy - 40);
    await p.page.mouse.down();
    await p.page.mouse.move(cx + 100, cy + 40, { steps: 6 });
    await p.page.mouse.up();
    await p.page.keyboard.up('Shift');
    await p.page.waitForTimeout(200);
    const zoomed = await p.snapshot();
    const plotWidth = box.width - 80;
    const xShare = (zoomed.x.max - zoomed.x.min) / (start.x.max - start.x.min);
    const yShare = (zoomed.y.max - zoomed.y.min) / (start.y.max - start.y.min);
    // The box is 200 × 80 px of a plot a little smaller than the canvas.
    assert.ok(xShare > 200 / box.width && xShare < 200 / plotWidth + 0.05, `x share ${xShare}`);
    assert.ok(yShare < 0.5, `y share ${yShare}`);
    assert.ok(zoomed.x.min > start.x.min && zoomed.x.max < start.x.max);
    assert.deepEqual((await p.posted()).filter((m) => m.type === 'details' || m.type === 'reveal'), [], 'a box is not a click');
    await p.page.click('[data-testid="reset-zoom"]');
    await p.page.waitForTimeout(100);
    const reset = await p.snapshot();
    assert.deepEqual([reset.x.min, reset.x.max, reset.y.min, reset.y.max], [start.x.min, start.x.max, start.y.min, start.y.max]);
  });

  test('pans with a drag that does not select the point it ends on; a click there does', async () => {
    const result = makeResult({ sessions: 3000 });
    const p = await show(result);
    const rarest = result.sessions.id[0];
    const at = await p.page.evaluate((id) => window.__sessionscope?.pointPosition(id) ?? null, rarest);
    assert.ok(at);
    // Zoomed in about the point (the whole range cannot pan: it is the limit).
    await p.page.mouse.move(at.x, at.y);
    for (let k = 0; k < 4; k++) await p.page.mouse.wheel(0, -120);
    await p.page.waitForTimeout(400);
    const pos = await p.page.evaluate((id) => window.__sessionscope?.pointPosition(id) ?? null, rarest);
    assert.ok(pos);
    const before = await p.snapshot();
    await p.clearPosted();
    // Down on the point, away and back: the button comes up over the same point.
    await p.page.mouse.move(pos.x, pos.y);
    await p.page.mouse.down();
    await p.page.mouse.move(pos.x + 60, pos.y + 10, { steps: 5 });
    const during = await p.snapshot();
    await p.page.mouse.move(pos.x, pos.y, { steps: 5 });
    await p.page.mouse.up();
    await p.page.waitForTimeout(300);
    assert.ok(during.x.min < before.x.min, 'dragging right showed earlier times');
    assert.deepEqual((await p.posted()).filter((m) => m.type === 'details' || m.type === 'reveal'), [], 'a pan is not a click');
    assert.equal((await p.snapshot()).selectedPoints, 0);
    const again = await p.page.evaluate((id) => window.__sessionscope?.pointPosition(id) ?? null, rarest);
    assert.ok(again);
    assert.ok(Math.abs(again.x - pos.x) < 2 && Math.abs(again.y - pos.y) < 2, 'back where it was');
    await p.page.mouse.click(again.x, again.y);
    assert.equal((await p.waitForPosted('details')).sessionId, rarest);
  });

  test('labels the time axis on round UTC boundaries, each label once, from two weeks down to a second (600 px)', async () => {
    const p = await show(makeResult({ sessions: 2000, days: 14 }), { width: 600, height: 800 });
    const box = await canvasBox(p);
    await p.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const spans: number[] = [];
    for (let round = 0; round < 16; round++) {
      const snap = await p.snapshot();
      const span = snap.x.max - snap.x.min;
      spans.push(span);
      const labels = snap.x.ticks.map((t) => t.label);
      assert.ok(snap.x.ticks.length >= 1, `no tick over ${span} ms`);
      assert.equal(new Set(labels).size, labels.length, `labels repeat over ${span} ms: ${labels.join(' | ')}`);
      for (let k = 0; k < snap.x.ticks.length; k++) {
        const t = snap.x.ticks[k].value;
        assert.ok(t >= snap.x.min && t <= snap.x.max);
        if (k > 0) assert.ok(t > snap.x.ticks[k - 1].value);
        assert.equal(t % 100, 0, `tick on a round boundary: ${new Date(t).toISOString()}`);
      }
      for (let k = 0; k < 10; k++) await p.page.mouse.wheel(0, -120);
      await p.page.waitForTimeout(60);
    }
    const last = await p.snapshot();
    // Zooming in stops at one second; the labels then show milliseconds.
    assert.ok(spans[0] > 13 * 86_400_000 && Math.abs(last.x.max - last.x.min - 1000) < 1, `spans ${spans.join(', ')}`);
    assert.ok(last.x.ticks.some((t) => /\d\d:\d\d:\d\d\.\d{3}$/.test(t.label)), JSON.stringify(last.x.ticks));
  });
});
