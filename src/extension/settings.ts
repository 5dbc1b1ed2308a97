// The `sessionscope.*` settings, read and sanitised in one place: each is
// checked by its definition in engine/options.ts (the same as package.json's,
// which a unit test holds to it).

import type * as v from 'valibot';
import * as vscode from 'vscode';
import { OPTIONS, optionProblem, type BadRowPolicy, type Option, type Ranking, type ScoreOptions, type SessionizeOptions } from '../engine/options';
import type { ColumnMapping } from '../engine/types';
import type { RunSettings } from '../run/workerProtocol';

export const SECTION = 'sessionscope';

export interface Settings {
  columns: Partial<ColumnMapping>;
  sessionize: SessionizeOptions;
  score: ScoreOptions;
  onBadRow: BadRowPolicy;
  tableRows: number;
  /** Session order: the rarest window (reference) or rarest window + insights. */
  ranking: Ranking;
  /** Settings their definition does not allow, each replaced by its default: "sessionscope.window: ... ; using 3". */
  problems: string[];
}

/**
 * A setting as its definition allows it; unset, its default; anything else
 * (out of range, a word it does not take, the wrong type), its default and a
 * problem for the output channel.
 */
function setting<O extends Option>(c: vscode.WorkspaceConfiguration, option: O, problems: string[]): v.InferOutput<O['schema']> {
  const fallback = option.default as v.InferOutput<O['schema']>;
  if (option.setting === undefined) throw new TypeError(`${option.label} is not a setting`);
  const value = c.get<unknown>(option.setting);
  if (value === undefined || value === null) return fallback;
  const problem = optionProblem(option, value);
  if (!problem) return value as v.InferOutput<O['schema']>;
  problems.push(`${SECTION}.${option.setting}: ${problem}; using ${String(option.default)}`);
  return fallback;
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
  const problems: string[] = [];
  const timeFormat = setting(c, OPTIONS.timeFormat, problems);
  if (timeFormat !== 'auto') columns.timeFormat = timeFormat;
  return {
    columns,
    sessionize: {
      maxSessionMinutes: setting(c, OPTIONS.maxSessionMinutes, problems),
      maxGapMinutes: setting(c, OPTIONS.maxGapMinutes, problems),
      boundary: setting(c, OPTIONS.boundary, problems),
    },
    score: {
      sessionType: setting(c, OPTIONS.sessionType, problems),
      window: setting(c, OPTIONS.window, problems),
      useTokens: setting(c, OPTIONS.useTokens, problems),
      geomean: setting(c, OPTIONS.geomean, problems),
    },
    onBadRow: setting(c, OPTIONS.onBadRow, problems),
    tableRows: setting(c, OPTIONS.tableRows, problems),
    ranking: setting(c, OPTIONS.ranking, problems),
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
