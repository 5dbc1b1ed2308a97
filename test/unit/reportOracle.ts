// The CLI's CSV rows as they were built from SessionReport objects before the
// output was streamed: the oracle the streamed CSV writers are held to.

import type { SessionInsights } from '../../src/engine/insights/insights';
import type { runInsights } from '../../src/engine/insights/run';
import type { ScoredLog } from '../../src/engine/stages';
import { CHUNK_CHARS, rankedReports, reportJsonBytes, type Row } from '../../src/present/report';

export function oldCsvRows(scored: ScoredLog, top: number, si: ReturnType<typeof runInsights>['insights'] | undefined): Row[] {
  return rankedReports(scored, top, si).map((r) => ({
    rank: r.rank,
    sessionId: r.sessionId,
    ...r.users,
    start: r.start,
    end: r.end,
    eventCount: r.eventCount,
    rarestWindowLikelihood: r.rarestWindowLikelihood,
    sessionLikelihood: r.sessionLikelihood,
    sessionGeomeanLikelihood: r.sessionGeomeanLikelihood,
    rarestWindow: r.rarestWindow.join(' > '),
    rarestWindowFirstLine: r.rarestWindowLines?.[0] ?? null,
    rarestWindowLastLine: r.rarestWindowLines?.[1] ?? null,
    referenceRank: r.referenceRank ?? null,
    insightScore: r.insightScore ?? null,
    topInsight: r.insights?.[0]?.text ?? null,
  }));
}

/** reportJsonBytes as text: chunks of about `chunkChars` bytes (characters, for ASCII text), each whole sessions. */
export function* reportJsonChunks(scored: ScoredLog, settings: Record<string, unknown>, top = Infinity, si?: SessionInsights, chunkChars = CHUNK_CHARS): Generator<string> {
  for (const chunk of reportJsonBytes(scored, settings, top, si, chunkChars)) yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('utf8');
}
