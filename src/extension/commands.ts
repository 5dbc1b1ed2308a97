// The contributed commands: which file they act on, the options quick picks,
// and the programmatic route tests use.

import * as path from 'node:path';
import * as vscode from 'vscode';
import * as v from 'valibot';
import { LOG_FILE_EXTENSIONS } from '../engine/logFiles';
import { describeLimit, parseNumberText, type LimitSchema, type NumericLimit } from '../engine/limits';
import { OPTIONS, type Choice } from '../engine/options';
import type { ColumnMapping } from '../engine/types';
import type { Settings } from './settings';

export const COMMANDS = {
  scoreFile: 'sessionscope.scoreFile',
  scoreWithOptions: 'sessionscope.scoreWithOptions',
  openSample: 'sessionscope.openSample',
  showOutput: 'sessionscope.showOutput',
  testApi: 'sessionscope._testApi',
} as const;

export const SAMPLE_PATH = ['media', 'sample', 'exchange-admin-sample.csv'] as const;


/**
 * Options of the programmatic route:
 * `executeCommand('sessionscope.scoreFile', uri, options)` resolves with a
 * RunOutcome when the run ends, and never asks the user anything. Every
 * option is one of engine/options.ts, checked by its schema when the run
 * starts, like the settings' and the quick picks' values.
 */
const ScoreFileOptionsSchema = v.partial(
  v.object({
    mapping: v.custom<ColumnMapping>((m) => typeof m === 'object' && m !== null),
    sessionType: OPTIONS.sessionType.schema,
    window: OPTIONS.window.schema,
    maxSessionMinutes: OPTIONS.maxSessionMinutes.schema,
    maxGapMinutes: OPTIONS.maxGapMinutes.schema,
    boundary: OPTIONS.boundary.schema,
    useTokens: OPTIONS.useTokens.schema,
    geomean: OPTIONS.geomean.schema,
    onBadRow: OPTIONS.onBadRow.schema,
    /** Reveal the most anomalous session's rarest window when done. */
    revealTop: v.boolean(),
  }),
);
export type ScoreFileOptions = v.InferOutput<typeof ScoreFileOptionsSchema>;

const OPTION_KEYS: ReadonlySet<string> = new Set(Object.keys(ScoreFileOptionsSchema.entries));

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
  return uri.scheme === 'file' && (LOG_FILE_EXTENSIONS as readonly string[]).includes(path.extname(uri.fsPath).slice(1).toLowerCase());
}

/** The active editor's file, or the active tab's (a file too large for VS Code to share as a document), when it may be a log. */
export function activeLogFile(): vscode.Uri | undefined {
  const editorUri = vscode.window.activeTextEditor?.document.uri;
  if (editorUri && isLogFile(editorUri)) return editorUri;
  const tabInput = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (tabInput instanceof vscode.TabInputText && isLogFile(tabInput.uri)) return tabInput.uri;
  return undefined;
}

/**
 * The file a command acts on: the resource it was invoked on (context menus),
 * the active editor's file (also a file too large for VS Code to share as a
 * document, through its tab), else a file picker.
 */
export async function resolveTarget(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const active = activeLogFile();
  if (active) return active;
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: vscode.l10n.t('Sessionize and Score'),
    title: vscode.l10n.t('Choose a log (CSV, JSON, JSON Lines, key=value, CEF or Windows event XML)'),
    filters: { [vscode.l10n.t('Logs')]: [...LOG_FILE_EXTENSIONS, 'gz'], [vscode.l10n.t('All files')]: ['*'] },
  });
  return picked?.[0];
}

interface Item<T> extends vscode.QuickPickItem {
  value: T;
}

async function pickOne<T>(title: string, items: Item<T>[], current: T): Promise<T | undefined> {
  const ordered = [...items.filter((i) => i.value === current), ...items.filter((i) => i.value !== current)];
  const picked = await vscode.window.showQuickPick(ordered, { title, ignoreFocusOut: true });
  return picked?.value;
}

/** The words an option takes, as its definition labels and describes them (engine/options.ts). */
function choiceItems<T extends string>(option: { values: readonly T[]; choices: Record<T, Choice> }): Item<T>[] {
  return option.values.map((value) => {
    const choice: Choice = option.choices[value];
    return { label: vscode.l10n.t(choice.label), description: value, detail: vscode.l10n.t(choice.description), value };
  });
}

/** Asks for a numeric option; the input box takes what its one definition (engine/limits.ts) allows. */
async function askNumber(title: string, prompt: string, current: number, option: NumericLimit & { schema: LimitSchema }): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title,
    prompt,
    value: String(current),
    ignoreFocusOut: true,
    validateInput: (typed) => (v.is(option.schema, parseNumberText(typed)) ? undefined : vscode.l10n.t('Enter {0}.', describeLimit(option))),
  });
  return text === undefined ? undefined : parseNumberText(text);
}

function yesNo(current: boolean): Item<boolean>[] {
  return [
    { label: vscode.l10n.t('Yes'), value: true, description: current ? vscode.l10n.t('current') : undefined },
    { label: vscode.l10n.t('No'), value: false, description: current ? undefined : vscode.l10n.t('current') },
  ];
}

/** The settings "Score with Options..." asks for, in order, with each step's title (and an input box's prompt). */
const STEP_TEXT = {
  sessionType: { title: () => vscode.l10n.t('session type') },
  window: { title: () => vscode.l10n.t('window'), prompt: () => vscode.l10n.t('Length of the sliding window, in commands.') },
  maxSessionMinutes: { title: () => vscode.l10n.t('session length'), prompt: () => vscode.l10n.t('Longest a session may last, in minutes.') },
  maxGapMinutes: { title: () => vscode.l10n.t('gap'), prompt: () => vscode.l10n.t('Longest pause between two events of one session, in minutes.') },
  boundary: { title: () => vscode.l10n.t('boundary') },
  useTokens: { title: () => vscode.l10n.t('start and end tokens') },
  geomean: { title: () => vscode.l10n.t('geometric mean') },
} satisfies Partial<Record<keyof typeof OPTIONS, { title: () => string; prompt?: () => string }>>;
type Step = keyof typeof STEP_TEXT;
const SETTINGS_STEPS = Object.keys(STEP_TEXT) as Step[];
type StepValues = { [K in Step]: v.InferOutput<(typeof OPTIONS)[K]['schema']> };

/** Steps of "Score with Options...": four column steps, then the settings steps, counted as one walk. */
export const OPTION_STEPS = { columns: 4, settings: SETTINGS_STEPS.length } as const;

/** One step: a quick pick of an option's words or yes/no, or an input box for a number. */
async function askStep<K extends Step>(step: K, title: string, current: StepValues[K]): Promise<StepValues[K] | undefined> {
  const option = OPTIONS[step];
  switch (option.kind) {
    case 'choice':
      return pickOne(title, choiceItems<string>(option), current as string) as Promise<StepValues[K] | undefined>;
    case 'number':
      return askNumber(title, (STEP_TEXT[step] as { prompt: () => string }).prompt(), current as number, option) as Promise<StepValues[K] | undefined>;
    case 'flag':
      return pickOne(title, yesNo(current as boolean), current as boolean) as Promise<StepValues[K] | undefined>;
  }
}

/** "Score with Options...": the scoring settings, one step at a time, starting from the configuration. */
export async function pickScoreSettings(settings: Settings, stepsBefore = 0): Promise<Settings | undefined> {
  const total = stepsBefore + OPTION_STEPS.settings;
  const values: StepValues = {
    sessionType: settings.score.sessionType,
    window: settings.score.window,
    maxSessionMinutes: settings.sessionize.maxSessionMinutes,
    maxGapMinutes: settings.sessionize.maxGapMinutes,
    boundary: settings.sessionize.boundary,
    useTokens: settings.score.useTokens,
    geomean: settings.score.geomean,
  };
  for (const [i, step] of SETTINGS_STEPS.entries()) {
    const title = vscode.l10n.t('Sessionscope: {0} ({1}/{2})', STEP_TEXT[step].title(), stepsBefore + i + 1, total);
    const value = await askStep(step, title, values[step]);
    if (value === undefined) return undefined;
    (values as Record<Step, unknown>)[step] = value;
  }
  const { sessionType, window, maxSessionMinutes, maxGapMinutes, boundary, useTokens, geomean } = values;
  return {
    ...settings,
    sessionize: { maxSessionMinutes, maxGapMinutes, boundary },
    score: { ...settings.score, sessionType, window, useTokens, geomean },
  };
}
