// The one definition of every numeric option's range and default, and the
// valibot schema each range gives (engine/options.ts holds the options that
// take a word, and the groups of options). The CLI, the settings
// (package.json's contributes.configuration, checked against this table by a
// unit test), the "Score with Options" input boxes, the programmatic command
// route, the panel's rescore requests and the engine itself all validate
// through these schemas, so a value one front end takes is one every other
// takes. Pure data and functions: no I/O, no `vscode`, no Node module (the
// webview's bundle imports it too).

import * as v from 'valibot';

export interface NumericLimit {
  /** Setting key under `sessionscope.` when the option is a setting. */
  setting?: string;
  /** CLI option name (without `--`) when the CLI takes it. */
  cli?: string;
  /** What it is, for messages: "window length". */
  label: string;
  min: number;
  /** True when `min` itself is not allowed (a length of time must be above 0). */
  minExclusive?: boolean;
  max: number;
  integer: boolean;
  /** The default where one number is the default (the CLI's --top depends on the format). */
  default?: number;
}

export const LIMITS = {
  /** Sliding window length k, in commands. */
  window: { setting: 'window', cli: 'window', label: 'window length', min: 1, max: 50, integer: true, default: 3 },
  /** Longest a session may last, in minutes. */
  maxSessionMinutes: {
    setting: 'maxSessionMinutes',
    cli: 'max-session',
    label: 'maximum session length in minutes',
    min: 0,
    minExclusive: true,
    max: 10_000_000,
    integer: false,
    default: 20,
  },
  /** Longest pause between two events of a session, in minutes. */
  maxGapMinutes: {
    setting: 'maxGapMinutes',
    cli: 'max-gap',
    label: 'maximum gap in minutes',
    min: 0,
    minExclusive: true,
    max: 10_000_000,
    integer: false,
    default: 2,
  },
  /** Sessions the panel's table lists. */
  tableRows: { setting: 'tableRows', label: 'number of table rows', min: 10, max: 1_000_000, integer: true, default: 1000 },
  /** Sessions the CLI prints (its default depends on the format, so none here). */
  top: { cli: 'top', label: 'number of sessions to print', min: 1, max: Number.MAX_SAFE_INTEGER, integer: true },
  /**
   * Threads the CLI reads a file with: 1 reads on the main thread only; 2 lets
   * a large CSV file be read in two halves side by side (engine/read/parallel.ts,
   * which splits in two at most, hence the maximum). Its default is the reader's own.
   */
  threads: { cli: 'threads', label: 'number of reading threads', min: 1, max: 2, integer: true },
} as const satisfies Record<string, NumericLimit>;

export type LimitName = keyof typeof LIMITS;

/** The allowed range in words: "a whole number from 1 to 50", "a number above 0 and at most 10000000". */
export function describeLimit(limit: NumericLimit): string {
  const kind = limit.integer ? 'a whole number' : 'a number';
  const max = limit.max === Number.MAX_SAFE_INTEGER ? '' : ` and at most ${limit.max}`;
  if (limit.minExclusive) return `${kind} above ${limit.min}${max}`;
  return limit.max === Number.MAX_SAFE_INTEGER ? `${kind} of at least ${limit.min}` : `${kind} from ${limit.min} to ${limit.max}`;
}

/** A value as a message shows it: strings quoted, so "3" and 3 read apart. */
export function showValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** The schema a limit gives: a finite number (whole if asked) in its range; every issue reads "LABEL must be RANGE, got VALUE". */
export function limitSchema(limit: NumericLimit) {
  const message = (issue: v.BaseIssue<unknown>) => `${limit.label} must be ${describeLimit(limit)}, got ${showValue(issue.input)}`;
  return v.pipe(
    v.number(message),
    v.finite(message),
    v.check((n) => !limit.integer || Number.isInteger(n), message),
    limit.minExclusive ? v.gtValue(limit.min, message) : v.minValue(limit.min, message),
    v.maxValue(limit.max, message),
  );
}

export type LimitSchema = ReturnType<typeof limitSchema>;

/** One schema per numeric option, built from LIMITS. */
export const LIMIT_SCHEMAS = Object.fromEntries(Object.entries(LIMITS).map(([name, limit]) => [name, limitSchema(limit)])) as Record<LimitName, LimitSchema>;

/** Undefined when `value` is allowed; else what is wrong, e.g. "window length must be a whole number from 1 to 50, got 0". */
export function limitProblem(name: LimitName, value: unknown): string | undefined {
  const result = v.safeParse(LIMIT_SCHEMAS[name], value, { abortEarly: true });
  return result.success ? undefined : result.issues[0].message;
}

export function withinLimit(name: LimitName, value: unknown): value is number {
  return v.is(LIMIT_SCHEMAS[name], value);
}

/** Text typed by a person (CLI argument, input box) as a number: only plain decimal notation, so "", " ", "0x10" are not numbers. */
export function parseNumberText(text: string): number {
  return /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(text) ? Number(text) : NaN;
}

/** The first option out of its limits, in words; undefined when all are allowed (undefined values are skipped). */
export function limitsProblem(values: Partial<Record<LimitName, unknown>>): string | undefined {
  for (const [name, value] of Object.entries(values) as [LimitName, unknown][]) {
    const problem = value === undefined ? undefined : limitProblem(name, value);
    if (problem) return problem;
  }
  return undefined;
}

/** Throws a RangeError naming the first option out of its limits (the engine's last line of defence). */
export function assertLimits(values: Partial<Record<LimitName, unknown>>): void {
  const problem = limitsProblem(values);
  if (problem) throw new RangeError(problem);
}
