// Issue #8 item 5: revealing a very large session overflowed the stack
// (`Math.min(...focus)` at ~130k events). The span is now found in one pass.

import assert from 'node:assert/strict';
import { lineSpan, type LineRange } from '../../src/present/lines';

describe('lineSpan', function () {
  it('spans a session of a million events without overflowing the stack', function () {
    const n = 1_000_000;
    // Newest first, as many exports are: the first event stands on the last line.
    const ranges: LineRange[] = Array.from({ length: n }, (_, i): LineRange => [2 * (n - i), 2 * (n - i) + 1]);
    assert.deepEqual(lineSpan(ranges), [2, 2 * n + 1]);
  });

  it('takes the least start and the greatest end, wherever they stand', function () {
    assert.deepEqual(lineSpan([[10, 12], [3, 4], [7, 30]]), [3, 30]);
  });

  it('is undefined for no records', function () {
    assert.equal(lineSpan([]), undefined);
  });
});
