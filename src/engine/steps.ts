// Why a session is rare: each step's transition and params probability, and
// where each event stands in the file.

import type { ScoredLog } from './stages';
import { eventParams } from './events';
import { endId, probabilities, startId } from './model/model';
import { eventParamsProbability, modelView } from './score';
import { sessionEvents } from './sessionize';

export interface SessionStep {
  /** Index of the event in the EventTable. */
  event: number;
  command: string;
  params: [string, string][];
  /** 1-based first and last line of the event's record. */
  line: number;
  endLine: number;
  /** Epoch milliseconds. */
  time: number;
  transitionProbability: number;
  /** Null for cmds_only. */
  paramsProbability: number | null;
  inRarestWindow: boolean;
}

export function sessionSteps(scored: ScoredLog, sessionId: number): SessionStep[] {
  const { events } = scored.log;
  const evs = sessionEvents(scored.sessions, sessionId);
  const view = modelView(events, scored.model);
  const rows = new Map<number, [number, number][]>();
  const from = scored.scores.rarestWindowStart[sessionId];
  const to = from + scored.scores.rarestWindowLength[sessionId];
  let prev = startId(scored.model);
  return Array.from(evs, (e, i) => {
    const c = view.command[events.commandIds[e]];
    const step: SessionStep = {
      event: e,
      command: events.commandNames[events.commandIds[e]],
      params: eventParams(events, e),
      line: events.startLine[e],
      endLine: events.endLine[e],
      time: events.timeMs[e],
      transitionProbability: view.probs.transition(prev, c),
      paramsProbability: view.withParams ? eventParamsProbability(events, e, view, rows) : null,
      inRarestWindow: from >= 0 && i >= from && i < to,
    };
    prev = c;
    return step;
  });
}

/** Probability of the session ending after its last command. */
export function endProbability(scored: ScoredLog, sessionId: number): number {
  const { events } = scored.log;
  const evs = sessionEvents(scored.sessions, sessionId);
  const last = evs[evs.length - 1];
  const c = scored.model.commandIndex.get(events.commandNames[events.commandIds[last]]) ?? -1;
  return probabilities(scored.model).transition(c, endId(scored.model));
}
