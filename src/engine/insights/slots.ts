// The file's param uses grouped by (command, param) and by value, in the
// order the sessions meet them: each distinct (command, param, value) of the
// event table is a "slot". The baseline counts values per slot (instead of a
// Map per param use), and the per-session checks read a per-use bound
// (context.ts) worked out once per slot. Computed once per session table and
// kept beside it (a WeakMap: dropped with it).

import type { EventTable, SessionTable } from '../types';

/** Above this many (command, param) cells the slots are not built (the callers fall back to Maps). */
export const MAX_SLOT_CELLS = 1 << 22;

export interface ValueSlots {
  events: EventTable;
  /**
   * Slot of each param use q (indexed like events.paramIds); -1 for a use
   * outside every session or of a cell with more than MAX_WATCHED_VALUES
   * values (its values are not told apart: some of its uses have a slot, some not).
   */
  slotOf: Int32Array;
  /** Per slot: its (command, param) cell (command * paramNames.length + param), value id (-1 empty) and uses. */
  slotCell: Int32Array;
  slotValue: Int32Array;
  slotCount: Int32Array;
  /** Cells in the order the sessions first use them. */
  cells: Int32Array;
  /**
   * The slots of cells[i] are cellSlots[cellFirstSlot[i] .. cellFirstSlot[i] + cellDistinct[i] - 1], first seen first;
   * cellDistinct[i] is MAX_WATCHED_VALUES + 1 (and its slots are only some of its values) for a cell with more.
   */
  cellSlots: Int32Array;
  cellFirstSlot: Int32Array;
  cellDistinct: Int32Array;
  /** Uses per cell (indexed by cell). */
  cellUses: Int32Array;
  /** Sessions in the order of their first event's row (sessionsByFirstEvent). */
  visit: Int32Array;
}

/** A param with more distinct values than this is not watched for new values (its values are names, ids, times); the slots of the others are in first-seen order (the baseline keeps their values by name, in that order). */
export const MAX_WATCHED_VALUES = 256;

const cache = new WeakMap<SessionTable, ValueSlots>();

/**
 * Sessions by their first event's row in the table: visiting them in this
 * order reads the event table nearly front to back (sessions are mostly runs
 * of nearby rows), far cheaper than the sessions' own order, which jumps.
 */
export function sessionsByFirstEvent(sessions: SessionTable, eventCount: number): Int32Array {
  const { offsets, eventOrder } = sessions;
  const byEvent = new Int32Array(eventCount).fill(-1);
  const empty: number[] = [];
  for (let s = 0; s < sessions.count; s++) {
    if (offsets[s + 1] > offsets[s]) byEvent[eventOrder[offsets[s]]] = s;
    else empty.push(s);
  }
  const visit = new Int32Array(sessions.count);
  let i = 0;
  for (let e = 0; e < eventCount; e++) if (byEvent[e] >= 0) visit[i++] = byEvent[e];
  for (const s of empty) visit[i++] = s;
  return visit;
}

/**
 * Growable per-slot columns with an open-addressing hash from (cell, value)
 * to slot. A slot's first use is kept as (event position in session order,
 * param use): the sessions are visited out of their order.
 */
class SlotTable {
  cell = new Int32Array(1024);
  value = new Int32Array(1024);
  count = new Int32Array(1024);
  firstAt = new Int32Array(1024);
  firstQ = new Int32Array(1024);
  size = 0;
  private keys = new Int32Array(1 << 12).fill(-1);
  private mask = (1 << 12) - 1;

  /** The slot of (cell k, value id v), counting one use at position (at, q). */
  use(k: number, v: number, at: number, q: number): number {
    let h = (Math.imul(k, 0x9e3779b1) ^ Math.imul(v + 1, 0x85ebca77)) & this.mask;
    for (;;) {
      const slot = this.keys[h];
      if (slot < 0) break;
      if (this.cell[slot] === k && this.value[slot] === v) {
        this.count[slot]++;
        if (at < this.firstAt[slot] || (at === this.firstAt[slot] && q < this.firstQ[slot])) {
          this.firstAt[slot] = at;
          this.firstQ[slot] = q;
        }
        return slot;
      }
      h = (h + 1) & this.mask;
    }
    const slot = this.size++;
    if (slot === this.cell.length) this.grow();
    this.cell[slot] = k;
    this.value[slot] = v;
    this.count[slot] = 1;
    this.firstAt[slot] = at;
    this.firstQ[slot] = q;
    this.keys[h] = slot;
    if (this.size * 2 > this.keys.length) this.rehash();
    return slot;
  }

  private grow(): void {
    const n = this.cell.length * 2;
    const more = (a: Int32Array): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.cell = more(this.cell);
    this.value = more(this.value);
    this.count = more(this.count);
    this.firstAt = more(this.firstAt);
    this.firstQ = more(this.firstQ);
  }

  private rehash(): void {
    const n = this.keys.length * 2;
    this.keys = new Int32Array(n).fill(-1);
    this.mask = n - 1;
    for (let slot = 0; slot < this.size; slot++) {
      let h = (Math.imul(this.cell[slot], 0x9e3779b1) ^ Math.imul(this.value[slot] + 1, 0x85ebca77)) & this.mask;
      while (this.keys[h] >= 0) h = (h + 1) & this.mask;
      this.keys[h] = slot;
    }
  }
}

/** The slots of the sessions' param uses; undefined when the (command, param) table is too large. */
export function valueSlots(events: EventTable, sessions: SessionTable): ValueSlots | undefined {
  const np = events.paramNames.length;
  const cellCount = events.commandNames.length * np;
  if (cellCount > MAX_SLOT_CELLS) return undefined;
  const known = cache.get(sessions);
  if (known && known.events === events) return known;
  const { commandIds, paramOffsets, paramIds, valueIds } = events;
  const { offsets, eventOrder } = sessions;
  const visit = sessionsByFirstEvent(sessions, events.count);
  const slotOf = new Int32Array(paramIds.length).fill(-1);
  const cellUses = new Int32Array(cellCount);
  const cellValues = new Int32Array(cellCount);
  // A cell's first use (event position in session order, then param use): the sessions are visited out of their order.
  const cellFirstAt = new Int32Array(cellCount).fill(0x7fffffff);
  const cellFirstQ = new Int32Array(cellCount);
  const table = new SlotTable();
  for (let i = 0; i < visit.length; i++) {
    const s = visit[i];
    for (let j = offsets[s]; j < offsets[s + 1]; j++) {
      const e = eventOrder[j];
      const row = commandIds[e] * np;
      for (let q = paramOffsets[e]; q < paramOffsets[e + 1]; q++) {
        const k = row + paramIds[q];
        cellUses[k]++;
        if (j < cellFirstAt[k] || (j === cellFirstAt[k] && q < cellFirstQ[k])) {
          cellFirstAt[k] = j;
          cellFirstQ[k] = q;
        }
        if (cellValues[k] > MAX_WATCHED_VALUES) continue;
        const before = table.size;
        const slot = table.use(k, valueIds[q], j, q);
        if (table.size > before) cellValues[k]++;
        slotOf[q] = slot;
      }
    }
  }
  const { size, cell, value, count, firstAt, firstQ } = table;
  // Slots grouped by cell (a counting sort), each cell's in first-use order.
  const cellStart = new Int32Array(cellCount + 1);
  for (let k = 0; k < cellCount; k++) cellStart[k + 1] = cellStart[k] + Math.min(cellValues[k], MAX_WATCHED_VALUES + 1);
  const fill = cellStart.slice(0, cellCount);
  const grouped = new Int32Array(size);
  for (let slot = 0; slot < size; slot++) grouped[fill[cell[slot]]++] = slot;
  const byFirstUse = (x: number, y: number): number => firstAt[x] - firstAt[y] || firstQ[x] - firstQ[y];
  const used: number[] = [];
  for (let k = 0; k < cellCount; k++) {
    if (cellUses[k] === 0) continue;
    used.push(k);
    if (cellValues[k] <= MAX_WATCHED_VALUES) grouped.subarray(cellStart[k], cellStart[k + 1]).sort(byFirstUse);
  }
  used.sort((x, y) => cellFirstAt[x] - cellFirstAt[y] || cellFirstQ[x] - cellFirstQ[y]);
  const cells = Int32Array.from(used);
  const cellSlots = new Int32Array(size);
  const cellFirstSlot = new Int32Array(cells.length);
  const cellDistinct = new Int32Array(cells.length);
  let at = 0;
  for (let i = 0; i < cells.length; i++) {
    const k = cells[i];
    cellFirstSlot[i] = at;
    cellDistinct[i] = cellStart[k + 1] - cellStart[k];
    cellSlots.set(grouped.subarray(cellStart[k], cellStart[k + 1]), at);
    at += cellDistinct[i];
  }
  const found: ValueSlots = {
    events,
    slotOf,
    slotCell: cell.slice(0, size),
    slotValue: value.slice(0, size),
    slotCount: count.slice(0, size),
    cells,
    cellSlots,
    cellFirstSlot,
    cellDistinct,
    cellUses,
    visit,
  };
  cache.set(sessions, found);
  return found;
}
