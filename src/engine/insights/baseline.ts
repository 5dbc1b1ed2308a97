// What the insights compare a session with: per-actor and tenant-wide counts
// of commands, transitions, params and values, built in linear passes over the
// sessions. Kept by name (not by the event table's ids) so a baseline saved
// with a model (--model-out) can judge another file (--model-in).

import type { EventTable, SessionTable } from '../types';
import { PairTable, valueStats, type ValueStats } from './counts';
import { MAX_SLOT_CELLS, MAX_WATCHED_VALUES, valueSlots, type ValueSlots } from './slots';

export type { ValueStats } from './counts';
// The model-file section (--model-out / --model-in) is in baselineFile.ts.
export { BaselineError, baselineFromJson, baselineToJson } from './baselineFile';

export { MAX_WATCHED_VALUES } from './slots';

export interface InsightBaseline {
  /** The user columns that name an actor (all of them, or the one chosen). */
  actorColumns: string[];
  /** Each actor's values of actorColumns, as JSON text of a string-or-null array. */
  actors: string[];
  actorIndex: Map<string, number>;
  actorSessions: Float64Array;
  actorEvents: Float64Array;
  commands: string[];
  commandIndex: Map<string, number>;
  /** Events per command. */
  commandCount: Float64Array;
  /** Sessions of the actor (row) that ran the command (column) at least once; `colDistinct` = actors per command. */
  actorCommand: PairTable;
  /** Command -> next command within a session (no start or end tokens). */
  transitions: PairTable;
  params: string[];
  paramIndex: Map<string, number>;
  /** Uses of each param (with an empty value or not). */
  paramCount: Float64Array;
  /** (command, param) uses. */
  commandParam: PairTable;
  /** Values per (command, param) use, keyed command * params.length + param; absent when never used. */
  values: Map<number, ValueStats>;
  sessions: number;
  /** Time span of the events counted (epoch ms). */
  firstMs: number;
  lastMs: number;
  /**
   * True when the baseline counts the very sessions being judged (built from
   * the scored file): each session's own events are then taken out of the
   * counts before comparing ("leave one out"). False for a loaded baseline.
   */
  includesScored: boolean;
}

/**
 * Indices of the actor columns among the events' user columns (undefined: all
 * of them; []: none, one actor for the whole file); throws on a name that is
 * not one of them.
 */
export function actorColumnIndices(events: EventTable, actorColumns: string[] | undefined): number[] {
  if (!actorColumns) return events.userColumns.map((_, i) => i);
  return actorColumns.map((c) => {
    const i = events.userColumns.indexOf(c);
    if (i < 0) throw new RangeError(`the actor column ${JSON.stringify(c)} is not one of the user columns (${events.userColumns.join(', ')})`);
    return i;
  });
}

/** Actor name of event e: JSON of its actor columns' values (null for missing). */
export function actorName(events: EventTable, columns: number[], e: number): string {
  return JSON.stringify(columns.map((u) => {
    const id = events.userIds[u][e];
    return id < 0 ? null : events.userValues[u][id];
  }));
}

/**
 * The actor of each session, as an id among `names` (first seen first).
 * Sessions never mix users, so a session's first event names it.
 */
export function sessionActors(events: EventTable, sessions: SessionTable, columns: number[]): { actor: Int32Array; names: string[] } {
  // The baseline and the insight context both ask: worked out once per session table and columns.
  const key = columns.join(',');
  const known = actorCache.get(sessions);
  if (known && known.events === events && known.key === key) return { actor: known.actor, names: known.names.slice() };
  const actor = new Int32Array(sessions.count);
  const names: string[] = [];
  // Numeric tuple keys (mixed radix over the columns' value counts), so names are built once per actor.
  const radix = columns.map((u) => events.userValues[u].length + 1);
  const numeric = radix.reduce((a, b) => a * b, 1) < Number.MAX_SAFE_INTEGER;
  const ids = new Map<number | string, number>();
  for (let s = 0; s < sessions.count; s++) {
    const e = sessions.eventOrder[sessions.offsets[s]];
    let key: number | string;
    if (numeric) {
      key = 0;
      for (let k = 0; k < columns.length; k++) key = key * radix[k] + events.userIds[columns[k]][e] + 1;
    } else {
      key = columns.map((u) => events.userIds[u][e]).join(',');
    }
    let id = ids.get(key);
    if (id === undefined) {
      id = names.length;
      ids.set(key, id);
      names.push(actorName(events, columns, e));
    }
    actor[s] = id;
  }
  actorCache.set(sessions, { events, key, actor, names: names.slice() });
  return { actor, names };
}

const actorCache = new WeakMap<SessionTable, { events: EventTable; key: string; actor: Int32Array; names: string[] }>();

/** Counts every session of the file (linear: the per-event counts in one pass, the param values by slot, slots.ts). */
export function buildBaseline(events: EventTable, sessions: SessionTable, actorColumns?: string[]): InsightBaseline {
  const columns = actorColumnIndices(events, actorColumns);
  const { actor, names } = sessionActors(events, sessions, columns);
  const nc = events.commandNames.length;
  const np = events.paramNames.length;
  const b: InsightBaseline = {
    actorColumns: columns.map((u) => events.userColumns[u]),
    actors: names,
    actorIndex: new Map(names.map((n, i) => [n, i])),
    actorSessions: new Float64Array(names.length),
    actorEvents: new Float64Array(names.length),
    commands: events.commandNames.slice(),
    commandIndex: new Map(events.commandNames.map((c, i) => [c, i])),
    commandCount: new Float64Array(nc),
    actorCommand: new PairTable(names.length, nc),
    transitions: new PairTable(nc, nc),
    params: events.paramNames.slice(),
    paramIndex: new Map(events.paramNames.map((p, i) => [p, i])),
    paramCount: new Float64Array(np),
    commandParam: new PairTable(nc, np),
    values: new Map(),
    sessions: sessions.count,
    firstMs: Infinity,
    lastMs: -Infinity,
    includesScored: true,
  };
  const slots = valueSlots(events, sessions);
  if (slots) countBySlots(b, events, sessions, actor, slots);
  else countByMaps(b, events, sessions, actor);
  if (b.firstMs > b.lastMs) b.firstMs = b.lastMs = 0;
  return b;
}

/** Counts by Maps, for tables with too many (command, param) cells for the slots (the reference for countBySlots). */
function countByMaps(b: InsightBaseline, events: EventTable, sessions: SessionTable, actor: Int32Array): void {
  const nc = events.commandNames.length;
  const np = events.paramNames.length;
  // Values by id while counting (-1 = empty), per (command, param); dropped once it has too many.
  const valueCounts = new Map<number, Map<number, number> | null>();
  const stamp = new Int32Array(nc).fill(-1);
  const { offsets, eventOrder } = sessions;
  const { commandIds, paramOffsets, paramIds, valueIds, timeMs } = events;
  for (let s = 0; s < sessions.count; s++) {
    const a = actor[s];
    b.actorSessions[a]++;
    b.actorEvents[a] += offsets[s + 1] - offsets[s];
    let prev = -1;
    for (let j = offsets[s]; j < offsets[s + 1]; j++) {
      const e = eventOrder[j];
      const c = commandIds[e];
      b.commandCount[c]++;
      if (stamp[c] !== s) {
        stamp[c] = s;
        b.actorCommand.add(a, c);
      }
      if (prev >= 0) b.transitions.add(prev, c);
      prev = c;
      const t = timeMs[e];
      if (t < b.firstMs) b.firstMs = t;
      if (t > b.lastMs) b.lastMs = t;
      for (let q = paramOffsets[e]; q < paramOffsets[e + 1]; q++) {
        const p = paramIds[q];
        b.paramCount[p]++;
        b.commandParam.add(c, p);
        const key = c * np + p;
        let counts = valueCounts.get(key);
        if (counts === undefined) {
          counts = new Map();
          valueCounts.set(key, counts);
        }
        if (counts === null) continue;
        const v = valueIds[q];
        counts.set(v, (counts.get(v) ?? 0) + 1);
        if (counts.size > MAX_WATCHED_VALUES) valueCounts.set(key, null);
      }
    }
  }
  for (const [key, counts] of valueCounts) {
    let byName: Map<string, number> | null = null;
    if (counts !== null) {
      byName = new Map();
      for (const [v, k] of counts) byName.set(v < 0 ? '' : events.valueStrings[v], k);
    }
    b.values.set(key, valueStats(byName));
  }
}

/**
 * The same counts as countByMaps from the slots: per-event counts in one
 * pass, param and value counts per (command, param) cell and per slot.
 */
function countBySlots(b: InsightBaseline, events: EventTable, sessions: SessionTable, actor: Int32Array, slots: ValueSlots): void {
  const nc = events.commandNames.length;
  const np = events.paramNames.length;
  const stamp = new Int32Array(nc).fill(-1);
  const { offsets, eventOrder } = sessions;
  const { commandIds, timeMs } = events;
  const { commandCount, actorCommand, transitions } = b;
  const denseSteps = nc * nc <= MAX_SLOT_CELLS;
  const steps = denseSteps ? new Int32Array(nc * nc) : undefined;
  let firstMs = b.firstMs;
  let lastMs = b.lastMs;
  // In the table's order (slots.visit), not the sessions': the counts do not depend on it.
  for (let i = 0; i < slots.visit.length; i++) {
    const s = slots.visit[i];
    const a = actor[s];
    const from = offsets[s];
    const to = offsets[s + 1];
    b.actorSessions[a]++;
    b.actorEvents[a] += to - from;
    let prev = -1;
    for (let j = from; j < to; j++) {
      const e = eventOrder[j];
      const c = commandIds[e];
      commandCount[c]++;
      if (stamp[c] !== s) {
        stamp[c] = s;
        actorCommand.add(a, c);
      }
      if (prev >= 0) {
        if (steps) steps[prev * nc + c]++;
        else transitions.add(prev, c);
      }
      prev = c;
      const t = timeMs[e];
      if (t < firstMs) firstMs = t;
      if (t > lastMs) lastMs = t;
    }
  }
  b.firstMs = firstMs;
  b.lastMs = lastMs;
  if (steps) for (let k = 0; k < steps.length; k++) if (steps[k] > 0) transitions.add(Math.floor(k / nc), k % nc, steps[k]);
  const { cellUses, cells, cellSlots, cellFirstSlot, cellDistinct, slotValue, slotCount } = slots;
  for (let k = 0; k < cellUses.length; k++) {
    const uses = cellUses[k];
    if (uses === 0) continue;
    const p = k % np;
    b.paramCount[p] += uses;
    b.commandParam.add((k - p) / np, p, uses);
  }
  for (let i = 0; i < cells.length; i++) {
    let byName: Map<string, number> | null = null;
    if (cellDistinct[i] <= MAX_WATCHED_VALUES) {
      byName = new Map();
      for (let x = cellFirstSlot[i]; x < cellFirstSlot[i] + cellDistinct[i]; x++) {
        const slot = cellSlots[x];
        const v = slotValue[slot];
        byName.set(v < 0 ? '' : events.valueStrings[v], slotCount[slot]);
      }
    }
    b.values.set(cells[i], valueStats(byName));
  }
}

/**
 * The baseline with actors named by some of its actor columns (a file scored
 * with a saved model may have fewer user columns): the counts of the actors
 * that merge add up, exactly, since every session belongs to one actor.
 */
export function projectActors(b: InsightBaseline, columns: string[]): InsightBaseline {
  const keep = columns.map((c) => {
    const k = b.actorColumns.indexOf(c);
    if (k < 0) throw new RangeError(`the model's baseline names actors by ${b.actorColumns.join(', ')}, not ${c}; train again with --actor`);
    return k;
  });
  const actors: string[] = [];
  const actorIndex = new Map<string, number>();
  const remap = Int32Array.from(b.actors, (name) => {
    const values = JSON.parse(name) as (string | null)[];
    const projected = JSON.stringify(keep.map((k) => values[k] ?? null));
    let id = actorIndex.get(projected);
    if (id === undefined) {
      id = actors.length;
      actorIndex.set(projected, id);
      actors.push(projected);
    }
    return id;
  });
  const actorSessions = new Float64Array(actors.length);
  const actorEvents = new Float64Array(actors.length);
  remap.forEach((to, a) => {
    actorSessions[to] += b.actorSessions[a];
    actorEvents[to] += b.actorEvents[a];
  });
  const actorCommand = new PairTable(actors.length, b.commands.length);
  for (const [a, c, k] of b.actorCommand.entries()) actorCommand.add(remap[a], c, k);
  return { ...b, actorColumns: columns, actors, actorIndex, actorSessions, actorEvents, actorCommand };
}
