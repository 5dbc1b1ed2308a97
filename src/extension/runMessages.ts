// What a run says to the user: the stage names and how far the notification's
// bar has come, an error in words, and the summary written to the output
// channel when a run ends.

import * as vscode from 'vscode';
import { formatLocation } from '../engine/types';
import { WorkerExitError, WorkerFailure, type WorkerProgress } from '../run/workerClient';
import type { RunReport, RunSettings, WorkerStage } from '../run/workerProtocol';
import { describeMapping } from './columns';
import { MappingError } from './mappingResolver';
import type { Output } from './output';

/** Where each stage after reading starts on the notification's bar. */
const LATER_STAGES: Record<WorkerStage, number> = { read: 0, sessionize: 72, train: 80, score: 86, insights: 90 };

export function stageLabel(stage: WorkerStage): string {
  switch (stage) {
    case 'read':
      return vscode.l10n.t('Reading');
    case 'sessionize':
      return vscode.l10n.t('Sessionizing');
    case 'train':
      return vscode.l10n.t('Training');
    case 'score':
      return vscode.l10n.t('Scoring');
    case 'insights':
      return vscode.l10n.t('Finding insights');
  }
}

/**
 * A worker's progress as the notification and the panel show it. Reading
 * fills the first 70% of the bar (`overall`), the later stages and the
 * panel's drawing the rest; `readPercent` is how much of the file was read.
 * `panelLater`: the panel opens when the read ends (a large log, largeLog.ts),
 * which the reading message says.
 */
export function describeProgress(p: WorkerProgress, panelLater = false): { overall: number; readPercent: number; stage: string; message: string } {
  const readPercent = p.totalBytes > 0 ? Math.min(100, Math.floor((p.bytesRead / p.totalBytes) * 100)) : 0;
  const overall = p.stage === 'read' ? Math.floor(readPercent * 0.7) : LATER_STAGES[p.stage];
  const stage = stageLabel(p.stage);
  const message =
    p.stage !== 'read' ? stage : panelLater ? vscode.l10n.t('{0} ({1}%); the panel opens when the read ends', stage, readPercent) : vscode.l10n.t('{0} ({1}%)', stage, readPercent);
  return { overall, readPercent, stage, message };
}

export function describeError(err: unknown): { message: string; location?: string } {
  if (err instanceof WorkerFailure) {
    const loc = err.detail.location;
    return { message: err.detail.message, location: loc ? formatLocation(loc) : undefined };
  }
  if (err instanceof WorkerExitError) return { message: vscode.l10n.t('the scoring thread stopped unexpectedly (exit code {0}); the file may be too large for the memory available.', err.exitCode) };
  if (err instanceof Error) return { message: err.message };
  return { message: String(err) };
}

/** True when the error's stack says something the user's report needs (not a failure the engine or the resolver described). */
export function hasUsefulStack(err: unknown): err is Error {
  return err instanceof Error && !(err instanceof WorkerFailure) && !(err instanceof MappingError) && err.stack !== undefined && err.stack !== '';
}

/** Skipped rows in the user's language (the worker's samples are not translated). */
export function skippedSamples(report: RunReport): string[] {
  return report.skipped.first.map((r) =>
    r.column === undefined ? vscode.l10n.t('line {0}: {1}', r.line, r.reason) : vscode.l10n.t('line {0}, column {1}: {2}', r.line, r.column, r.reason),
  );
}

/** The run's summary in the output channel. */
export function logRun(out: Output, file: string, report: RunReport, settings: RunSettings): void {
  const r = report.result;
  const s = r.summary;
  const t = report.timings;
  out.info(vscode.l10n.t('Scored {0} ({1}, {2} bytes){3}', file, report.format, report.bytes, report.reusedLog ? vscode.l10n.t(', events reused from the last run') : ''));
  out.info('  ' + vscode.l10n.t('columns: {0}', describeMapping(report.mapping)));
  out.info(
    '  ' +
      vscode.l10n.t(
        'settings: session type {0} (asked: {1}), window {2}, tokens {3}, geometric mean {4}, max session {5} min, max gap {6} min, boundary {7}, bad rows: {8}',
        r.options.sessionType,
        settings.score.sessionType,
        r.options.window,
        onOff(r.options.useTokens),
        onOff(r.options.geomean),
        s.maxSessionMinutes,
        s.maxGapMinutes,
        s.boundary,
        settings.read.onBadRow ?? 'skip',
      ),
  );
  out.info('  ' + vscode.l10n.t('ranking: {0}; insights for every session', r.ranking));
  out.info(
    '  ' +
      vscode.l10n.t(
        '{0} events, {1} sessions ({2} without a window), {3} users, {4} distinct commands',
        s.events,
        s.sessions,
        s.nanSessions,
        s.users,
        s.distinctCommands,
      ),
  );
  if (report.skipped.count > 0) {
    out.warn('  ' + vscode.l10n.t('skipped {0} rows ({1} lines); the first: {2}', report.skipped.count, report.skipped.lines, s.skippedSamples.join('; ')));
    if (s.skipWarning) out.warn('  ' + s.skipWarning);
  }
  out.info(
    '  ' +
      vscode.l10n.t(
        'timings: read {0} ms, sessionize {1} ms, train {2} ms, score {3} ms, total {4} ms',
        ms(t.readMs),
        ms(t.sessionizeMs),
        ms(t.trainMs),
        ms(t.scoreMs),
        ms(t.totalMs),
      ),
  );
}

function onOff(b: boolean): string {
  return b ? vscode.l10n.t('on') : vscode.l10n.t('off');
}

function ms(x: number): string {
  return x.toFixed(0);
}
