// Which columns hold the users, the time, the event and its params: from an
// explicit request, the choice remembered for the file, the settings, the
// detector, or the user through quick picks that show sample values.

import * as vscode from 'vscode';
import type { ColumnGuess, Detection, Doubt } from '../engine/stages';
import type { ColumnMapping } from '../engine/types';
import { joinedTime } from '../engine/joinedTime';
import { DIRECTIVE_DATE } from '../engine/read/directiveLogs';
import { userPartSpecs, userParts } from '../engine/userColumns';

const MEMORY_PREFIX = 'sessionscope.mapping:';
const SAMPLE_TEXT_MAX = 80;

export function isComplete(m: Partial<ColumnMapping> | undefined): m is ColumnMapping {
  return !!m && typeof m.time === 'string' && typeof m.event === 'string' && Array.isArray(m.users) && m.users.length > 0;
}

export function recallMapping(memento: vscode.Memento, file: string): ColumnMapping | undefined {
  const m = memento.get<ColumnMapping>(MEMORY_PREFIX + file);
  return isComplete(m) ? m : undefined;
}

export function rememberMapping(memento: vscode.Memento, file: string, mapping: ColumnMapping): Thenable<void> {
  return memento.update(MEMORY_PREFIX + file, mapping);
}

/** A mapping is only usable if the file has every column it names. */
export function fitsColumns(mapping: ColumnMapping, detection: Detection): boolean {
  const have = new Set(detection.columns);
  const time = joinedTime(mapping.time, (c) => have.has(c)) ?? [mapping.time];
  const named = [...time, mapping.event, ...(mapping.params ? [mapping.params] : [])];
  // A user entry is a column, or columns joined by | (a coalesced user column), each of the file.
  return named.every((c) => have.has(c)) && mapping.users.every((u) => have.has(u) || userParts(u).every((c) => have.has(c)));
}

/** A coalesced user entry (a|b) of the file's columns, not itself one column; undefined otherwise. */
function coalescedParts(entry: string, detection: Detection): string[] | undefined {
  if (detection.columns.includes(entry)) return undefined;
  const parts = userParts(entry);
  return parts.length > 1 && parts.every((c) => detection.columns.includes(c)) ? parts : undefined;
}

/** What a coalesced entry reads, for its quick-pick item: each part in turn, with the events a part keeps to. */
function coalescedDetail(entry: string): string {
  const [first, ...rest] = userPartSpecs(entry).map((p) => (p.events ? vscode.l10n.t('{0} on events {1}', p.column, p.events.join(', ')) : p.column));
  return vscode.l10n.t('{0} where it names someone, else {1} (one column read from several)', first, rest.join(', else '));
}

/** The detector's mapping with every column the settings name put over it. */
export function suggestedMapping(detection: Detection, fromSettings: Partial<ColumnMapping>): Partial<ColumnMapping> {
  return { ...detection.mapping, ...fromSettings };
}

function sampleText(detection: Detection, column: string): string {
  const text = (detection.samples[column] ?? []).map((v) => v.replace(/\s+/g, ' ')).join(' · ');
  return text.length > SAMPLE_TEXT_MAX ? text.slice(0, SAMPLE_TEXT_MAX - 1) + '…' : text;
}

interface ColumnItem extends vscode.QuickPickItem {
  column?: string;
}

/** Columns as quick-pick items: guessed ones first (best first), then the rest in file order. */
function columnItems(detection: Detection, guesses: ColumnGuess[], exclude: Set<string>, suggested: string[]): ColumnItem[] {
  const order = [...guesses.map((g) => g.column), ...detection.columns].filter((c, i, all) => all.indexOf(c) === i);
  const byColumn = new Map(guesses.map((g) => [g.column, g]));
  return order
    .filter((c) => !exclude.has(c) && detection.columns.includes(c))
    .map((column) => {
      const guess = byColumn.get(column);
      return {
        label: column,
        column,
        description: suggested.includes(column) ? vscode.l10n.t('suggested') : undefined,
        detail: [sampleText(detection, column), guess?.evidence.join('; ')].filter((t) => t).join(' — '),
        picked: suggested.includes(column),
      };
    });
}

function step(title: string, n: number, total: number): string {
  return vscode.l10n.t('Sessionscope: {0} ({1}/{2})', title, n, total);
}

/** Suggested item first so Enter accepts it. */
function suggestedFirst(items: ColumnItem[]): ColumnItem[] {
  return [...items.filter((i) => i.picked), ...items.filter((i) => !i.picked)].map((i) => ({ ...i, picked: false }));
}

/** The question of a step, with what detection doubts about that role in front (so the user sees why they are asked). */
function question(detection: Detection, roles: Doubt['role'][], text: string): string {
  const about = (detection.doubts ?? []).filter((d) => roles.includes(d.role));
  const doubts = about.filter((d) => !d.note).map((d) => d.text);
  // A note is about the data, not the choice (a zone read as UTC): said as such.
  const notes = about.filter((d) => d.note).map((d) => d.text);
  const said = doubts.length ? vscode.l10n.t('Unsure: {0}. {1}', doubts.join('; '), text) : text;
  return notes.length ? vscode.l10n.t('{0} (Note: {1})', said, notes.join('; ')) : said;
}

/** Asks for the four roles in turn. Undefined when the user gives up. */
export async function pickMapping(
  detection: Detection,
  suggested: Partial<ColumnMapping>,
  /** Where these four steps sit in a longer walk (Score with Options asks the settings after them). */
  steps: { first: number; total: number } = { first: 1, total: 4 },
): Promise<ColumnMapping | undefined> {
  const total = steps.total;
  const at = (n: number): number => steps.first + n - 1;
  const timeItems = columnItems(detection, detection.guesses.time, new Set(), suggested.time ? [suggested.time] : []);
  // A date column and a time-of-day column detection reads as one (date+time, or a W3C log's #Date+time): offered first, as one choice.
  const joined = suggested.time ? joinedTime(suggested.time, (c) => detection.columns.includes(c)) : undefined;
  if (joined && suggested.time) {
    timeItems.unshift({
      label: suggested.time,
      column: suggested.time,
      description: vscode.l10n.t('suggested'),
      detail:
        joined[0] === DIRECTIVE_DATE
          ? vscode.l10n.t('the date of the #Date: directive before each record and {0} (the time of day), read as one time', joined[1])
          : vscode.l10n.t('{0} (the date) and {1} (the time of day), read as one time', joined[0], joined[1]),
      picked: true,
    });
  }
  const time = await vscode.window.showQuickPick(
    suggestedFirst(timeItems),
    {
      title: step(vscode.l10n.t('time column'), at(1), total),
      // The first step also says which table of a query result is read (a file with several).
      placeHolder: question(detection, ['table', 'time', 'timeFormat'], vscode.l10n.t('Which column holds the time of each event?')),
      matchOnDetail: true,
      ignoreFocusOut: true,
    },
  );
  if (!time?.column) return undefined;

  const userItems: ColumnItem[] = columnItems(detection, detection.guesses.users, new Set([time.column]), suggested.users ?? []);
  // A suggested coalesced column (a|b: a where it names someone, else b) is one choice of its own, offered first.
  for (const entry of [...(suggested.users ?? [])].reverse()) {
    const parts = coalescedParts(entry, detection);
    if (!parts || parts.includes(time.column)) continue;
    userItems.unshift({
      label: entry,
      column: entry,
      description: vscode.l10n.t('suggested'),
      detail: coalescedDetail(entry),
      picked: true,
    });
  }
  const users = await vscode.window.showQuickPick(userItems, {
    title: step(vscode.l10n.t('user columns'), at(2), total),
    placeHolder: question(detection, ['users'], vscode.l10n.t('Which columns identify whose session an event belongs to? (one or more)')),
    canPickMany: true,
    matchOnDetail: true,
    ignoreFocusOut: true,
  });
  if (!users || users.length === 0) return undefined;
  const userColumns = users.map((u) => u.column).filter((c): c is string => c !== undefined);

  const taken = new Set([time.column, ...userColumns.flatMap((u) => coalescedParts(u, detection) ?? [u])]);
  const event = await vscode.window.showQuickPick(
    suggestedFirst(columnItems(detection, detection.guesses.event, taken, suggested.event ? [suggested.event] : [])),
    {
      title: step(vscode.l10n.t('event column'), at(3), total),
      placeHolder: question(detection, ['event'], vscode.l10n.t('Which column holds the command or operation name?')),
      matchOnDetail: true,
      ignoreFocusOut: true,
    },
  );
  if (!event?.column) return undefined;

  taken.add(event.column);
  const none: ColumnItem = { label: vscode.l10n.t('(no params column)'), detail: vscode.l10n.t('Score commands only.') };
  const paramItems = suggestedFirst(columnItems(detection, detection.guesses.params, taken, suggested.params ? [suggested.params] : []));
  const params = await vscode.window.showQuickPick(suggested.params ? [...paramItems, none] : [none, ...paramItems], {
    title: step(vscode.l10n.t('params column (optional)'), at(4), total),
    placeHolder: vscode.l10n.t("Which column holds the command's parameters?"),
    matchOnDetail: true,
    ignoreFocusOut: true,
  });
  if (!params) return undefined;

  const mapping: ColumnMapping = { users: userColumns, time: time.column, event: event.column };
  if (params.column) mapping.params = params.column;
  const timeFormat = suggested.time === time.column ? suggested.timeFormat : undefined;
  if (timeFormat) mapping.timeFormat = timeFormat;
  return mapping;
}

export function describeMapping(m: ColumnMapping): string {
  return vscode.l10n.t(
    'users: {0}; time: {1}; event: {2}; params: {3}',
    m.users.join(', '),
    m.time,
    m.event,
    m.params ?? vscode.l10n.t('(none)'),
  );
}
