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
  /** Slot of each param use q (indexed like events.paramIds); -1 for a use outside every session. */
  slotOf: Int32Array;
  /** Per slot: its (command, param) cell (command * paramNames.length + param), value id (-1 empty) and uses. */
  slotCell: Int32Array;
  slotValue: Int32Array;
  slotCount: Int32Array;
  /** Cells in the order the sessions first use them, each with its slots first..first + distinct - 1 (first seen first). */
  cells: Int32Array;
  cellFirstSlot: Int32Array;
  cellDistinct: Int32Array;
  /** Uses per cell. */
  cellUses: Int32Array;
}

const cache = new WeakMap<SessionTable, ValueSlots>();

/** The slots of the sessions' param uses; undefined when the (command, param) table is too large. */
export function valueSlots(events: EventTable, sessions: SessionTable): ValueSlots | undefined {
  const np = events.paramNames.length;
  const cellCount = events.commandNames.length * np;
  if (cellCount > MAX_SLOT_CELLS) return undefined;
  const known = cache.get(sessions);
  if (known && known.events === events) return known;
  const { commandIds, paramOffsets, paramIds, valueIds } = events;
  const { offsets, eventOrder } = sessions;
  const first = offsets[0];
  const last = offsets[sessions.count];
  // Uses per cell, then each cell's uses gathered in session order (a counting sort).
  const cellUses = new Int32Array(cellCount);
  let uses = 0;
  for (let j = first; j < last; j++) {
    const e = eventOrder[j];
    const row = commandIds[e] * np;
    for (let q = paramOffsets[e]; q < paramOffsets[e + 1]; q++) cellUses[row + paramIds[q]]++;
    uses += paramOffsets[e + 1] - paramOffsets[e];
  }
  const start = new Int32Array(cellCount + 1);
  for (let k = 0; k < cellCount; k++) start[k + 1] = start[k] + cellUses[k];
  const fill = start.slice(0, cellCount);
  const gathered = new Int32Array(uses);
  const cellsInOrder: number[] = [];
  for (let j = first; j < last; j++) {
    const e = eventOrder[j];
    const row = commandIds[e] * np;
    for (let q = paramOffsets[e]; q < paramOffsets[e + 1]; q++) {
      const k = row + paramIds[q];
      if (fill[k] === start[k]) cellsInOrder.push(k);
      gathered[fill[k]++] = q;
    }
  }
  // Values of each cell, first seen first.
  const slotOf = new Int32Array(paramIds.length).fill(-1);
  const slotCell = new Int32Array(uses);
  const slotValue = new Int32Array(uses);
  const slotCount = new Int32Array(uses);
  const cells = Int32Array.from(cellsInOrder);
  const cellFirstSlot = new Int32Array(cells.length);
  const cellDistinct = new Int32Array(cells.length);
  const valueSlot = new Int32Array(events.valueStrings.length + 1);
  const valueStamp = new Int32Array(events.valueStrings.length + 1).fill(-1);
  let slots = 0;
  for (let i = 0; i < cells.length; i++) {
    const k = cells[i];
    cellFirstSlot[i] = slots;
    for (let g = start[k]; g < start[k + 1]; g++) {
      const q = gathered[g];
      const v1 = valueIds[q] + 1;
      let slot: number;
      if (valueStamp[v1] !== i) {
        valueStamp[v1] = i;
        slot = valueSlot[v1] = slots++;
        slotCell[slot] = k;
        slotValue[slot] = v1 - 1;
      } else {
        slot = valueSlot[v1];
      }
      slotOf[q] = slot;
      slotCount[slot]++;
    }
    cellDistinct[i] = slots - cellFirstSlot[i];
  }
  const found: ValueSlots = {
    events,
    slotOf,
    slotCell: slotCell.slice(0, slots),
    slotValue: slotValue.slice(0, slots),
    slotCount: slotCount.slice(0, slots),
    cells,
    cellFirstSlot,
    cellDistinct,
    cellUses,
  };
  cache.set(sessions, found);
  return found;
}
