// Model files (#8 item 10): a saved model loads back to the same scores, and
// every kind of corruption is refused with a message naming where it is.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { ModelFileError, parseModel, serializeModel } from '../../src/engine/model/serialize';
import { loadLog, scoreLog } from '../../src/engine/pipeline';

const SAMPLE = path.resolve(__dirname, '../../../media/sample/exchange-admin-sample.csv');

type Json = Record<string, unknown>;

describe('model files', function () {
  let saved: string;
  let likelihoods: number[];

  before(async function () {
    const log = await loadLog({ file: SAMPLE });
    const scored = scoreLog(log, {}, { sessionType: 'cmds_params_values' });
    saved = serializeModel(scored.model);
    likelihoods = Array.from(scored.scores.rarestWindowLikelihood);
    const again = scoreLog(log, {}, {}, { model: parseModel(saved) });
    assert.deepEqual(Array.from(again.scores.rarestWindowLikelihood), likelihoods);
  });

  /** The saved model with `edit` applied; parsing it must fail with a message matching `message`. */
  function refused(edit: (f: Json) => void, message: RegExp): void {
    const f = JSON.parse(saved) as Json;
    edit(f);
    assert.throws(() => parseModel(JSON.stringify(f)), (e: unknown) => {
      assert.ok(e instanceof ModelFileError, `a ModelFileError, got ${String(e)}`);
      assert.match(e.message, message);
      return true;
    });
  }

  const arr = (f: Json, key: string): unknown[] => f[key] as unknown[];
  const entry = (f: Json, key: string, i: number): unknown[] => arr(f, key)[i] as unknown[];

  it('loads what it saved (extra fields a later version may add are ignored)', function () {
    const f = JSON.parse(saved) as Json;
    f.actorInsights = { someone: [1, 2, 3] };
    const m = parseModel(JSON.stringify(f));
    assert.equal(serializeModel(m), saved);
  });

  it('refuses text that is not JSON, or JSON that is not a model', function () {
    assert.throws(() => parseModel('{"format": '), /the model file is not JSON/);
    assert.throws(() => parseModel('[1,2]'), /missing "format": "sessionscope-model"/);
    assert.throws(() => parseModel('null'), /missing "format"/);
    refused((f) => (f.format = 'other'), /missing "format"/);
  });

  it('refuses a missing, malformed or newer version', function () {
    refused((f) => delete f.version, /version must be the file format version, a whole number from 1 to 1, got undefined/);
    refused((f) => (f.version = '1'), /version must be .* got "1"/);
    refused((f) => (f.version = 0.5), /version must be/);
    refused((f) => (f.version = 2), /version 2, written by a newer Sessionscope; this one reads versions 1 to 1/);
    refused((f) => (f.sessionType = 'cmds_everything'), /sessionType must be one of cmds_only, cmds_params_only, cmds_params_values/);
  });

  it('refuses names that are not distinct strings', function () {
    refused((f) => (f.commands = 'Get-Mailbox'), /commands must be an array/);
    refused((f) => (arr(f, 'commands')[1] = 7), /commands\[1\] must be a string, got 7/);
    refused((f) => (arr(f, 'commands')[2] = arr(f, 'commands')[0]), /commands\[2\] repeats/);
    refused((f) => arr(f, 'params').push(arr(f, 'params')[0]), /params\[\d+\] repeats/);
  });

  it('refuses per-command and per-param arrays of the wrong shape', function () {
    refused((f) => arr(f, 'commandCount').pop(), /commandCount must have \d+ entries \(one per command\), got \d+/);
    refused((f) => arr(f, 'paramCount').push(1), /paramCount must have \d+ entries \(one per param\)/);
    refused((f) => arr(f, 'paramValues').pop(), /paramValues must have \d+ entries \(one per param\)/);
    refused((f) => (f.transitions = {}), /transitions must be an array/);
    refused((f) => (arr(f, 'transitions')[0] = [0, 1]), /transitions\[0\] must be \[a command id or START .*, count\]/);
    refused((f) => (arr(f, 'commandParams')[0] = 'x'), /commandParams\[0\] must be an array/);
    refused((f) => (arr(f, 'paramValues')[0] = [['a', 1, 2]]), /paramValues\[0\]\[0\] must be \[value, count\]/);
  });

  it('refuses counts that are negative, fractional or not numbers', function () {
    refused((f) => (arr(f, 'commandCount')[0] = -1), /commandCount\[0\] must be a count \(0 or more\), a whole number from 0 to \d+, got -1/);
    refused((f) => (arr(f, 'paramCount')[0] = 1.5), /paramCount\[0\] must be a count/);
    refused((f) => (f.sessionCount = 'many'), /sessionCount must be a count/);
    refused((f) => (entry(f, 'transitions', 0)[2] = 0), /transitions\[0\]\[2\] must be a count, a whole number from 1/);
    refused((f) => ((arr(f, 'paramValues').find((r) => (r as unknown[]).length > 0) as unknown[][])[0][1] = null), /paramValues\[\d+\]\[0\]\[1\] must be a count/);
  });

  it('refuses ids out of range or not whole', function () {
    const n = (f: Json): number => arr(f, 'commands').length;
    refused((f) => (entry(f, 'transitions', 0)[0] = n(f) + 1), /transitions\[0\]\[0\] must be a command id or START \(0\.\.\d+\)/);
    refused((f) => (entry(f, 'transitions', 0)[1] = n(f)), /transitions\[0\]\[1\] must be a command id or END/);
    refused((f) => (entry(f, 'transitions', 0)[1] = n(f) + 2), /transitions\[0\]\[1\] must be a command id or END/);
    refused((f) => (entry(f, 'transitions', 0)[0] = 0.5), /transitions\[0\]\[0\] must be a command id or START/);
    refused((f) => (entry(f, 'transitions', 0)[0] = -1), /transitions\[0\]\[0\]/);
    refused((f) => (entry(f, 'commandParams', 0)[0] = n(f)), /commandParams\[0\]\[0\] must be a command id/);
    refused((f) => (entry(f, 'commandParams', 0)[1] = arr(f, 'params').length), /commandParams\[0\]\[1\] must be a param id/);
    refused((f) => (entry(f, 'commandParams', 0)[1] = '0'), /commandParams\[0\]\[1\] must be a param id/);
  });

  it('refuses a pair, a value or a modellable param given twice, and a modellable param that is not a param', function () {
    refused((f) => arr(f, 'transitions').push([...entry(f, 'transitions', 3)]), /transitions has the pair \[\d+, \d+\] twice/);
    refused((f) => arr(f, 'commandParams').push([...entry(f, 'commandParams', 0)]), /commandParams has the pair/);
    refused((f) => {
      const row = arr(f, 'paramValues').find((r) => (r as unknown[]).length > 0) as unknown[][];
      row.push([row[0][0], 1]);
    }, /paramValues\[\d+\]\[\d+\]\[0\] repeats the value/);
    refused((f) => ((arr(f, 'paramValues').find((r) => (r as unknown[]).length > 0) as unknown[][])[0][0] = ''), /must be a non-empty string/);
    refused((f) => (f.modellable = ['NoSuchParam']), /modellable\[0\] names "NoSuchParam", which is not in params/);
    refused((f) => (f.modellable = [arr(f, 'params')[0], arr(f, 'params')[0]]), /modellable\[1\] repeats/);
  });
});
