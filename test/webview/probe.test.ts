import { closePanel, launchBrowser, openPanel, startServer } from './harness';
import { makeResult } from './synthetic';
describe('probe', function () {
  it('ticks', async () => {
    const server = await startServer();
    const browser = await launchBrowser();
    const panel = await openPanel(browser, server);
    await panel.send({ type: 'result', result: makeResult({ sessions: 500 }) });
    await panel.waitForRender(1);
    const s = await panel.snapshot();
    console.log(new Date(s.x.min).toISOString(), new Date(s.x.max).toISOString(), JSON.stringify(s.x.ticks.map((t) => [new Date(t.value).toISOString(), t.label])));
    await closePanel(panel);
    await browser.close(); await server.close();
  });
});
