// Counting (ALGORITHM.md section 3): one pass over the sessions' events.

import type { EventTable, SessionTable, SessionType } from '../types';
import { modellableParams, type Model } from './model';
import { PairCounter } from './pairs';

export function trainModel(events: EventTable, sessions: SessionTable, sessionType: SessionType, modellableOverride?: string[]): Model {
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
  // Values are counted by id; only the modellable params' counts become strings at the end.
  const paramValues = new PairCounter(params.length, valueStrings.length);
  const { offsets, eventOrder } = sessions;
  const transitions = new PairCounter(n + 1, n + 2);
  const commandParams = new PairCounter(n, params.length);
  for (let s = 0; s < sessions.count; s++) {
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
        if (withValues && v >= 0) paramValues.add(p, v);
      }
    }
    transitions.add(prev, end);
  }
  m.transitions = transitions.build();
  m.commandParams = commandParams.build();
  if (withValues) {
    const values = paramValues.build();
    const distinct = (p: number) => values.rowStart[p + 1] - values.rowStart[p];
    m.modellable = modellableOverride
      ? new Set(modellableOverride.map((p) => m.paramIndex.get(p)).filter((p): p is number => p !== undefined))
      : modellableParams(m.paramCount, distinct);
    // Only modellable params' values are ever looked up (ALGORITHM.md section 5).
    for (const p of m.modellable) {
      for (let i = values.rowStart[p]; i < values.rowStart[p + 1]; i++) m.paramValues[p].set(valueStrings[values.cols[i]], values.counts[i]);
      m.paramValueSum[p] = values.rowSum[p];
    }
  }
  return m;
}
