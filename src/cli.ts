// Command-line front end over the engine: `sessionscope score|sessionize FILE`.
// Exit codes: 0 success, 1 bad input, 2 bad usage.

import { DIALECTS, type Dialect } from './engine/read/directiveLogs';
import { closeSync, openSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import type { Doubt, LoadedLog, ScoredLog } from './engine/stages';
import { BaselineError, baselineToJson } from './engine/insights/baseline';
import { runInsights } from './engine/insights/run';
import { parseModel, serializeModel, ModelFileError } from './engine/model/serialize';
import { sessionizeKql } from './engine/kql';
import { completeMapping, definedOnly, doubtsFor, loadLog, scoreLog } from './engine/pipeline';
import { describeLimit, LIMITS, parseNumberText, withinLimit, type LimitName, type NumericLimit } from './engine/limits';
import { CLI_BAD_ROW_DEFAULT, DEFAULT_SESSIONIZE, describeChoices, OPTIONS, type ChoiceOption } from './engine/options';
import { tableName } from './engine/read/jsonTables';
import { inspectLog } from './engine/read/detect';
import type { ParallelOptions } from './engine/read/parallel';
import { skipWarning } from './engine/read/sink';
import { CHUNK_BYTES, csvChunks, rankedReports, reportJsonBytes, scoreCsvRows, sessionColRows, sessionizeRows, type SessionReport } from './present/report';
import { sessionize } from './engine/sessionize';
import { literalUserEntries } from './engine/userColumns';
import { BadRowError, LogInputError, type BadRowPolicy, type ColumnMapping, type ScoreOptions, type SessionizeOptions } from './engine/types';

/** The words an option takes, as the usage lists them: "strict|inclusive". */
const words = (option: ChoiceOption): string => option.values.join('|');

const USAGE = `Usage:
  sessionscope score FILE [options]       score every session, most anomalous first
  sessionscope sessionize FILE [options]  sessions as CSV (one row each, or --per-event)
  sessionscope kql [FILE] --table T [options]  the same sessionizing as a Kusto query (columns
                         from FILE's detection or the options); its output reads back as sessions

Columns (auto-detected when absent):
  --users A,B            user identifier column(s); together they name whose session it is.
                         A|B is one coalesced column: A where it names someone, else B (missing,
                         empty and "-", "?", "N/A", "null", "none", "(null)" name no one); e.g.
                         --users 'UserPrincipalName|InitiatedBy.user.userPrincipalName,ClientIP'.
                         A?E1;E2|B reads A only on events E1, E2 (the event, or the ID it starts with),
                         e.g. Windows Security's 'TargetUserName?4624;4625|SubjectUserName' (detected).
                         A column whose name holds | is named as it is, or with \\| for the | (\\? for ?)
  --time COL             time column (DATE+CLOCK: a date column and a time-of-day column read as one;
                         #Date+CLOCK in a W3C log: the date of the #Date: directive before each record)
  --event COL            event (command) column
  --params COL           params column ('' for none)
  --time-format F        ${words(OPTIONS.timeFormat)}: day order of
                         slashed dates (21/04/2025) or unit of bare numbers (${OPTIONS.timeFormat.default})
Sessions:
  --max-session MIN      maximum session length in minutes (${LIMITS.maxSessionMinutes.default})
  --max-gap MIN          maximum gap between events in minutes (${LIMITS.maxGapMinutes.default})
  --boundary ${words(OPTIONS.boundary)}   split on > (reference) or >= (Kusto) (${OPTIONS.boundary.default})
Scoring:
  --type ${words(OPTIONS.sessionType)}   (${OPTIONS.sessionType.default})
  --window K             sliding window length (${LIMITS.window.default})
  --no-tokens            no start/end tokens
  --geomean              geometric mean of window likelihoods
  --modellable-params a,b   params whose values are modelled
  --model-in M.json      score with a saved model instead of training
  --model-out M.json     save the trained model (with the per-actor counts the insights need)
  --ranking ${words(OPTIONS.ranking)}   rarest window (reference) or rarest window + insights (${OPTIONS.ranking.default})
  --actor COL            the user column that names an actor for the insights (default: all user columns)
Input:
  --on-bad-row ${words(OPTIONS.onBadRow)}   skip and report bad rows, or stop at the first (${CLI_BAD_ROW_DEFAULT})
  --explode PATH         JSON: each element of the record's array PATH is an event
                         (fields as PATH.name); detected when obvious, '' for off
  --threads N            threads reading the file: 1 reads on the main thread only; ${LIMITS.threads.max} reads
                         a large CSV file (16 MB and up) in two halves side by side (${LIMITS.threads.max})
Output:
  --format table|json|csv   (table)
  --top N                how many sessions (table: 20; json/csv: all)
  --out FILE             write to FILE instead of stdout
  --per-event            (sessionize) every event with its session_ind
  --table T, --lookback 7d   (kql) the table to query, how far back
`;

class UsageError extends Error {}

const ARGS = {
  users: { type: 'string' },
  time: { type: 'string' },
  event: { type: 'string' },
  params: { type: 'string' },
  'time-format': { type: 'string' },
  type: { type: 'string' },
  window: { type: 'string' },
  'max-session': { type: 'string' },
  'max-gap': { type: 'string' },
  boundary: { type: 'string' },
  'no-tokens': { type: 'boolean' },
  geomean: { type: 'boolean' },
  'modellable-params': { type: 'string' },
  'model-in': { type: 'string' },
  'model-out': { type: 'string' },
  ranking: { type: 'string' },
  actor: { type: 'string' },
  format: { type: 'string' },
  top: { type: 'string' },
  out: { type: 'string' },
  'per-event': { type: 'boolean' },
  'on-bad-row': { type: 'string' },
  explode: { type: 'string' },
  threads: { type: 'string' },
  table: { type: 'string' },
  lookback: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof ARGS; allowPositionals: true }>>['values'];

/** A numeric option, checked against its one definition in engine/limits.ts. */
function number(v: string | undefined, name: LimitName): number | undefined {
  if (v === undefined) return undefined;
  const n = parseNumberText(v);
  const limit: NumericLimit = LIMITS[name];
  if (!withinLimit(name, n)) throw new UsageError(`--${limit.cli ?? name} must be ${describeLimit(limit)}, got ${JSON.stringify(v)}`);
  return n;
}

function oneOf<T extends string>(v: string | undefined, name: string, allowed: readonly T[]): T | undefined {
  if (v === undefined) return undefined;
  if (!allowed.includes(v as T)) throw new UsageError(`--${name} must be ${describeChoices(allowed)}, got ${JSON.stringify(v)}`);
  return v as T;
}

/** An option that takes a word, checked against its one definition in engine/options.ts. */
function choice<O extends ChoiceOption>(v: string | undefined, option: O): O['values'][number] | undefined {
  return oneOf(v, option.cli ?? option.label, option.values);
}

const list = (v: string | undefined): string[] | undefined =>
  v === undefined ? undefined : v.split(',').map((s) => s.trim()).filter((s) => s.length > 0);

function mappingFrom(v: Values): Partial<ColumnMapping> {
  const m: Partial<ColumnMapping> = {};
  if (v.users !== undefined) m.users = list(v.users);
  if (v.time !== undefined) m.time = v.time;
  if (v.event !== undefined) m.event = v.event;
  if (v.params !== undefined) m.params = v.params === '' ? undefined : v.params;
  const timeFormat = choice(v['time-format'], OPTIONS.timeFormat);
  if (timeFormat) m.timeFormat = timeFormat;
  return m;
}

function sessionizeFrom(v: Values): Partial<SessionizeOptions> {
  return {
    maxSessionMinutes: number(v['max-session'], 'maxSessionMinutes'),
    maxGapMinutes: number(v['max-gap'], 'maxGapMinutes'),
    boundary: choice(v.boundary, OPTIONS.boundary),
  };
}

/** How the reader may split the file: `--threads 1` reads in one piece on this thread; else the reader's default. */
function parallelFrom(v: Values): ParallelOptions | undefined {
  const threads = number(v.threads, 'threads');
  return threads === 1 ? { minBytes: Infinity } : undefined;
}

function scoreFrom(v: Values): Partial<ScoreOptions> {
  return {
    sessionType: choice(v.type, OPTIONS.sessionType),
    window: number(v.window, 'window'),
    useTokens: v['no-tokens'] ? false : undefined,
    geomean: v.geomean ? true : undefined,
    modellableParams: list(v['modellable-params']),
  };
}

function fmtLik(v: number | null): string {
  return v === null ? '-' : v.toExponential(3);
}

/** Fits text to a width, marking a cut with an ellipsis. */
function fit(s: string, width: number): string {
  return s.length <= width ? s.padEnd(width) : s.slice(0, Math.max(0, width - 1)) + '…';
}

/** `window`/`tokens`: the run's, for the note on sessions too short for a window. */
function table(reports: SessionReport[], userColumns: string[], width: number, window: number, tokens: boolean): string {
  const headers = ['rank', 'likelihood', ...userColumns, 'start', 'events', 'rarest window', 'top insight'];
  const rows = reports.map((r) => [
    String(r.rank),
    fmtLik(r.rarestWindowLikelihood),
    ...userColumns.map((c) => r.users[c] ?? '(missing)'),
    r.start.replace('T', ' ').slice(0, 19),
    String(r.eventCount),
    r.rarestWindow.join(' > '),
    r.insights?.[0]?.text ?? '',
  ]);
  // A loop, not Math.max(...rows): --top can ask for millions of rows, too many to spread into a call.
  const widths = headers.map((h, i) => rows.reduce((w, r) => Math.max(w, r[i].length), h.length));
  // Cap the free-text columns so a row fits the terminal; the rarest window takes what is left.
  const userCap = Math.max(12, Math.floor((width - 60) / Math.max(1, userColumns.length + 1)));
  for (let i = 2; i < 2 + userColumns.length; i++) widths[i] = Math.min(widths[i], userCap);
  // The rarest window and the top insight share what is left.
  const used = widths.slice(0, -2).reduce((a, b) => a + b + 2, 0);
  const free = Math.max(40, width - used - 2);
  const windowWidth = Math.max(20, Math.min(widths[widths.length - 2], Math.floor(free * 0.4)));
  widths[widths.length - 2] = windowWidth;
  widths[widths.length - 1] = Math.max(20, Math.min(widths[widths.length - 1], free - windowWidth));
  const line = (cells: string[]) => cells.map((c, i) => fit(c, widths[i])).join('  ').trimEnd();
  // The reference scores those NaN (the JSON and CSV output say null / empty); here a dash and what it means.
  const short = reports.some((r) => r.rarestWindowLikelihood === null);
  const need = tokens ? window - 1 : window;
  const note = short ? `\n- no likelihood: the session has fewer than ${need} events, too few for a window of ${window}${tokens ? ' with the start and end tokens' : ''}\n` : '';
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n' + note;
}

function settingsOf(scored: ScoredLog, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...extra,
    file: scored.log.file,
    format: scored.log.format,
    ...(scored.log.explode !== undefined ? { explode: scored.log.explode } : {}),
    mapping: scored.log.mapping,
    doubts: scored.log.doubts.map((d) => d.text),
    sessionType: scored.score.sessionType,
    window: scored.score.window,
    useTokens: scored.score.useTokens,
    geomean: scored.score.geomean,
    maxSessionMinutes: scored.sessionize.maxSessionMinutes,
    maxGapMinutes: scored.sessionize.maxGapMinutes,
    boundary: scored.sessionize.boundary,
    modellableParams: [...scored.model.modellable].map((p) => scored.model.params[p]),
    events: scored.log.events.count,
    sessions: scored.sessions.count,
    skippedRows: scored.log.skipped.count,
    timingsMs: scored.timings,
  };
}

/** The columns a run reads and what detection doubts about them (stderr). */
/** The format as the columns line names it. */
function formatLabel(log: { format: string; dialect?: Dialect; table?: { index: number; name?: string } }): string {
  if (log.table) return `${log.format}, a query result's table ${tableName(log.table)} (columns and rows)`;
  return log.dialect ? DIALECTS[log.dialect].label : log.format === 'kv' ? 'key=value lines' : log.format === 'cef' ? 'CEF lines' : log.format === 'leef' ? 'LEEF lines' : log.format === 'xml' ? 'Windows event XML' : log.format;
}

function describeColumns(file: string, format: string, explode: string | undefined, m: ColumnMapping, doubts: readonly Doubt[]): void {
  process.stderr.write(
    `sessionscope: ${file}: ${format}${explode !== undefined ? ` exploded by ${explode}` : ''}, users=${m.users.join(',')} time=${m.time}${m.timeFormat ? ` (${m.timeFormat})` : ''} event=${m.event} params=${m.params ?? '(none)'}\n`,
  );
  for (const d of doubts) process.stderr.write(`sessionscope: ${d.note ? 'note' : 'warning'}: ${d.text}\n`);
  if (doubts.some((d) => d.role !== 'timeFormat' && d.role !== 'table' && !d.note)) process.stderr.write('sessionscope: warning: check the columns above, or name them with --users, --time, --event\n');
}

/**
 * Detects the columns, then reads the log. A read stopped by a bad row, or by a record that lacks a column, still
 * says which columns it read and what detection doubted: the row may be bad only under a wrong guess.
 */
async function loadForCli(file: string, v: Values, onBadRow: BadRowPolicy, parallel: ParallelOptions | undefined): Promise<LoadedLog> {
  const mapping = mappingFrom(v);
  // Detection honours --explode (an empty one turns exploding off), as the read does.
  const detection = await inspectLog(file, { explode: v.explode });
  try {
    return await loadLog({ file, mapping, read: { onBadRow, explode: v.explode }, parallel, detection });
  } catch (e) {
    // Sessions given by the file (pre-sessionized rows, unless --event asks for events) have no event mapping to show.
    // A column a record lacks (JSON) is reported like a bad row: both may come of a wrong guess.
    if (e instanceof LogInputError && !(detection.preSessionized && !mapping.event)) {
      let complete: ColumnMapping | undefined;
      try {
        complete = completeMapping(file, mapping, detection);
      } catch {
        // A role detection could not fill: the error says so itself.
      }
      if (complete) describeColumns(file, formatLabel(detection), detection.explode, complete, doubtsFor(detection, mapping));
    }
    throw e;
  }
}

function describeLoad(scored: { log: ScoredLog['log'] }): void {
  const { log } = scored;
  describeColumns(log.file, formatLabel(log), log.explode, log.mapping, log.doubts);
  if (log.skipped.count > 0) {
    const sk = log.skipped;
    process.stderr.write(`sessionscope: skipped ${sk.count} bad row(s) covering ${sk.lines} line(s); first:\n`);
    for (const s of sk.first.slice(0, 5)) {
      const lines = s.lastLine > s.firstLine ? ` (lines ${s.firstLine}-${s.lastLine} dropped)` : '';
      process.stderr.write(`  ${log.file}:${s.line}${s.column !== undefined ? `:${s.column}` : ''}: ${s.reason}${lines}\n`);
    }
    const warning = skipWarning(sk);
    if (warning) {
      const f = sk.first[0];
      process.stderr.write(`\nsessionscope: WARNING: ${warning}\n  the first skipped lines: ${log.file}:${f.firstLine}${f.lastLine > f.firstLine ? `-${f.lastLine}` : ''}\n\n`);
    }
  }
}

/** The same file: the same real path (symbolic links resolved) or the same inode (hard links). */
function sameFile(a: string, b: string): boolean {
  let sa, sb;
  try {
    sa = statSync(a);
    sb = statSync(b);
  } catch {
    return false; // one of them does not exist (yet): writing cannot touch the other
  }
  if (sa.dev === sb.dev && sa.ino === sb.ino) return true;
  return realpathSync(a) === realpathSync(b);
}

/** The log is only ever read: refuse an output path that names it (or the model read with --model-in). */
function refuseOverwrite(v: Values, inputs: { path: string | undefined; what: string }[]): void {
  for (const option of ['out', 'model-out'] as const) {
    const target = v[option];
    if (!target) continue;
    for (const input of inputs) {
      if (input.path && sameFile(target, input.path)) {
        throw new UsageError(`--${option} ${JSON.stringify(target)} is the ${input.what}; it is only ever read. Choose another output file.`);
      }
    }
  }
}

function write(out: string | undefined, text: string): void {
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
}

/** Every byte of `chunk` (text as UTF-8) at the file's current position (writeSync may write less than asked). */
function writeAll(fd: number, chunk: string | Uint8Array): void {
  const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
}

/**
 * Writes output that comes in chunks (text, or UTF-8 bytes that are the
 * caller's to give away; a few MB each, never one giant string):
 * to FILE, opened when the first chunk is ready and removed again if making
 * the rest fails (never a cut-off file that looks whole); or to stdout,
 * waiting for it to drain when it asks to.
 */
export async function writeChunks(out: string | undefined, chunks: Iterable<string | Uint8Array>): Promise<void> {
  if (!out) {
    for (const chunk of chunks) if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
    return;
  }
  let fd: number | undefined;
  try {
    for (const chunk of chunks) writeAll((fd ??= openSync(out, 'w')), chunk);
    fd ??= openSync(out, 'w');
  } catch (e) {
    if (fd !== undefined) {
      closeSync(fd);
      fd = undefined;
      rmSync(out, { force: true });
    }
    throw e;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

async function score(file: string, v: Values): Promise<void> {
  const format = oneOf(v.format, 'format', ['table', 'json', 'csv'] as const) ?? 'table';
  const top = number(v.top, 'top') ?? (format === 'table' ? 20 : Infinity);
  // Every option is checked before the file is read.
  const sessionizeOpts = sessionizeFrom(v);
  const scoreOpts = scoreFrom(v);
  const onBadRow = choice(v['on-bad-row'], OPTIONS.onBadRow) ?? CLI_BAD_ROW_DEFAULT;
  const modelIn = v['model-in'];
  const ranking = choice(v.ranking, OPTIONS.ranking) ?? OPTIONS.ranking.default;
  const parallel = parallelFrom(v);
  const sections: { insights?: unknown } = {};
  const model = modelIn ? parseModel(readFileSync(modelIn, 'utf8'), sections) : undefined;
  const log = await loadForCli(file, v, onBadRow, parallel);
  describeLoad({ log });
  const scored = scoreLog(log, sessionizeOpts, scoreOpts, { model });
  const t = scored.timings;
  process.stderr.write(
    `sessionscope: ${log.events.count} events, ${scored.sessions.count} sessions, ${scored.model.commands.length} distinct commands, ${scored.score.sessionType}, window ${scored.score.window}; ` +
      `read ${t.readMs.toFixed(0)} ms, sessionize ${t.sessionizeMs.toFixed(0)} ms, train ${t.trainMs.toFixed(0)} ms, score ${t.scoreMs.toFixed(0)} ms\n`,
  );
  const ins = runInsights(scored, { ranking, actorColumns: list(v.actor), fromModel: model ? { section: sections.insights } : undefined });
  if (ins.notice) process.stderr.write(`sessionscope: ${ins.notice}\n`);
  if (v['model-out']) writeFileSync(v['model-out'], serializeModel(scored.model, baselineToJson(ins.baseline)));
  // Sessions are formatted as they are written (JSON, CSV), their insights judged then under the reference ranking.
  if (format === 'json') {
    const extra = { ranking, actorColumns: ins.baseline.actorColumns };
    // To a file, writeChunks writes each chunk (synchronously) before it asks for the next: one buffer serves them all.
    await writeChunks(v.out, reportJsonBytes(scored, settingsOf(scored, extra), top, ins.insights, CHUNK_BYTES, Boolean(v.out)));
  } else if (format === 'csv') {
    await writeChunks(v.out, csvChunks(scoreCsvRows(scored, top, ins.insights)));
  } else {
    const reports = rankedReports(scored, top, ins.insights);
    const o = scored.score;
    write(v.out, table(reports, log.events.userColumns, v.out ? 200 : process.stdout.columns || 160, o.window, o.useTokens));
  }
  process.stderr.write(`sessionscope: ${ranking} ranking; insights: baseline ${ins.baselineMs.toFixed(0)} ms, sessions ${(ins.analyzeMs + ins.insights.lazyMs).toFixed(0)} ms\n`);
}

async function sessionizeCmd(file: string, v: Values): Promise<void> {
  const sessionizeOpts = { ...DEFAULT_SESSIONIZE, ...definedOnly(sessionizeFrom(v)) };
  scoreFrom(v); // checked like score's, though sessionizing does not use them
  const onBadRow = choice(v['on-bad-row'], OPTIONS.onBadRow) ?? CLI_BAD_ROW_DEFAULT;
  const parallel = parallelFrom(v);
  const log = await loadForCli(file, v, onBadRow, parallel);
  describeLoad({ log });
  const sessions = log.sessionsFromFile ?? sessionize(log.events, sessionizeOpts);
  await writeChunks(v.out, csvChunks(v['per-event'] ? sessionColRows(log, sessions) : sessionizeRows(log, sessions)));
}

async function kqlCmd(file: string | undefined, v: Values): Promise<void> {
  if (!v.table) throw new UsageError('kql needs --table (e.g. OfficeActivity)');
  refuseOverwrite(v, [{ path: file, what: 'input log file' }]);
  const given = mappingFrom(v);
  const detection = file ? await inspectLog(file) : undefined;
  const complete = file && detection ? completeMapping(file, given, detection) : given;
  // A user entry that is exactly one of the file's columns names that column, `|` and all (as a run reads it).
  const mapping = detection && complete.users ? { ...complete, users: literalUserEntries(complete.users, detection.columns) } : complete;
  if (!mapping.users?.length || !mapping.time || !mapping.event) throw new UsageError('kql needs FILE to detect columns from, or --users, --time and --event');
  const query = sessionizeKql({
    table: v.table,
    mapping: mapping as ColumnMapping,
    sessionize: { ...DEFAULT_SESSIONIZE, ...definedOnly(sessionizeFrom(v)) },
    lookback: v.lookback,
  });
  write(v.out, query);
}

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: ARGS, allowPositionals: true, strict: true });
  } catch (e) {
    process.stderr.write(`sessionscope: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const [command, file, ...extra] = positionals;
  try {
    if (command === 'kql' && extra.length === 0) {
      await kqlCmd(file, values);
      return 0;
    }
    if (!command || !file || extra.length > 0) throw new UsageError('expected a command (score, sessionize or kql) and one FILE');
    refuseOverwrite(values, [
      { path: file, what: 'input log file' },
      { path: values['model-in'], what: 'model file read with --model-in' },
    ]);
    if (command === 'score') await score(file, values);
    else if (command === 'sessionize') await sessionizeCmd(file, values);
    else throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`sessionscope: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    if (e instanceof LogInputError) {
      process.stderr.write(`sessionscope: ${e.describe()}\n`);
      // Stopped by the default policy, not by the user's choice: say how to read past such rows.
      if (e instanceof BadRowError && values['on-bad-row'] === undefined) {
        process.stderr.write('sessionscope: stopped at the first bad row; --on-bad-row skip skips bad rows and reports them\n');
      }
      return 1;
    }
    if (e instanceof ModelFileError || e instanceof BaselineError || e instanceof RangeError || (e as NodeJS.ErrnoException).code === 'ENOENT') {
      process.stderr.write(`sessionscope: ${(e as Error).message}\n`);
      return 1;
    }
    throw e;
  }
}

if (require.main === module) {
  // A reader that closes the pipe early (`... | head`) has all it wanted: stop quietly, as Unix tools do.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(0);
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`sessionscope: internal error: ${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
