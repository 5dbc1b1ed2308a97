// Number, time and text formats shared by the summary, chart, table and details.

const LN10 = Math.LN10;

/** log10 of a likelihood given its natural log; NaN when missing (null or NaN). */
export function log10FromLn(logLikelihood: number | null): number {
  return logLikelihood === null ? Number.NaN : logLikelihood / LN10;
}

/**
 * Exponential notation from a base-10 exponent, so likelihoods that underflow
 * a double (far below 1e-308) still print as e.g. "3.2e-412".
 */
export function formatFromLog10(log10: number, digits = 2): string {
  if (!Number.isFinite(log10)) return '—';
  let exponent = Math.floor(log10);
  let mantissa = Math.pow(10, log10 - exponent);
  if (Number(mantissa.toFixed(digits)) >= 10) {
    mantissa /= 10;
    exponent += 1;
  }
  return `${mantissa.toFixed(digits)}e${exponent >= 0 ? '+' : ''}${exponent}`;
}

/** Likelihood in exponential notation; falls back on the log when the value underflowed to 0. Missing: null (details) or NaN (session columns). */
export function formatLikelihood(likelihood: number | null, logLikelihood: number | null, digits = 2): string {
  if (likelihood !== null && likelihood > 0 && Number.isFinite(likelihood)) return likelihood.toExponential(digits);
  if (logLikelihood !== null && !Number.isNaN(logLikelihood)) return formatFromLog10(log10FromLn(logLikelihood), digits);
  return 'NaN';
}

/** A probability in 0..1: plain when readable, exponential when tiny. */
export function formatProbability(p: number | null): string {
  if (p === null || !Number.isFinite(p)) return '—';
  if (p === 0) return '0';
  return p >= 0.001 ? p.toPrecision(3) : p.toExponential(2);
}

/** Axis tick for a log10 value: "1e-5" on whole decades, "3.2e-6" between them. */
export function formatLogTick(log10: number): string {
  const rounded = Math.round(log10);
  if (Math.abs(log10 - rounded) < 1e-9) return `1e${rounded >= 0 ? '+' : ''}${rounded}`;
  return formatFromLog10(log10, 1);
}

// One formatter for all counts: toLocaleString builds a new one per call,
// which shows up when rendering thousands of cells.
const COUNT_FORMAT = new Intl.NumberFormat('en-US');

export function formatCount(n: number): string {
  return COUNT_FORMAT.format(n);
}

/** UTC ISO 8601, milliseconds only when present. */
export function formatUtc(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const totalSeconds = Math.round(ms / 1000);
  const days = Math.floor(totalSeconds / 86400);
  const hours = Math.floor((totalSeconds % 86400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${minutes}m`;
  if (minutes > 0) return `${minutes}m ${seconds}s`;
  return `${seconds}s`;
}

export function formatMs(ms: number): string {
  return ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/** "1 event", "2 events", "1,000 events": a count with its noun in the right number. */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : pluralForm}`;
}

/**
 * Shortens text in the middle, keeping its start and its distinguishing end
 * ("arn:aws:iam::1234…:user/alice"): user names and ARNs differ at the end.
 */
export function truncateMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  const tail = Math.ceil((max - 1) * 0.6);
  const head = max - 1 - tail;
  return `${text.slice(0, head)}…${text.slice(text.length - tail)}`;
}

/** Shortens long text for display; the caller puts the full text in a title. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Parses a user-typed bound such as "1e-5" or "0.001"; null for empty, undefined for invalid. */
export function parseBound(text: string): number | null | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = Number(trimmed);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}
