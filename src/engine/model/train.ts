// Counting (ALGORITHM.md section 3): one pass over the sessions' events.

import type { EventTable, SessionTable, SessionType } from '../types';
import { MAX_MODELLABLE_VALUES, modellableParams, type Model } from './model';
import { PairCounter } from './pairs';
import type { StopSignal } from '../stop';

/** Sessions counted between two looks at the abort signal. */
const CHECK_SESSIONS = 1 << 12;

/** `signal`: aborting it stops the count with the signal's reason (events and sessions are only read). */
export function trainModel(events: EventTable, sessions: SessionTable, sessionType: SessionType, modellableOverride?: string[], signal?: StopSignal): Model {
  signal?.throwIfAborted();
  const commands = events.commandNames.slice();
  const n = commands.length;
  const start = n;
  const end = n + 1;
  const withParams = sessionType !== 'cmds_only' && events.hasParams;
  const withValues = sessionType === 'cmds_params_values' && events.hasParams;
  const params = withParams ? events.paramNames.slice() : [];
  const m: Model = {
    sessionType,
    commands,
    commandIndex: new Map(commands.map((c, i) => [c, i])),
    commandCount: new Float64Array(n),
    sessionCount: sessions.count,
    transitions: new PairCounter(0, 1).build(),
    params,
    paramIndex: new Map(params.map((p, i) => [p, i])),
    paramCount: new Float64Array(params.length),
    commandParams: new PairCounter(0, 1).build(),
    paramValues: params.map(() => new Map<string, number>()),
    paramValueSum: new Float64Array(params.length),
    modellable: new Set(),
  };
  const { commandIds, paramOffsets, paramIds, valueIds, valueStrings } = events;
  // Values are counted by id, per param, only while a param could still be modellable
  // (at most 20 distinct values) or was named modellable; the rest are never looked up.
  const forced = new Set((modellableOverride ?? []).map((p) => m.paramIndex.get(p)).filter((p): p is number => p !== undefined));
  const valueCounts: (Map<number, number> | null)[] = params.map(() => new Map());
  const valueSum = new Float64Array(params.length);
  const { offsets, eventOrder } = sessions;
  const transitions = new PairCounter(n + 1, n + 2);
  const commandParams = new PairCounter(n, params.length);
  for (let s = 0; s < sessions.count; s++) {
    if ((s & (CHECK_SESSIONS - 1)) === 0) signal?.throwIfAborted();
    let prev = start;
    for (let j = offsets[s]; j < offsets[s + 1]; j++) {
      const e = eventOrder[j];
      const c = commandIds[e];
      m.commandCount[c]++;
      transitions.add(prev, c);
      prev = c;
      if (!withParams) continue;
      for (let q = paramOffsets[e]; q < paramOffsets[e + 1]; q++) {
        const p = paramIds[q];
        m.paramCount[p]++;
        commandParams.add(c, p);
        const v = valueIds[q];
        const counts = valueCounts[p];
        if (!withValues || v < 0 || counts === null) continue;
        counts.set(v, (counts.get(v) ?? 0) + 1);
        valueSum[p]++;
        if (counts.size > MAX_MODELLABLE_VALUES && !forced.has(p)) valueCounts[p] = null;
      }
    }
    transitions.add(prev, end);
  }
  m.transitions = transitions.build();
  m.commandParams = commandParams.build();
  if (withValues) {
    const distinct = (p: number) => valueCounts[p]?.size ?? Infinity;
    m.modellable = modellableOverride ? forced : modellableParams(m.paramCount, distinct);
    for (const p of m.modellable) {
      for (const [v, k] of valueCounts[p]!) m.paramValues[p].set(valueStrings[v], k);
      m.paramValueSum[p] = valueSum[p];
    }
  }
  return m;
}
