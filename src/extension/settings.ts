// The `sessionscope.*` settings, read and sanitised in one place.

import * as vscode from 'vscode';
import { LIMITS, limitProblem, type LimitName } from '../engine/limits';
import {
  DEFAULT_SCORE,
  type BadRowPolicy,
  type Boundary,
  type ColumnMapping,
  type ScoreOptions,
  type SessionizeOptions,
  type SessionType,
} from '../engine/types';
import { TIME_FORMATS, type TimeFormat } from '../engine/read/time';
import type { RunSettings } from '../run/workerProtocol';
import type { PanelRanking } from '../protocol';

export const SECTION = 'sessionscope';

export interface Settings {
  columns: Partial<ColumnMapping>;
  sessionize: SessionizeOptions;
  score: ScoreOptions;
  onBadRow: BadRowPolicy;
  tableRows: number;
  /** Session order: the rarest window (reference) or rarest window + insights. */
  ranking: PanelRanking;
  /** Settings out of their limits, each replaced by its default: "sessionscope.window: ... ; using 3". */
  problems: string[];
}

const SESSION_TYPES = new Set<string>(['auto', 'cmds_only', 'cmds_params_only', 'cmds_params_values']);

type SettingLimit = { [K in LimitName]: (typeof LIMITS)[K] extends { setting: string; default: number } ? K : never }[LimitName];

/** A numeric setting within its limits (engine/limits.ts, the same as package.json's), else its default and a problem. */
function limited(c: vscode.WorkspaceConfiguration, name: SettingLimit, problems: string[]): number {
  const limit = LIMITS[name];
  const value = c.get<unknown>(limit.setting);
  if (value === undefined || value === null) return limit.default;
  const problem = limitProblem(name, value);
  if (!problem) return value as number;
  problems.push(`${SECTION}.${limit.setting}: ${problem}; using ${limit.default}`);
  return limit.default;
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
  const problems: string[] = [];
  return {
    columns,
    sessionize: {
      maxSessionMinutes: limited(c, 'maxSessionMinutes', problems),
      maxGapMinutes: limited(c, 'maxGapMinutes', problems),
      boundary: c.get<Boundary>('boundary') === 'inclusive' ? 'inclusive' : 'strict',
    },
    score: {
      sessionType: SESSION_TYPES.has(sessionType) ? (sessionType as SessionType | 'auto') : 'auto',
      window: limited(c, 'window', problems),
      useTokens: c.get<boolean>('useTokens', DEFAULT_SCORE.useTokens) !== false,
      geomean: c.get<boolean>('geomean', DEFAULT_SCORE.geomean) === true,
    },
    onBadRow: c.get<BadRowPolicy>('onBadRow') === 'stop' ? 'stop' : 'skip',
    tableRows: limited(c, 'tableRows', problems),
    ranking: c.get<string>('ranking') === 'insight' ? 'insight' : 'reference',
    problems,
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
    ranking: settings.ranking,
  };
}
