// Sessionizing (ALGORITHM.md section 1): stable sort by (users, time), then
// split where the user changes, the gap exceeds the limit or the session
// would exceed its maximum length.

import type { EventTable, SessionizeOptions, SessionTable } from './types';
import type { StopSignal } from './stop';

/**
 * Dense id per distinct user tuple, numbered in sort order of the tuples
 * (values compared as strings, missing values last, as pandas sorts).
 */
function userGroups(events: EventTable): { group: Int32Array; groups: number } {
  const n = events.count;
  const cols = events.userIds.length;
  // Rank each column's values by their text so group ids follow sort order.
  const ranks = events.userValues.map((values) => {
    const order = values.map((_, i) => i).sort((a, b) => (values[a] < values[b] ? -1 : values[a] > values[b] ? 1 : 0));
    const rank = new Int32Array(values.length);
    order.forEach((id, r) => (rank[id] = r));
    return { rank, missing: values.length };
  });
  const rankOf = (u: number, i: number): number => {
    const id = events.userIds[u][i];
    return id < 0 ? ranks[u].missing : ranks[u].rank[id];
  };
  const group = new Int32Array(n);
  if (cols === 1) {
    // Fast path: the rank is the group id.
    for (let i = 0; i < n; i++) group[i] = rankOf(0, i);
    return { group, groups: ranks[0].missing + 1 };
  }
  // Intern the tuple one column at a time with numeric keys (no per-event strings).
  const raw = new Int32Array(n);
  let tuples = 0;
  const firstEvent: number[] = [];
  for (let i = 0; i < n; i++) raw[i] = rankOf(0, i);
  for (let u = 1; u < cols; u++) {
    const ids = new Map<number, number>();
    const base = ranks[u].missing + 1;
    firstEvent.length = 0;
    for (let i = 0; i < n; i++) {
      const key = raw[i] * base + rankOf(u, i);
      let id = ids.get(key);
      if (id === undefined) {
        id = ids.size;
        ids.set(key, id);
        firstEvent.push(i);
      }
      raw[i] = id;
    }
    tuples = ids.size;
  }
  const order = Array.from({ length: tuples }, (_, t) => t).sort((a, b) => {
    const ea = firstEvent[a];
    const eb = firstEvent[b];
    for (let u = 0; u < cols; u++) {
      const d = rankOf(u, ea) - rankOf(u, eb);
      if (d !== 0) return d;
    }
    return 0;
  });
  const remap = new Int32Array(tuples);
  order.forEach((id, r) => (remap[id] = r));
  for (let i = 0; i < n; i++) group[i] = remap[raw[i]];
  return { group, groups: tuples };
}

/** Event indices sorted by (user group, time), stable: equal keys keep file order. */
export function sortEvents(events: EventTable, signal?: StopSignal): { order: Int32Array; group: Int32Array } {
  const n = events.count;
  const { group, groups } = userGroups(events);
  // Counting sort by group keeps file order within a group.
  const starts = new Int32Array(groups + 1);
  for (let i = 0; i < n; i++) starts[group[i] + 1]++;
  for (let g = 0; g < groups; g++) starts[g + 1] += starts[g];
  const order = new Int32Array(n);
  const fill = starts.slice(0, groups);
  for (let i = 0; i < n; i++) order[fill[group[i]]++] = i;
  const { timeMs, timeNs } = events;
  const before = (a: number, b: number): number => timeMs[a] - timeMs[b] || timeNs[a] - timeNs[b] || a - b;
  let checked = 0;
  for (let g = 0; g < groups; g++) {
    const from = starts[g];
    if (from - checked >= CHECK_EVENTS) {
      checked = from;
      signal?.throwIfAborted();
    }
    const to = starts[g + 1];
    let sorted = true;
    for (let j = from + 1; j < to && sorted; j++) sorted = before(order[j - 1], order[j]) < 0;
    if (sorted) continue;
    // Array sort is TimSort in V8: near-linear on the reversed runs of newest-first exports.
    const slice = Array.from(order.subarray(from, to)).sort(before);
    order.set(slice, from);
  }
  return { order, group };
}

/** How many events pass between two looks at the abort signal (a few milliseconds of work). */
const CHECK_EVENTS = 1 << 16;

/** `signal`: aborting it stops the pass with the signal's reason (the events are only read, never changed). */
export function sessionize(events: EventTable, opts: SessionizeOptions, signal?: StopSignal): SessionTable {
  const n = events.count;
  signal?.throwIfAborted();
  const { order, group } = sortEvents(events, signal);
  const maxGap = opts.maxGapMinutes * 60_000;
  const maxLen = opts.maxSessionMinutes * 60_000;
  const inclusive = opts.boundary === 'inclusive';
  const { timeMs, timeNs } = events;
  const offsets: number[] = [];
  let first = -1;
  let prev = -1;
  for (let j = 0; j < n; j++) {
    if ((j & (CHECK_EVENTS - 1)) === 0) signal?.throwIfAborted();
    const e = order[j];
    let split = prev < 0 || group[e] !== group[prev];
    if (!split) {
      const gap = timeMs[e] - timeMs[prev] + (timeNs[e] - timeNs[prev]) / 1e6;
      const length = timeMs[e] - timeMs[first] + (timeNs[e] - timeNs[first]) / 1e6;
      split = inclusive ? gap >= maxGap || length >= maxLen : gap > maxGap || length > maxLen;
    }
    if (split) {
      offsets.push(j);
      first = e;
    }
    prev = e;
  }
  offsets.push(n);
  return { count: offsets.length - 1, offsets: Int32Array.from(offsets), eventOrder: order };
}

/** Events of session s, in time order. */
export function sessionEvents(sessions: SessionTable, s: number): Int32Array {
  return sessions.eventOrder.subarray(sessions.offsets[s], sessions.offsets[s + 1]);
}
