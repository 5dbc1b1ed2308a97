// The option definitions (src/engine/options.ts) as every front end meets
// them: the messages they give, a run's options checked as a whole, the
// webview's messages checked by their schemas (src/protocol.ts), and the
// definitions staying fit for the webview's browser bundle.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { assertRunOptions, DEFAULT_SCORE, DEFAULT_SESSIONIZE, OPTIONS, optionProblem, RANKINGS, runOptionsProblem, SESSION_TYPES, TIME_FORMATS } from '../../src/engine/options';
import { parseFromWebview } from '../../src/protocol';

const ROOT = path.resolve(__dirname, '../../..');

describe('option definitions', function () {
  it('list the words in order; a session type a model is trained for is not auto', function () {
    assert.deepEqual(OPTIONS.sessionType.values, ['auto', 'cmds_only', 'cmds_params_only', 'cmds_params_values']);
    assert.deepEqual(SESSION_TYPES, ['cmds_only', 'cmds_params_only', 'cmds_params_values']);
    assert.deepEqual(RANKINGS, ['reference', 'insight']);
    assert.deepEqual(TIME_FORMATS, ['auto', 'mdy', 'dmy', 'epoch-s', 'epoch-ms', 'epoch-us', 'epoch-ns']);
    assert.deepEqual(OPTIONS.onBadRow.values, ['skip', 'stop']);
    assert.deepEqual(DEFAULT_SESSIONIZE, { maxSessionMinutes: 20, maxGapMinutes: 2, boundary: 'strict' });
    assert.deepEqual(DEFAULT_SCORE, { sessionType: 'auto', window: 3, useTokens: true, geomean: false });
  });

  it('say what is wrong with a value, naming the option, the allowed values and what was given', function () {
    assert.equal(optionProblem(OPTIONS.boundary, 'inclusive'), undefined);
    assert.equal(optionProblem(OPTIONS.boundary, 'loose'), 'boundary must be one of strict, inclusive, got "loose"');
    assert.equal(optionProblem(OPTIONS.sessionType, 3), 'session type must be one of auto, cmds_only, cmds_params_only, cmds_params_values, got 3');
    assert.equal(optionProblem(OPTIONS.useTokens, 'yes'), 'start and end tokens must be true or false, got "yes"');
    assert.equal(optionProblem(OPTIONS.geomean, false), undefined);
    assert.equal(optionProblem(OPTIONS.window, 51), 'window length must be a whole number from 1 to 50, got 51');
    assert.equal(optionProblem(OPTIONS.tableRows, '100'), 'number of table rows must be a whole number from 10 to 1000000, got "100"');
  });

  it("check a run's options as a whole: the first problem, or undefined", function () {
    const run = { read: { onBadRow: 'skip' }, sessionize: { ...DEFAULT_SESSIONIZE }, score: { ...DEFAULT_SCORE }, ranking: 'insight' };
    assert.equal(runOptionsProblem(run), undefined);
    assert.equal(runOptionsProblem({ ...run, read: {}, ranking: undefined }), undefined);
    assert.equal(runOptionsProblem({ ...run, score: { ...DEFAULT_SCORE, modellableParams: ['Identity'] } }), undefined);
    assert.equal(runOptionsProblem({ ...run, sessionize: { ...DEFAULT_SESSIONIZE, boundary: 'loose' } }), 'boundary must be one of strict, inclusive, got "loose"');
    assert.equal(runOptionsProblem({ ...run, score: { ...DEFAULT_SCORE, window: 0 } }), 'window length must be a whole number from 1 to 50, got 0');
    assert.equal(runOptionsProblem({ ...run, read: { onBadRow: 'ignore' } }), 'bad-row policy must be one of skip, stop, got "ignore"');
    assert.equal(runOptionsProblem({ ...run, ranking: 'rarest' }), 'ranking must be one of reference, insight, got "rarest"');
    assert.match(runOptionsProblem({ ...run, sessionize: undefined })!, /^sessionize: /);
    assert.equal(runOptionsProblem({ sessionize: DEFAULT_SESSIONIZE, score: DEFAULT_SCORE }), undefined, 'the engine checks a run without read options');
    assert.throws(() => assertRunOptions({ sessionize: DEFAULT_SESSIONIZE, score: { ...DEFAULT_SCORE, sessionType: 'cmds' as never } }), (e: unknown) =>
      e instanceof RangeError && e.message === 'session type must be one of auto, cmds_only, cmds_params_only, cmds_params_values, got "cmds"');
    assert.match(runOptionsProblem({ ...run, score: { ...DEFAULT_SCORE, modellableParams: 'Identity' } })!, /^score\.modellableParams: /);
  });

  it("import nothing but valibot, so the webview's browser bundle can take them", async function () {
    const built = await esbuild.build({
      entryPoints: [path.join(ROOT, 'src', 'protocol.ts')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      absWorkingDir: ROOT,
      logLevel: 'silent',
    });
    const inputs = Object.keys(built.metafile.inputs).map((f) => f.split(path.sep).join('/'));
    const ours = inputs.filter((f) => !f.includes('node_modules/')).sort();
    assert.deepEqual(ours, ['src/engine/limits.ts', 'src/engine/options.ts', 'src/protocol.ts']);
    assert.ok(inputs.filter((f) => f.includes('node_modules/')).every((f) => f.includes('node_modules/valibot/')), inputs.join('\n'));
  });
});

describe('messages from the webview (protocol.ts schemas)', function () {
  const options = { sessionType: 'cmds_only', window: 3, useTokens: true, geomean: false };
  const valid: Record<string, unknown>[] = [
    { type: 'ready' },
    { type: 'rendered', runId: 0 },
    { type: 'details', requestId: 1, runId: 2, sessionId: 3 },
    { type: 'reveal', runId: 1, sessionId: 2, scope: 'window' },
    { type: 'reveal', runId: 1, sessionId: 2, scope: 'session' },
    { type: 'reveal', runId: 1, sessionId: 2, scope: 'insight', insight: 10_000 },
    { type: 'step', direction: 1 },
    { type: 'step', direction: -1 },
    { type: 'revealSkipped', runId: 5 },
    { type: 'rescore', runId: 1, options },
    { type: 'rescore', runId: 1, options: { ...options, ranking: 'insight' } },
    { type: 'changeMapping' },
    { type: 'scoreAgain' },
    { type: 'showOutput' },
  ];

  it('takes every message the panel sends, as sent', function () {
    for (const msg of valid) assert.deepEqual(parseFromWebview(msg), msg, JSON.stringify(msg));
  });

  it('keeps only the known fields', function () {
    assert.deepEqual(parseFromWebview({ type: 'ready', html: '<img onerror=x>' }), { type: 'ready' });
    assert.deepEqual(parseFromWebview({ type: 'rescore', runId: 1, options: { ...options, extra: 1 }, more: 2 }), { type: 'rescore', runId: 1, options });
    assert.deepEqual(parseFromWebview({ type: 'reveal', runId: 1, sessionId: 2, scope: 'window', insight: 3 }), { type: 'reveal', runId: 1, sessionId: 2, scope: 'window' });
  });

  it('rejects anything else', function () {
    const invalid: unknown[] = [
      undefined,
      null,
      'ready',
      42,
      [],
      {},
      { type: 'unknown' },
      { type: 'rendered' },
      { type: 'rendered', runId: -1 },
      { type: 'rendered', runId: 1.5 },
      { type: 'rendered', runId: '1' },
      { type: 'rendered', runId: 2 ** 53 },
      { type: 'details', requestId: 1, runId: 2 },
      { type: 'reveal', runId: 1, sessionId: 2 },
      { type: 'reveal', runId: 1, sessionId: 2, scope: 'lines', lines: [1] },
      { type: 'reveal', runId: 1, sessionId: 2, scope: 'insight' },
      { type: 'reveal', runId: 1, sessionId: 2, scope: 'insight', insight: 10_001 },
      { type: 'step', direction: 0 },
      { type: 'step', direction: '1' },
      { type: 'revealSkipped', runId: null },
      { type: 'rescore', runId: 1 },
      { type: 'rescore', runId: 1, options: { ...options, sessionType: 'auto' } },
      { type: 'rescore', runId: 1, options: { ...options, window: 51 } },
      { type: 'rescore', runId: 1, options: { ...options, useTokens: 'yes' } },
      { type: 'rescore', runId: 1, options: { ...options, ranking: 'rarest' } },
      { type: 'rescore', runId: 1, options: { sessionType: 'cmds_only', window: 3, useTokens: true } },
    ];
    for (const msg of invalid) assert.equal(parseFromWebview(msg), undefined, JSON.stringify(msg));
  });
});
