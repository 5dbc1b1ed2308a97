// Counting (ALGORITHM.md section 3): one pass over the sessions' events.

import type { EventTable, SessionTable, SessionType } from '../types';
import { modellableParams, type Model } from './model';

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
    transitions: Array.from({ length: n + 1 }, () => new Map<number, number>()),
    transitionRowSum: new Float64Array(n + 1),
    params,
    paramIndex: new Map(params.map((p, i) => [p, i])),
    paramCount: new Float64Array(params.length),
    commandParams: Array.from({ length: n }, () => new Map<number, number>()),
    paramValues: params.map(() => new Map<string, number>()),
    paramValueSum: new Float64Array(params.length),
    modellable: new Set(),
  };
  const { commandIds, paramOffsets, paramIds, valueIds, valueStrings } = events;
  const { offsets, eventOrder } = sessions;
  const t = m.transitions;
  for (let s = 0; s < sessions.count; s++) {
    let prev = start;
    for (let j = offsets[s]; j < offsets[s + 1]; j++) {
      const e = eventOrder[j];
      const c = commandIds[e];
      m.commandCount[c]++;
      const row = t[prev];
      row.set(c, (row.get(c) ?? 0) + 1);
      m.transitionRowSum[prev]++;
      prev = c;
      if (!withParams) continue;
      const params = m.commandParams[c];
      for (let q = paramOffsets[e]; q < paramOffsets[e + 1]; q++) {
        const p = paramIds[q];
        m.paramCount[p]++;
        params.set(p, (params.get(p) ?? 0) + 1);
        const v = valueIds[q];
        if (withValues && v >= 0) {
          const vals = m.paramValues[p];
          const text = valueStrings[v];
          vals.set(text, (vals.get(text) ?? 0) + 1);
          m.paramValueSum[p]++;
        }
      }
    }
    t[prev].set(end, (t[prev].get(end) ?? 0) + 1);
    m.transitionRowSum[prev]++;
  }
  if (withValues) {
    m.modellable = modellableOverride
      ? new Set(modellableOverride.map((p) => m.paramIndex.get(p)).filter((p): p is number => p !== undefined))
      : modellableParams(m);
  }
  return m;
}
