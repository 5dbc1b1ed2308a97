// The `sessionscope.*` settings, read and sanitised in one place.

import * as vscode from 'vscode';
import {
  DEFAULT_SCORE,
  DEFAULT_SESSIONIZE,
  type BadRowPolicy,
  type Boundary,
  type ColumnMapping,
  type ScoreOptions,
  type SessionizeOptions,
  type SessionType,
} from '../engine/types';
import { TIME_FORMATS, type TimeFormat } from '../engine/read/time';
import type { RunSettings } from './workerProtocol';

export const SECTION = 'sessionscope';

export interface Settings {
  columns: Partial<ColumnMapping>;
  sessionize: SessionizeOptions;
  score: ScoreOptions;
  onBadRow: BadRowPolicy;
  tableRows: number;
}

const SESSION_TYPES = new Set<string>(['auto', 'cmds_only', 'cmds_params_only', 'cmds_params_values']);

function positive(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fallback;
}

function nonEmpty(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

export function readSettings(scope?: vscode.Uri): Settings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  const users = (c.get<unknown[]>('userColumns') ?? []).map(nonEmpty).filter((u): u is string => u !== undefined);
  const columns: Partial<ColumnMapping> = {};
  if (users.length > 0) columns.users = users;
  const time = nonEmpty(c.get('timeColumn'));
  const event = nonEmpty(c.get('eventColumn'));
  const params = nonEmpty(c.get('paramsColumn'));
  if (time) columns.time = time;
  if (event) columns.event = event;
  if (params) columns.params = params;
  const timeFormat = c.get<string>('timeFormat', 'auto');
  if (timeFormat !== 'auto' && (TIME_FORMATS as readonly string[]).includes(timeFormat)) columns.timeFormat = timeFormat as TimeFormat;

  const sessionType = c.get<string>('sessionType', 'auto');
  const window = Math.round(positive(c.get('window'), DEFAULT_SCORE.window));
  return {
    columns,
    sessionize: {
      maxSessionMinutes: positive(c.get('maxSessionMinutes'), DEFAULT_SESSIONIZE.maxSessionMinutes),
      maxGapMinutes: positive(c.get('maxGapMinutes'), DEFAULT_SESSIONIZE.maxGapMinutes),
      boundary: c.get<Boundary>('boundary') === 'inclusive' ? 'inclusive' : 'strict',
    },
    score: {
      sessionType: SESSION_TYPES.has(sessionType) ? (sessionType as SessionType | 'auto') : 'auto',
      window: Math.min(window, 50),
      useTokens: c.get<boolean>('useTokens', DEFAULT_SCORE.useTokens) !== false,
      geomean: c.get<boolean>('geomean', DEFAULT_SCORE.geomean) === true,
    },
    onBadRow: c.get<BadRowPolicy>('onBadRow') === 'stop' ? 'stop' : 'skip',
    tableRows: Math.round(positive(c.get('tableRows'), 1000)),
  };
}

/** The run settings the configuration asks for, before a mapping is chosen. */
export function runSettingsFrom(settings: Settings, mapping: ColumnMapping | undefined): RunSettings {
  return {
    // An own `params` key, even when undefined, tells the engine "no params column" instead of letting it fill one in.
    mapping: mapping ? { ...mapping, params: mapping.params } : undefined,
    read: { onBadRow: settings.onBadRow },
    sessionize: { ...settings.sessionize },
    score: { ...settings.score },
  };
}
