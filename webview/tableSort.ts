// Sorting the session table: per-session sort values computed once per
// result and column, then a stable sort of the row indices (ties by rank).

import { windowText, type ResultModel } from './model';
import type { SortKey } from './tableColumns';

export type SortDir = 1 | -1;
export type SortValues = ArrayLike<number> | string[];

export function sortRows(rows: Uint32Array, dir: SortDir, values: SortValues | null): Uint32Array {
  if (values === null) return dir === 1 ? rows : rows.slice().reverse();
  const out = rows.slice();
  out.sort((a, b) => {
    const va = values[a];
    const vb = values[b];
    const c = va < vb ? -1 : va > vb ? 1 : 0;
    return c * dir || a - b;
  });
  return out;
}

/** Sort values of a column (null for rank: the rows already come in rank order). Marks sort suspicious first, unmarked last. */
export function sortValues(model: ResultModel, key: SortKey, marks: Uint8Array): SortValues | null {
  const s = model.result.sessions;
  switch (key) {
    case 'rank':
      return null;
    case 'mark':
      return Uint8Array.from(marks, (m) => MARK_ORDER[m] ?? 9);
    case 'likelihood':
      return model.log10;
    case 'start':
      return s.start;
    case 'events':
      return s.eventCount;
    case 'insights':
      return Float64Array.from(s.insightScore, (v) => (Number.isNaN(v) ? Infinity : v));
    case 'window':
      return Array.from({ length: model.count }, (_, i) => windowText(model.result, i).toLowerCase());
    default:
      return userColumnOrder(model, Number(key.slice(5)));
  }
}

/** By mark code (none, reviewed, benign, suspicious): suspicious, reviewed, benign, none. */
const MARK_ORDER = [3, 1, 2, 0];

/** Sort position of each session's value in user column k (missing values last). */
function userColumnOrder(model: ResultModel, k: number): Uint32Array {
  const tuples = model.result.userTuples;
  const order = tuples.map((_, t) => t).sort((a, b) => compareNullable(tuples[a][k], tuples[b][k]));
  const tupleRank = new Uint32Array(tuples.length);
  order.forEach((t, r) => (tupleRank[t] = r));
  const user = model.result.sessions.user;
  const out = new Uint32Array(model.count);
  for (let i = 0; i < model.count; i++) out[i] = tupleRank[user[i]];
  return out;
}

function compareNullable(a: string | null | undefined, b: string | null | undefined): number {
  if (a == null) return b == null ? 0 : 1;
  if (b == null) return -1;
  return a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' });
}
