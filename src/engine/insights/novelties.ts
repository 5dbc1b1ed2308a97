// Novelties in what a session's commands did: command pairs never seen one
// after the other, params never seen with their command, and param values
// never or rarely seen for their command's param (leave one out when the
// baseline holds the scored file).

import type { EventTable } from '../types';
import { type InsightContext, type Keep, type LinesOf, plural, pct, quote, RowOut, unseenProbability } from './context';

/** Counts keys in a Map. */
function bump(m: Map<number, number>, key: number): void {
  m.set(key, (m.get(key) ?? 0) + 1);
}

/** Groups [key, count] cells by row (key = row * stride + col). */
function byRow(cells: Map<number, number>, stride: number): Map<number, [number, number][]> {
  const rows = new Map<number, [number, number][]>();
  for (const [key, k] of cells) {
    const r = Math.floor(key / stride);
    let list = rows.get(r);
    if (!list) rows.set(r, (list = []));
    list.push([key - r * stride, k]);
  }
  return rows;
}

/** Command pairs never seen one after the other outside this session. */
export function transitionInsights(ctx: InsightContext, evs: Int32Array, keep: Keep, linesOf: LinesOf): void {
  const { events, baseline: b, loo } = ctx;
  if (evs.length < 2) return;
  if (transitionsFamiliar(ctx, evs)) return;
  const nc = events.commandNames.length;
  const pairs = new Map<number, number>();
  for (let i = 1; i < evs.length; i++) bump(pairs, events.commandIds[evs[i - 1]] * nc + events.commandIds[evs[i]]);
  for (const [x, cells] of byRow(pairs, nc)) {
    const bx = ctx.command[x];
    if (bx < 0) continue; // a command never seen at all: what follows it is not news on its own
    const row = new RowOut(b.transitions.singles[bx]);
    let steps = 0;
    const novel: number[] = [];
    for (const [y, k] of cells) {
      steps += k;
      const before = row.novel;
      row.cell(b.transitions.get(bx, ctx.command[y]), k, loo);
      if (row.novel > before) novel.push(y);
    }
    const nOut = b.transitions.rowSum[bx] - (loo ? steps : 0);
    const from = events.commandNames[x];
    for (const y of novel) {
      const to = events.commandNames[y];
      keep({
        kind: 'unseen-transition',
        text: `${from} -> ${to}: never seen before (${from} was followed ${plural(nOut, 'time')} by ${plural(b.transitions.distinct[bx] - row.novel, 'command')}, ` +
          `${row.singles} of them only once)`,
        evidence: { from, to, count: 0, fromFollowed: nOut, fromDistinctNext: b.transitions.distinct[bx] - (loo ? row.novel : 0), fromNextSeenOnce: row.singles },
        lines: linesOf((e, i) => (events.commandIds[e] === x && i + 1 < evs.length && events.commandIds[evs[i + 1]] === y) ||
          (events.commandIds[e] === y && i > 0 && events.commandIds[evs[i - 1]] === x)),
        probability: unseenProbability(row.singles, nOut),
      });
    }
  }
}

/** Params never seen with their command, and values never (or rarely) seen for their command's param. */
export function paramInsights(ctx: InsightContext, evs: Int32Array, keep: Keep, linesOf: LinesOf): void {
  const { events, baseline: b, loo, weights } = ctx;
  const { paramOffsets, paramIds, valueIds, commandIds } = events;
  const np = events.paramNames.length;
  const bnp = b.params.length;
  if (paramsFamiliar(ctx, evs)) return;
  // In-session uses of (command, param) and of each value of them; value -1 (empty) shifts to 0.
  const cp = new Map<number, number>();
  const cpValues = new Map<number, Map<number, number>>();
  for (const e of evs) {
    const c = commandIds[e];
    for (let q = paramOffsets[e]; q < paramOffsets[e + 1]; q++) {
      const key = c * np + paramIds[q];
      bump(cp, key);
      let vs = cpValues.get(key);
      if (!vs) cpValues.set(key, (vs = new Map()));
      bump(vs, valueIds[q] + 1);
    }
  }
  if (cp.size === 0) return;
  for (const [c, cells] of byRow(cp, np)) {
    const bc = ctx.command[c];
    if (bc < 0) continue; // a command never seen at all: its params are not news on their own
    const cmd = events.commandNames[c];
    const row = new RowOut(b.commandParam.singles[bc]);
    const novel: number[] = [];
    for (const [p, k] of cells) {
      const before = row.novel;
      row.cell(b.commandParam.get(bc, ctx.param[p]), k, loo);
      if (row.novel > before) novel.push(p);
    }
    const uses = b.commandCount[bc] - (loo ? ctx.count[c] : 0);
    for (const p of novel) {
      const param = events.paramNames[p];
      keep({
        kind: 'new-param-for-command',
        text: `${cmd} -${param}: param never seen with this command (${cmd} ran ${plural(uses, 'time')} with ` +
          `${plural(b.commandParam.distinct[bc] - (loo ? row.novel : 0), 'other param')}, ${row.singles} of them only once)`,
        evidence: { command: cmd, param, count: 0, commandUses: uses, commandDistinctParams: b.commandParam.distinct[bc] - (loo ? row.novel : 0), paramsSeenOnce: row.singles },
        lines: linesOf((e) => commandIds[e] === c && paramValueAt(events, e, p) !== -2),
        probability: unseenProbability(row.singles, uses),
      });
    }
    // Values of this command's params.
    for (const [p, k] of cells) {
      const bp = ctx.param[p];
      const stats = bp < 0 ? undefined : b.values.get(bc * bnp + bp);
      if (!stats || !stats.counts) continue;
      const counts = stats.counts;
      const usesOut = b.commandParam.get(bc, bp) - (loo ? k : 0);
      if (usesOut <= 0) continue;
      const vrow = new RowOut(stats.singles);
      const found: [number, number][] = [];
      for (const [v1, kv] of cpValues.get(c * np + p)!) {
        const value = v1 === 0 ? '' : events.valueStrings[v1 - 1];
        found.push([v1 - 1, vrow.cell(counts.get(value) ?? 0, kv, loo)]);
      }
      const param = events.paramNames[p];
      const distinct = counts.size - (loo ? vrow.novel : 0);
      const unseen = unseenProbability(vrow.singles, usesOut);
      // The usual values, for the text: only worked out when something is reported.
      let usual: [string, number][] | undefined;
      const usualValues = (): [string, number][] => (usual ??= [...counts].sort((x, y) => y[1] - x[1]).slice(0, 3));
      const usualText = (): string => usualValues().map(([u, x]) => `${quote(u)} ${pct(x / Math.max(1, usesOut))}`).join(', ');
      for (const [v, outside] of found) {
        // New: Good-Turing as above. Uncommon: its uses as a fraction of an average value's (uses / distinct values).
        const probability = outside <= 0 ? unseen : (outside * distinct) / (usesOut + 1);
        if (probability > (outside <= 0 ? weights.maxProbability : weights.maxUncommonRatio)) continue;
        const value = v < 0 ? '' : events.valueStrings[v];
        const lines = linesOf((e) => commandIds[e] === c && paramValueAt(events, e, p) === v);
        if (outside <= 0) {
          keep({
            kind: 'new-param-value',
            text: `${cmd} -${param} ${quote(value)}: value never seen before (${plural(usesOut, 'use')}, ` +
              `${plural(distinct, 'distinct value')}, ${vrow.singles} of them only once; usually ${usualText()})`,
            evidence: { command: cmd, param, value, count: 0, uses: usesOut, distinctValues: distinct, valuesSeenOnce: vrow.singles, usualValues: usualValues().map(([u]) => u) },
            lines,
            probability,
          });
        } else {
          keep({
            kind: 'uncommon-param-value',
            text: `${cmd} -${param} ${quote(value)}: uncommon value (${plural(outside, 'time')} in ${plural(usesOut, 'use')}; ` +
              `an average one of its ${plural(distinct, 'value')} is used ${(usesOut / distinct).toFixed(0)} times; usually ${usualText()})`,
            evidence: { command: cmd, param, value, count: outside, uses: usesOut, distinctValues: distinct, usualValues: usualValues().map(([u]) => u) },
            lines,
            probability,
          });
        }
      }
    }
  }
}

/**
 * Fast path: true when no step can be a transition unseen outside the
 * session (each pair's total exceeds every step the session has). Most
 * sessions end here, with no allocation.
 */
function transitionsFamiliar(ctx: InsightContext, evs: Int32Array): boolean {
  const { commandIds } = ctx.events;
  const inSession = ctx.loo ? evs.length - 1 : 0;
  for (let i = 1; i < evs.length; i++) {
    const x = ctx.command[commandIds[evs[i - 1]]];
    if (x < 0) continue;
    if (ctx.baseline.transitions.get(x, ctx.command[commandIds[evs[i]]]) - inSession <= 0) return false;
  }
  return true;
}

/**
 * Fast path: true when no param can be new for its command and no value new
 * or uncommon, judged from lower bounds (every param use of the session
 * counted against each cell).
 */
function paramsFamiliar(ctx: InsightContext, evs: Int32Array): boolean {
  const { events, baseline: b, weights } = ctx;
  const { paramOffsets, paramIds, valueIds, commandIds } = events;
  // Uses of each param in this session: a bound on any (command, param) or value count in it.
  const epoch = ++ctx.epoch;
  let m = 0;
  for (const e of evs) {
    for (let q = paramOffsets[e]; q < paramOffsets[e + 1]; q++) {
      const p = paramIds[q];
      if (ctx.paramStamp[p] !== epoch) {
        ctx.paramStamp[p] = epoch;
        ctx.paramUses[p] = 0;
      }
      ctx.paramUses[p]++;
      m++;
    }
  }
  if (m === 0) return true;
  const bnp = b.params.length;
  for (const e of evs) {
    const bc = ctx.command[commandIds[e]];
    if (bc < 0) continue;
    for (let q = paramOffsets[e]; q < paramOffsets[e + 1]; q++) {
      const bp = ctx.param[paramIds[q]];
      if (bp < 0) return false;
      const inSession = ctx.loo ? ctx.paramUses[paramIds[q]] : 0;
      const uses = b.commandParam.get(bc, bp);
      if (uses - inSession <= 0) return false;
      const stats = b.values.get(bc * bnp + bp);
      const counts = stats?.counts;
      if (!counts) continue;
      // Lower bound: the distinct values left without this session (at least one, when this one is seen outside).
      const distinct = Math.max(1, counts.size - inSession);
      // A new value matters only where new values are themselves rare (names and ids are new all the time),
      // and no value is uncommon where even one use is an average value's share: then the value need not be looked up.
      const neverNew = unseenProbability(stats.singles - inSession, uses) > weights.maxProbability;
      const neverUncommon = distinct / (uses + 1) > weights.maxUncommonRatio;
      if (neverNew && neverUncommon) continue;
      const v = valueIds[q];
      const outside = (counts.get(v < 0 ? '' : events.valueStrings[v]) ?? 0) - inSession;
      if (outside > 0 && (outside * distinct) / (uses + 1) > weights.maxUncommonRatio) continue;
      return false;
    }
  }
  return true;
}

/** Value id of param p in event e (-1 empty), or -2 when the event lacks p. */
function paramValueAt(events: EventTable, e: number, p: number): number {
  for (let q = events.paramOffsets[e]; q < events.paramOffsets[e + 1]; q++) if (events.paramIds[q] === p) return events.valueIds[q];
  return -2;
}
