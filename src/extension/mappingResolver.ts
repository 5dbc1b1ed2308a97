// Settles which columns hold the users, the time and the event before a run:
// the caller's mapping, the one remembered for the file, the detector's, or
// the user's choice in quick picks.

import * as vscode from 'vscode';
import type { Detection } from '../engine/stages';
import type { ColumnMapping } from '../engine/types';
import { fitsColumns, isComplete, pickMapping, recallMapping, rememberMapping, suggestedMapping } from './columns';
import type { StartOptions } from './host';
import type { Settings } from './settings';

/** The columns could not be settled without asking. */
export class MappingError extends Error {}

export interface MappingRequest {
  file: string;
  memento: vscode.Memento;
  settings: Settings;
  opts: StartOptions;
  /** Detects the file's columns (in the worker, under a cancellable progress). */
  detect(): Promise<Detection>;
}

/**
 * The caller's mapping, else the one remembered for the file, else the
 * detector's (with the settings' columns over it) when it is sure or the
 * settings name every role, else the user's choice (remembered for the
 * file). Undefined lets the engine read pre-sessionized rows its own way;
 * 'abandoned' means the user left the quick picks. Throws MappingError when
 * it would have to ask but may not.
 */
export async function resolveMapping(req: MappingRequest): Promise<ColumnMapping | undefined | 'abandoned'> {
  const { opts, settings } = req;
  if (opts.mapping) return opts.mapping;
  const detection = await req.detect();
  const remembered = recallMapping(req.memento, req.file);
  const suggested = suggestedMapping(detection, settings.columns);
  if (!opts.pickColumns) {
    if (remembered && fitsColumns(remembered, detection)) return settings.columns.timeFormat ? { ...remembered, timeFormat: settings.columns.timeFormat } : remembered;
    if (detection.preSessionized) return undefined;
    if (isComplete(suggested) && (detection.confident || isComplete(settings.columns))) return suggested;
  }
  if (!opts.interactive) {
    throw new MappingError(vscode.l10n.t('Could not tell which columns hold the users, the time and the event. Run "Score with Options..." to choose them.'));
  }
  const picked = await pickMapping(detection, remembered && fitsColumns(remembered, detection) ? remembered : suggested, opts.columnSteps);
  if (!picked) return 'abandoned';
  await rememberMapping(req.memento, req.file, picked);
  return picked;
}
