// Property tests: the closed-form smoothing equals a literal add-one
// construction; the sessionizer keeps every event once, each session one
// user in time order (file order on ties), and splits only at a change of
// user, a gap over the limit or the session length limit.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { EventTableBuilder } from '../../src/engine/events';
import { paramRow, probabilities, valueProbability, type Model } from '../../src/engine/model/model';
import { trainModel } from '../../src/engine/model/train';
import { sessionize } from '../../src/engine/sessionize';
import { END_TOKEN, START_TOKEN, UNK_TOKEN, type EventTable, type SessionType } from '../../src/engine/types';

type Cmd = { name: string; params: Map<string, string> };

/** ALGORITHM.md sections 3-4 built literally, with the O(V^2) tables. */
function literalModel(sessions: Cmd[][]) {
  const inc = (m: Map<string, number>, k: string, by = 1) => m.set(k, (m.get(k) ?? 0) + by);
  const inc2 = (m: Map<string, Map<string, number>>, a: string, b: string) => {
    if (!m.has(a)) m.set(a, new Map());
    inc(m.get(a)!, b);
  };
  const seq1 = new Map<string, number>();
  const seq2 = new Map<string, Map<string, number>>();
  const params = new Map<string, number>();
  const cmdParams = new Map<string, Map<string, number>>();
  const values = new Map<string, number>();
  const paramValues = new Map<string, Map<string, number>>();
  for (const s of sessions) {
    inc(seq1, START_TOKEN);
    let prev = START_TOKEN;
    for (const c of s) {
      inc(seq1, c.name);
      inc2(seq2, prev, c.name);
      prev = c.name;
      for (const [p, v] of c.params) {
        inc(params, p);
        inc2(cmdParams, c.name, p);
        if (v !== '') {
          inc(values, v);
          inc2(paramValues, p, v);
        }
      }
    }
    inc2(seq2, prev, END_TOKEN);
    inc(seq1, END_TOKEN);
  }
  const rawCmdParams = new Map([...cmdParams].map(([k, v]) => [k, new Set(v.keys())]));
  const rawParamValues = new Map([...paramValues].map(([k, v]) => [k, new Set(v.keys())]));
  const C = [...seq1.keys(), UNK_TOKEN];
  for (const a of C) {
    for (const b of C) {
      if (a === END_TOKEN || b === START_TOKEN) continue;
      inc(seq1, a);
      inc2(seq2, a, b);
      inc(seq1, b);
    }
  }
  const P = [...params.keys(), UNK_TOKEN];
  for (const a of C) for (const p of P) if (rawCmdParams.get(a)?.has(p) || p === UNK_TOKEN) {
    inc(params, p);
    inc2(cmdParams, a, p);
  }
  const W = [...values.keys(), UNK_TOKEN];
  for (const p of P) for (const v of W) if (rawParamValues.get(p)?.has(v) || v === UNK_TOKEN) {
    inc(values, v);
    inc2(paramValues, p, v);
  }
  const total = [...seq1.values()].reduce((a, b) => a + b, 0);
  const rowSum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const look = <T>(m: Map<string, T>, k: string) => m.get(k) ?? m.get(UNK_TOKEN)!;
  return {
    C,
    P,
    cmdParams,
    paramValues,
    prior: (c: string) => look(seq1, c) / total,
    trans: (a: string, b: string) => {
      const row = look(seq2, a);
      return (row.get(b) ?? row.get(UNK_TOKEN)!) / rowSum(row);
    },
    paramGivenCmd: (c: string, p: string) => {
      const row = look(cmdParams, c);
      return (row.get(p) ?? row.get(UNK_TOKEN)!) / look(seq1, c);
    },
    valueGivenParam: (p: string, v: string) => {
      const row = look(paramValues, p);
      return (row.get(v) ?? row.get(UNK_TOKEN)!) / rowSum(row);
    },
  };
}

function table(sessions: Cmd[][]): { events: EventTable; model: (t: SessionType) => Model } {
  const b = new EventTableBuilder(['user'], true);
  // One user per session, one minute apart, so each input session stays one session.
  sessions.forEach((s, i) => s.forEach((c, j) => b.add([`u${i}`], j * 1000, 0, c.name, c.params, 1, 1)));
  const events = b.build();
  const sessionTable = sessionize(events, { maxSessionMinutes: 1e9, maxGapMinutes: 1e9, boundary: 'strict' });
  // Every param modellable, so the value tables of all params are compared.
  return { events, model: (t) => trainModel(events, sessionTable, t, t === 'cmds_params_values' ? events.paramNames : undefined) };
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));

const cmdArb = fc.record({
  name: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
  params: fc
    .uniqueArray(fc.tuple(fc.constantFrom('p', 'q', 'r', 's'), fc.constantFrom('', 'x', 'y', 'z')), { selector: (t) => t[0], maxLength: 3 })
    .map((ps) => new Map(ps)),
});
const sessionsArb = fc.array(fc.array(cmdArb, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 });

function modelId(m: Model, name: string): number {
  if (name === START_TOKEN) return m.commands.length;
  if (name === END_TOKEN) return m.commands.length + 1;
  return m.commandIndex.get(name) ?? -1;
}

describe('closed-form smoothing equals the literal add-one construction', function () {
  it('priors and transitions, including unseen commands', function () {
    fc.assert(
      fc.property(sessionsArb, (sessions) => {
        const lit = literalModel(sessions);
        const m = table(sessions).model('cmds_only');
        const p = probabilities(m);
        const names = [...lit.C, 'never-seen'];
        for (const a of names) {
          assert.ok(close(p.prior(modelId(m, a)), lit.prior(a)), `prior ${a}`);
          for (const b of names) assert.ok(close(p.transition(modelId(m, a), modelId(m, b)), lit.trans(a, b)), `trans ${a}->${b}`);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('params given command and values given param', function () {
    fc.assert(
      fc.property(sessionsArb, (sessions) => {
        const lit = literalModel(sessions);
        const m = table(sessions).model('cmds_params_values');
        for (const c of [...lit.C, 'never-seen']) {
          const row = new Map(paramRow(m, modelId(m, c)).map(([q, v]) => [q < 0 ? UNK_TOKEN : m.params[q], v]));
          const litRow = lit.cmdParams.get(c) ?? lit.cmdParams.get(UNK_TOKEN)!;
          assert.deepEqual([...row.keys()].sort(), [...litRow.keys()].sort(), `param row of ${c}`);
          for (const p of litRow.keys()) assert.ok(close(row.get(p)!, lit.paramGivenCmd(c, p)), `param ${p} | ${c}`);
        }
        for (const p of lit.P) {
          if (p === UNK_TOKEN) continue;
          const q = m.paramIndex.get(p)!;
          for (const v of ['x', 'y', 'z', 'never-seen', '']) {
            assert.ok(close(valueProbability(m, q, v || undefined), lit.valueGivenParam(p, v || UNK_TOKEN)), `value ${v} | ${p}`);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('sessionizer', function () {
  const eventsArb = fc.array(
    fc.record({ user: fc.constantFrom('alice', 'bob', '', 'carol'), t: fc.integer({ min: 0, max: 3_600_000 }), ns: fc.integer({ min: 0, max: 999_999 }) }),
    { minLength: 1, maxLength: 300 },
  );
  const optsArb = fc.record({
    maxSessionMinutes: fc.integer({ min: 0, max: 30 }),
    maxGapMinutes: fc.integer({ min: 0, max: 10 }),
    boundary: fc.constantFrom('strict' as const, 'inclusive' as const),
  });

  it('keeps every event exactly once, each session one user in time order, splitting only where the rules say', function () {
    fc.assert(
      fc.property(eventsArb, optsArb, (evs, opts) => {
        const b = new EventTableBuilder(['user'], false);
        evs.forEach((e, i) => b.add([e.user], e.t, e.ns, 'cmd', undefined, i + 1, i + 1));
        const events = b.build();
        const s = sessionize(events, opts);
        const seen = Array.from(s.eventOrder).sort((x, y) => x - y);
        assert.deepEqual(seen, evs.map((_, i) => i));
        const time = (i: number) => events.timeMs[i] + events.timeNs[i] / 1e6;
        const exceeds = (d: number, limit: number) => (opts.boundary === 'strict' ? d > limit : d >= limit);
        for (let k = 0; k < s.count; k++) {
          const ids = Array.from(s.eventOrder.subarray(s.offsets[k], s.offsets[k + 1]));
          assert.ok(ids.length > 0);
          for (let j = 1; j < ids.length; j++) {
            const [a, c] = [ids[j - 1], ids[j]];
            assert.equal(evs[a].user, evs[c].user);
            assert.ok(time(a) < time(c) || (time(a) === time(c) && a < c), 'time order, file order on ties');
            assert.ok(!exceeds(time(c) - time(a), opts.maxGapMinutes * 60_000), 'gap within limit');
            assert.ok(!exceeds(time(c) - time(ids[0]), opts.maxSessionMinutes * 60_000), 'length within limit');
          }
          if (k + 1 < s.count) {
            // A new session starts only for a reason: another user, a gap or the length limit.
            const last = ids[ids.length - 1];
            const next = s.eventOrder[s.offsets[k + 1]];
            const reason =
              evs[last].user !== evs[next].user ||
              exceeds(time(next) - time(last), opts.maxGapMinutes * 60_000) ||
              exceeds(time(next) - time(ids[0]), opts.maxSessionMinutes * 60_000);
            assert.ok(reason, 'split without a reason');
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
