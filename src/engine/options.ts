// The one definition of every scoring option: the words an option takes (with
// their labels and descriptions), its default, its setting and CLI names, and
// the valibot schema that checks it; the numeric ranges are in limits.ts and
// join the same table here. The option types are inferred from the schemas,
// so a type and its runtime check cannot disagree. The CLI, the settings
// reader, the "Score with Options" quick picks, the programmatic command
// route, the panel's controls and summary, the host's message check
// (protocol.ts) and the engine use these; a unit test holds package.json's
// contributes.configuration (enum, enumDescriptions, default, ranges) to
// them. Pure data and functions: no I/O, no `vscode`, no Node module (the
// webview's bundle imports it).

import * as v from 'valibot';
import { LIMITS, LIMIT_SCHEMAS, describeLimit, showValue, type LimitName, type NumericLimit } from './limits';

/** One word an option takes: a short label (controls, quick picks) and what it means (settings, quick picks). */
export interface Choice {
  label: string;
  description: string;
}

interface Named {
  /** Setting key under `sessionscope.` when the option is a setting. */
  setting?: string;
  /** CLI option name (without `--`) when the CLI takes it. */
  cli?: string;
  /** What it is, for messages: "session type". */
  label: string;
}

/** Words in order, as messages list them: "one of strict, inclusive". */
export function describeChoices(values: readonly string[]): string {
  return `one of ${values.join(', ')}`;
}

/**
 * An option that takes one of a few words. The words are the keys of
 * `choices`, in their order (the order the settings editor and the quick
 * picks show).
 */
function choiceOption<const T extends string>(named: Named & { default: NoInfer<T> }, choices: Record<T, Choice>) {
  const def = { ...named, choices };
  const values = Object.keys(choices) as T[];
  const schema = v.picklist(values, (issue) => `${def.label} must be ${describeChoices(values)}, got ${showValue(issue.input)}`);
  return { ...def, kind: 'choice' as const, values: values as readonly T[], schema };
}

function flagOption(def: Named & { default: boolean }) {
  return { ...def, kind: 'flag' as const, schema: v.boolean((issue) => `${def.label} must be true or false, got ${showValue(issue.input)}`) };
}

function numberOption<const N extends LimitName>(name: N) {
  const limit: (typeof LIMITS)[N] & NumericLimit = LIMITS[name];
  return { ...limit, kind: 'number' as const, schema: LIMIT_SCHEMAS[name] };
}

/** Every option, by the name the engine and the settings give it. */
export const OPTIONS = {
  timeFormat: choiceOption(
    { setting: 'timeFormat', cli: 'time-format', label: 'time format', default: 'auto' },
    {
      auto: { label: 'Automatic', description: 'Decide from the values.' },
      mdy: { label: 'Month first', description: 'Slashed dates are month first (4/21/2025).' },
      dmy: { label: 'Day first', description: 'Slashed dates are day first (21/04/2025).' },
      'epoch-s': { label: 'Epoch seconds', description: 'Bare numbers are seconds since 1970.' },
      'epoch-ms': { label: 'Epoch milliseconds', description: 'Bare numbers are milliseconds since 1970.' },
      'epoch-us': { label: 'Epoch microseconds', description: 'Bare numbers are microseconds since 1970.' },
      'epoch-ns': { label: 'Epoch nanoseconds', description: 'Bare numbers are nanoseconds since 1970.' },
    },
  ),
  sessionType: choiceOption(
    { setting: 'sessionType', cli: 'type', label: 'session type', default: 'auto' },
    {
      auto: { label: 'Automatic', description: 'The richest type the data supports.' },
      cmds_only: { label: 'Commands only', description: 'Commands only.' },
      cmds_params_only: { label: 'Commands + parameter names', description: 'Commands and the set of their parameter names.' },
      cmds_params_values: { label: 'Commands + parameters + values', description: 'Commands, parameter names and the values of modellable parameters.' },
    },
  ),
  window: numberOption('window'),
  maxSessionMinutes: numberOption('maxSessionMinutes'),
  maxGapMinutes: numberOption('maxGapMinutes'),
  boundary: choiceOption(
    { setting: 'boundary', cli: 'boundary', label: 'boundary', default: 'strict' },
    {
      strict: { label: 'Strict', description: 'Split when the gap or length is greater than the limit (msticpy).' },
      inclusive: { label: 'Inclusive', description: "Split when the gap or length reaches the limit (Kusto's row_window_session)." },
    },
  ),
  useTokens: flagOption({ setting: 'useTokens', label: 'start and end tokens', default: true }),
  geomean: flagOption({ setting: 'geomean', label: 'geometric mean', default: false }),
  ranking: choiceOption(
    { setting: 'ranking', cli: 'ranking', label: 'ranking', default: 'reference' },
    {
      reference: { label: 'Reference (rarest window)', description: "The rarest window's likelihood, exactly as the reference method computes it." },
      insight: { label: 'Insight', description: "The rarest window's log-likelihood plus weighted log-probabilities of the session's insights." },
    },
  ),
  tableRows: numberOption('tableRows'),
  onBadRow: choiceOption(
    // The extension's default; the CLI and the engine stop at the first bad row unless told (CLI_BAD_ROW_DEFAULT).
    { setting: 'onBadRow', cli: 'on-bad-row', label: 'bad-row policy', default: 'skip' },
    {
      skip: { label: 'Skip', description: 'Skip it, count it and list the first few in the panel and the output.' },
      stop: { label: 'Stop', description: 'Stop and report the file, line and column.' },
    },
  ),
} as const;

export type OptionName = keyof typeof OPTIONS;
export type Option = (typeof OPTIONS)[OptionName];
export type ChoiceOption = Extract<Option, { kind: 'choice' }>;

/** A script (CLI) stops at the first bad row unless told to skip; the extension skips and reports (OPTIONS.onBadRow.default). */
export const CLI_BAD_ROW_DEFAULT: BadRowPolicy = 'stop';

/** What an option allows, in words: "one of strict, inclusive", "a whole number from 1 to 50". */
export function describeOption(option: Option): string {
  if (option.kind === 'choice') return describeChoices(option.values);
  if (option.kind === 'number') return describeLimit(option);
  return 'true or false';
}

/** Undefined when `value` is allowed; else what is wrong, e.g. "boundary must be one of strict, inclusive, got \"loose\"". */
export function optionProblem(option: Option, value: unknown): string | undefined {
  const result = v.safeParse(option.schema as v.GenericSchema, value, { abortEarly: true });
  return result.success ? undefined : result.issues[0].message;
}

// ---- types, inferred from the schemas ---------------------------------------

export type TimeFormat = v.InferOutput<typeof OPTIONS.timeFormat.schema>;
export const TIME_FORMATS = OPTIONS.timeFormat.values;

/** `auto` picks the richest type the data supports. */
export type SessionTypeChoice = v.InferOutput<typeof OPTIONS.sessionType.schema>;
/** A session type a model is trained for: a choice other than `auto`. */
export type SessionType = Exclude<SessionTypeChoice, 'auto'>;
export const SESSION_TYPES = OPTIONS.sessionType.values.filter((t): t is SessionType => t !== 'auto');
export const SessionTypeSchema = v.picklist(SESSION_TYPES, (issue) => `session type must be ${describeChoices(SESSION_TYPES)}, got ${showValue(issue.input)}`);

/** Sessionizing boundary: `strict` splits when a gap is > the limit (reference), `inclusive` when >= (Kusto). */
export type Boundary = v.InferOutput<typeof OPTIONS.boundary.schema>;
/** Which order the sessions are ranked in: the rarest window (reference) or rarest window + insights (docs/insights.md). */
export type Ranking = v.InferOutput<typeof OPTIONS.ranking.schema>;
export const RANKINGS = OPTIONS.ranking.values;
export type BadRowPolicy = v.InferOutput<typeof OPTIONS.onBadRow.schema>;

// ---- groups of options -------------------------------------------------------

export const SessionizeOptionsSchema = v.object({
  maxSessionMinutes: OPTIONS.maxSessionMinutes.schema,
  maxGapMinutes: OPTIONS.maxGapMinutes.schema,
  boundary: OPTIONS.boundary.schema,
});
export type SessionizeOptions = v.InferOutput<typeof SessionizeOptionsSchema>;

export const ScoreOptionsSchema = v.object({
  sessionType: OPTIONS.sessionType.schema,
  /** Sliding window length k. */
  window: OPTIONS.window.schema,
  /** Use the start and end tokens in the rarest-window scores. */
  useTokens: OPTIONS.useTokens.schema,
  /** Raise each window likelihood to 1/k. */
  geomean: OPTIONS.geomean.schema,
  /** Override of the params whose values are modelled. */
  modellableParams: v.optional(v.array(v.string())),
});
export type ScoreOptions = v.InferOutput<typeof ScoreOptionsSchema>;

/** The options of one run (the host's RunSettings without the mapping): what a run checks before it starts. */
export const RunOptionsSchema = v.object({
  read: v.optional(v.object({ onBadRow: v.optional(OPTIONS.onBadRow.schema) })),
  sessionize: SessionizeOptionsSchema,
  score: ScoreOptionsSchema,
  ranking: v.optional(OPTIONS.ranking.schema),
});

/** Undefined when every option of a run is allowed; else the first problem, in words. */
export function runOptionsProblem(options: unknown): string | undefined {
  const result = v.safeParse(RunOptionsSchema, options, { abortEarly: true });
  if (result.success) return undefined;
  const issue = result.issues[0];
  // An option's own schema names the option; a missing group or a list of the wrong shape is named by its place.
  return ['object', 'array', 'string'].includes(issue.type) ? `${v.getDotPath(issue) ?? 'options'}: ${issue.message}` : issue.message;
}

/** Throws a RangeError naming the first option a run may not have (the engine's last line of defence: scoreLog). */
export function assertRunOptions(options: v.InferInput<typeof RunOptionsSchema>): void {
  const problem = runOptionsProblem(options);
  if (problem) throw new RangeError(problem);
}

export const DEFAULT_SESSIONIZE: SessionizeOptions = {
  maxSessionMinutes: OPTIONS.maxSessionMinutes.default,
  maxGapMinutes: OPTIONS.maxGapMinutes.default,
  boundary: OPTIONS.boundary.default,
};

export const DEFAULT_SCORE: ScoreOptions = {
  sessionType: OPTIONS.sessionType.default,
  window: OPTIONS.window.default,
  useTokens: OPTIONS.useTokens.default,
  geomean: OPTIONS.geomean.default,
};
