// The contributed commands: which file they act on, the options quick picks,
// and the programmatic route tests use.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { describeLimit, LIMITS, parseNumberText, withinLimit, type LimitName, type NumericLimit } from '../engine/limits';
import type { BadRowPolicy, Boundary, ColumnMapping, SessionType } from '../engine/types';
import type { Settings } from './settings';

export const COMMANDS = {
  scoreFile: 'sessionscope.scoreFile',
  scoreWithOptions: 'sessionscope.scoreWithOptions',
  openSample: 'sessionscope.openSample',
  showOutput: 'sessionscope.showOutput',
  testApi: 'sessionscope._testApi',
} as const;

export const SAMPLE_PATH = ['media', 'sample', 'exchange-admin-sample.csv'] as const;

const LOG_EXTENSIONS = ['csv', 'tsv', 'json', 'jsonl', 'ndjson', 'log', 'txt'];

/**
 * Options of the programmatic route:
 * `executeCommand('sessionscope.scoreFile', uri, options)` resolves with a
 * RunOutcome when the run ends, and never asks the user anything.
 */
export interface ScoreFileOptions {
  mapping?: ColumnMapping;
  sessionType?: SessionType | 'auto';
  window?: number;
  maxSessionMinutes?: number;
  maxGapMinutes?: number;
  boundary?: Boundary;
  useTokens?: boolean;
  geomean?: boolean;
  onBadRow?: BadRowPolicy;
  /** Reveal the most anomalous session's rarest window when done. */
  revealTop?: boolean;
}

const OPTION_KEYS: ReadonlySet<string> = new Set([
  'mapping',
  'sessionType',
  'window',
  'maxSessionMinutes',
  'maxGapMinutes',
  'boundary',
  'useTokens',
  'geomean',
  'onBadRow',
  'revealTop',
]);

/** Menus pass (uri, uris[]) or (uri, {groupId...}); only an object with our keys is a caller's options. */
export function asScoreFileOptions(arg: unknown): ScoreFileOptions | undefined {
  if (typeof arg !== 'object' || arg === null || Array.isArray(arg) || arg instanceof vscode.Uri) return undefined;
  const keys = Object.keys(arg);
  return keys.every((k) => OPTION_KEYS.has(k)) ? (arg as ScoreFileOptions) : undefined;
}

export function applyOptions(settings: Settings, o: ScoreFileOptions): Settings {
  return {
    ...settings,
    sessionize: {
      maxSessionMinutes: o.maxSessionMinutes ?? settings.sessionize.maxSessionMinutes,
      maxGapMinutes: o.maxGapMinutes ?? settings.sessionize.maxGapMinutes,
      boundary: o.boundary ?? settings.sessionize.boundary,
    },
    score: {
      ...settings.score,
      sessionType: o.sessionType ?? settings.score.sessionType,
      window: o.window ?? settings.score.window,
      useTokens: o.useTokens ?? settings.score.useTokens,
      geomean: o.geomean ?? settings.score.geomean,
    },
    onBadRow: o.onBadRow ?? settings.onBadRow,
  };
}

function isLogFile(uri: vscode.Uri): boolean {
  return uri.scheme === 'file' && LOG_EXTENSIONS.includes(path.extname(uri.fsPath).slice(1).toLowerCase());
}

/**
 * The file a command acts on: the resource it was invoked on (context menus),
 * the active editor's file (also a file too large for VS Code to share as a
 * document, through its tab), else a file picker.
 */
export async function resolveTarget(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const editorUri = vscode.window.activeTextEditor?.document.uri;
  if (editorUri && isLogFile(editorUri)) return editorUri;
  const tabInput = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (tabInput instanceof vscode.TabInputText && isLogFile(tabInput.uri)) return tabInput.uri;
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: vscode.l10n.t('Sessionize and Score'),
    title: vscode.l10n.t('Choose an audit log (CSV, JSON or JSON Lines)'),
    filters: { [vscode.l10n.t('Logs')]: ['csv', 'json', 'jsonl', 'ndjson', 'gz'], [vscode.l10n.t('All files')]: ['*'] },
  });
  return picked?.[0];
}

interface Choice<T> extends vscode.QuickPickItem {
  value: T;
}

async function pickOne<T>(title: string, items: Choice<T>[], current: T): Promise<T | undefined> {
  const ordered = [...items.filter((i) => i.value === current), ...items.filter((i) => i.value !== current)];
  const picked = await vscode.window.showQuickPick(ordered, { title, ignoreFocusOut: true });
  return picked?.value;
}

/** Asks for a numeric option; the input box takes what its one definition (engine/limits.ts) allows. */
async function askNumber(title: string, prompt: string, current: number, name: LimitName): Promise<number | undefined> {
  const limit: NumericLimit = LIMITS[name];
  const text = await vscode.window.showInputBox({
    title,
    prompt,
    value: String(current),
    ignoreFocusOut: true,
    validateInput: (v) => (withinLimit(name, parseNumberText(v)) ? undefined : vscode.l10n.t('Enter {0}.', describeLimit(limit))),
  });
  return text === undefined ? undefined : parseNumberText(text);
}

function yesNo(current: boolean): Choice<boolean>[] {
  return [
    { label: vscode.l10n.t('Yes'), value: true, description: current ? vscode.l10n.t('current') : undefined },
    { label: vscode.l10n.t('No'), value: false, description: current ? undefined : vscode.l10n.t('current') },
  ];
}

/** "Score with Options...": the scoring settings, one step at a time, starting from the configuration. */
/** Steps of "Score with Options...": four column steps, then seven settings steps, counted as one walk. */
export const OPTION_STEPS = { columns: 4, settings: 7 } as const;

export async function pickScoreSettings(settings: Settings, stepsBefore = 0): Promise<Settings | undefined> {
  const total = stepsBefore + OPTION_STEPS.settings;
  const t = (name: string, n: number): string => vscode.l10n.t('Sessionscope: {0} ({1}/{2})', name, stepsBefore + n, total);
  const sessionType = await pickOne<SessionType | 'auto'>(
    t(vscode.l10n.t('session type'), 1),
    [
      { label: vscode.l10n.t('Automatic'), detail: vscode.l10n.t('The richest type the data supports.'), value: 'auto' },
      { label: 'cmds_only', detail: vscode.l10n.t('Commands only.'), value: 'cmds_only' },
      { label: 'cmds_params_only', detail: vscode.l10n.t('Commands and the names of their parameters.'), value: 'cmds_params_only' },
      { label: 'cmds_params_values', detail: vscode.l10n.t('Commands, parameter names and modellable values.'), value: 'cmds_params_values' },
    ],
    settings.score.sessionType,
  );
  if (sessionType === undefined) return undefined;
  const window = await askNumber(t(vscode.l10n.t('window'), 2), vscode.l10n.t('Length of the sliding window, in commands.'), settings.score.window, 'window');
  if (window === undefined) return undefined;
  const maxSessionMinutes = await askNumber(
    t(vscode.l10n.t('session length'), 3),
    vscode.l10n.t('Longest a session may last, in minutes.'),
    settings.sessionize.maxSessionMinutes,
    'maxSessionMinutes',
  );
  if (maxSessionMinutes === undefined) return undefined;
  const maxGapMinutes = await askNumber(
    t(vscode.l10n.t('gap'), 4),
    vscode.l10n.t('Longest pause between two events of one session, in minutes.'),
    settings.sessionize.maxGapMinutes,
    'maxGapMinutes',
  );
  if (maxGapMinutes === undefined) return undefined;
  const boundary = await pickOne<Boundary>(
    t(vscode.l10n.t('boundary'), 5),
    [
      { label: vscode.l10n.t('Strict'), detail: vscode.l10n.t('Split when a gap is longer than the limit (msticpy).'), value: 'strict' },
      { label: vscode.l10n.t('Inclusive'), detail: vscode.l10n.t('Split when a gap reaches the limit (Kusto).'), value: 'inclusive' },
    ],
    settings.sessionize.boundary,
  );
  if (boundary === undefined) return undefined;
  const useTokens = await pickOne(t(vscode.l10n.t('start and end tokens'), 6), yesNo(settings.score.useTokens), settings.score.useTokens);
  if (useTokens === undefined) return undefined;
  const geomean = await pickOne(t(vscode.l10n.t('geometric mean'), 7), yesNo(settings.score.geomean), settings.score.geomean);
  if (geomean === undefined) return undefined;
  return {
    ...settings,
    sessionize: { maxSessionMinutes, maxGapMinutes, boundary },
    score: { ...settings.score, sessionType, window, useTokens, geomean },
  };
}
