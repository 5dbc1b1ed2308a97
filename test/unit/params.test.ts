// The quick reading of compact Exchange params (#9) answers exactly as the
// JSON reading does wherever it answers, and answers for the plain texts
// exports write.

import assert from 'node:assert/strict';
import { compactNameValueParams, paramsFromText } from '../../src/engine/params';

/** A small deterministic generator (xorshift). */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

const PIECES = ['a', 'Identity', 'Value', 'Name', '', ' ', 'é', '😀', '\\"', '\\\\', '\\u0041', '\\n', '\n', '\t', '"', ',', '}', ']', '{', ':', '__proto__', 'constructor', 'x'.repeat(20)];

describe('compact Exchange params', function () {
  it('reads the plain texts exports write, as JSON.parse does', function () {
    const cases: [string, [string, string][]][] = [
      ['[]', []],
      ['[{"Name":"Identity","Value":"Support Tier 2"}]', [['Identity', 'Support Tier 2']]],
      ['[{"Name":"Identity","Value":""},{"Name":"Confirm","Value":"False"}]', [['Identity', ''], ['Confirm', 'False']]],
      // A repeated name keeps its first place and its last value.
      ['[{"Name":"a","Value":"1"},{"Name":"b","Value":"2"},{"Name":"a","Value":"3"}]', [['a', '3'], ['b', '2']]],
      ['[{"Name":"é ü","Value":"a long value, with commas: and colons; longer than thirteen"}]', [['é ü', 'a long value, with commas: and colons; longer than thirteen']]],
    ];
    for (const [text, pairs] of cases) {
      const quick = compactNameValueParams(text);
      assert.ok(quick, `quick reading of ${text}`);
      assert.deepEqual([...quick], pairs);
      assert.deepEqual([...quick], [...paramsFromText(text)]);
    }
  });

  it('leaves every other text to the JSON reading', function () {
    for (const text of [
      ' [{"Name":"a","Value":"b"}]',
      '[{"Name":"a","Value":"b"}] ',
      '[{"Name": "a","Value":"b"}]',
      '[{"Value":"b","Name":"a"}]',
      '[{"Name":"a","Value":null}]',
      '[{"Name":"a","Value":1}]',
      '[{"Name":"a","Value":"b","Other":"c"}]',
      '[{"Name":"a\\"b","Value":"c"}]',
      '[{"Name":"a","Value":"tab\there"}]',
      '[{"Name":"a","Value":"😀"}]',
      '[{"name":"a","value":"b"}]',
      '[{"Name":"a","Value":"b"},]',
      '[{"Name":"a","Value":"b"}',
      '{"Name":"a","Value":"b"}',
      '["a","b"]',
    ]) {
      assert.equal(compactNameValueParams(text), undefined, text);
    }
  });

  it('agrees with the JSON reading on 20,000 random texts near the shape', function () {
    const r = rng(9);
    const pick = <T>(a: T[]): T => a[Math.floor(r() * a.length)];
    const str = () => Array.from({ length: Math.floor(r() * 4) }, () => pick(PIECES)).join('');
    let quick = 0;
    for (let i = 0; i < 20_000; i++) {
      const items = Array.from({ length: Math.floor(r() * 4) }, () => {
        const form = r();
        if (form < 0.7) return `{"Name":"${str()}","Value":"${str()}"}`;
        if (form < 0.8) return `{"Name":"${str()}","Value":${pick(['null', '1', 'true', '[]', '{}'])}}`;
        return `{${pick(['"Name" :', '"Name":'])}"${str()}",${pick(['"Value":', ' "Value":', '"value":'])}"${str()}"}`;
      });
      let text = `[${items.join(pick([',', ',', ',', ', ']))}]`;
      if (r() < 0.05) text = text.slice(0, Math.floor(r() * text.length));
      const q = compactNameValueParams(text);
      if (q === undefined) continue;
      quick++;
      let expected: [string, string][];
      try {
        expected = [...paramsFromText(text)];
      } catch (e) {
        assert.fail(`quick reading took ${JSON.stringify(text)}, which JSON refuses (${(e as Error).message})`);
      }
      assert.deepEqual([...q], expected, text);
    }
    assert.ok(quick > 2000, `the quick reading answered ${quick} times`);
  });
});
