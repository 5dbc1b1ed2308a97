// Parity with the reference (msticpy's anomalous_sequence) on its public demo
// data: the same sessions, model and every score, to 1e-9 relative.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { LoadedLog } from '../../src/engine/stages';
import { eventParams, eventUsers } from '../../src/engine/events';
import { paramRow, probabilities, valueProbability, type Model } from '../../src/engine/model/model';
import { loadLog, scoreLog } from '../../src/engine/pipeline';
import { formatInstant, toInstant } from '../../src/engine/read/time';
import { sessionEvents } from '../../src/engine/sessionize';
import { END_TOKEN, SESSION_TYPES, START_TOKEN, UNK_TOKEN } from '../../src/engine/types';
import { loadReference, REFERENCE_CSV, requireReference, type Reference } from './referenceData';

const TOLERANCE = 1e-9;

function assertClose(actual: number, expected: number | null, what: string): void {
  if (expected === null) {
    assert.ok(Number.isNaN(actual), `${what}: expected NaN, got ${actual}`);
    return;
  }
  const rel = Math.abs(actual - expected) / Math.max(Math.abs(expected), Number.MIN_VALUE);
  assert.ok(rel <= TOLERANCE, `${what}: expected ${expected}, got ${actual} (relative error ${rel})`);
}

/** Model id of a reference token or command name. */
function id(m: Model, name: string): number {
  if (name === START_TOKEN) return m.commands.length;
  if (name === END_TOKEN) return m.commands.length + 1;
  if (name === UNK_TOKEN) return -1;
  const i = m.commandIndex.get(name);
  assert.ok(i !== undefined, `command ${name} missing from the model`);
  return i;
}

describe('parity with the reference (demo Exchange data)', function () {
  let ref: Reference;
  let log: LoadedLog;

  before(async function () {
    requireReference(this);
    ref = loadReference();
    log = await loadLog({
      file: REFERENCE_CSV,
      mapping: { users: ref.user_identifier_cols, time: ref.time_col, event: 'Operation', params: 'Parameters' },
    });
  });

  it('auto-detects the columns the reference used', async function () {
    const auto = await loadLog({ file: REFERENCE_CSV });
    assert.deepEqual(auto.mapping, { users: ['UserId', 'ClientIP'], time: 'TimeGenerated', event: 'Operation', params: 'Parameters' });
  });

  for (const type of SESSION_TYPES) {
    describe(type, function () {
      const sessionize = () => ({ maxSessionMinutes: ref.max_session_time_mins, maxGapMinutes: ref.max_event_separation_mins });

      it('makes the same sessions in the same order', function () {
        const scored = scoreLog(log, sessionize(), { sessionType: type });
        const expected = ref.session_types[type].sessions;
        assert.equal(scored.sessions.count, expected.length);
        for (let s = 0; s < expected.length; s++) {
          const evs = sessionEvents(scored.sessions, s);
          const e = expected[s];
          const users = eventUsers(log.events, evs[0]);
          assert.deepEqual(users, [e.UserId, e.ClientIP], `session ${s} users`);
          assert.equal(log.events.timeMs[evs[0]], toInstant(e.start)!.ms, `session ${s} start`);
          assert.equal(log.events.timeMs[evs[evs.length - 1]], toInstant(e.end)!.ms, `session ${s} end`);
          assert.equal(evs.length, e.number_events, `session ${s} count`);
          assert.deepEqual(
            Array.from(evs, (x) => log.events.commandNames[log.events.commandIds[x]]),
            e.cmds,
            `session ${s} commands`,
          );
        }
      });

      it('trains the same model (priors, transitions, params, values)', function () {
        const { model } = scoreLog(log, sessionize(), { sessionType: type });
        const p = probabilities(model);
        const expected = ref.session_types[type].model;
        for (const [c, v] of Object.entries(expected.prior_probs)) assertClose(p.prior(id(model, c)), v, `prior[${c}]`);
        for (const [a, row] of Object.entries(expected.trans_probs)) {
          for (const [b, v] of Object.entries(row)) assertClose(p.transition(id(model, a), id(model, b)), v, `trans[${a}][${b}]`);
        }
        if (expected.param_cond_cmd_probs) {
          for (const [c, row] of Object.entries(expected.param_cond_cmd_probs)) {
            const mine = new Map(paramRow(model, id(model, c)).map(([q, v]) => [q < 0 ? UNK_TOKEN : model.params[q], v]));
            assert.deepEqual([...mine.keys()].sort(), Object.keys(row).sort(), `params of ${c}`);
            for (const [param, v] of Object.entries(row)) assertClose(mine.get(param)!, v, `param_cond_cmd[${c}][${param}]`);
          }
        }
        if (expected.modellable_params) {
          assert.deepEqual([...model.modellable].map((q) => model.params[q]).sort(), [...expected.modellable_params].sort());
        }
        if (expected.value_cond_param_probs) {
          for (const [param, row] of Object.entries(expected.value_cond_param_probs)) {
            const q = model.paramIndex.get(param)!;
            for (const [value, v] of Object.entries(row)) {
              assertClose(valueProbability(model, q, value === UNK_TOKEN ? undefined : value), v, `value_cond_param[${param}][${value}]`);
            }
          }
        }
      });

      it('gives every session the same full-session likelihood and geometric mean', function () {
        const { scores } = scoreLog(log, sessionize(), { sessionType: type });
        const expected = ref.session_types[type].scores;
        const lik = expected.session_likelihood as (number | null)[];
        const geo = expected.session_geomean_likelihood as (number | null)[];
        for (let s = 0; s < lik.length; s++) {
          assertClose(scores.sessionLikelihood[s], lik[s], `session ${s} likelihood`);
          assertClose(scores.sessionGeomeanLikelihood[s], geo[s], `session ${s} geomean likelihood`);
        }
      });

      for (const k of [2, 3, 4]) {
        for (const variant of ['', '_geomean', '_no_tokens'] as const) {
          it(`finds the same rarest window of ${k}${variant.replace(/_/g, ' ') || ' with tokens'}`, function () {
            const { scores, sessions } = scoreLog(log, sessionize(), {
              sessionType: type,
              window: k,
              useTokens: variant !== '_no_tokens',
              geomean: variant === '_geomean',
            });
            const expected = ref.session_types[type].scores;
            const liks = expected[`rarest_window${k}${variant}_likelihood`] as (number | null)[];
            const windows = expected[`rarest_window${k}${variant}`] as (string[] | null)[];
            assert.equal(liks.length, sessions.count);
            for (let s = 0; s < liks.length; s++) {
              assertClose(scores.rarestWindowLikelihood[s], liks[s], `session ${s} rarest window likelihood`);
              const evs = sessionEvents(sessions, s);
              const from = scores.rarestWindowStart[s];
              const mine = from < 0 ? [] : Array.from(evs.subarray(from, from + scores.rarestWindowLength[s]), (e) => log.events.commandNames[log.events.commandIds[e]]);
              assert.deepEqual(mine, windows[s] ?? [], `session ${s} rarest window`);
              if (liks[s] !== null && liks[s]! > 0) assertClose(Math.exp(scores.rarestWindowLogLikelihood[s]), liks[s], `session ${s} log-likelihood`);
            }
          });
        }
      }
    });
  }

  it('scores pre-sessionized rows (the Kusto notebook shape) exactly like sessionized events', async function () {
    // Rows made from the reference's own sessions: UserId, ClientIP, begin, end, cmds (JSON array).
    const sessions = ref.session_types.cmds_only.sessions;
    const csvCell = (v: string) => `"${v.replace(/"/g, '""')}"`;
    const rows = sessions.map((s) => [s.UserId ?? '', s.ClientIP ?? '', s.start, s.end, JSON.stringify(s.cmds)].map(csvCell).join(','));
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'sessionscope-pre-')), 'sessions.csv');
    writeFileSync(file, ['UserId,ClientIP,begin,end,cmds', ...rows].join('\n') + '\n');
    const pre = await loadLog({ file });
    assert.ok(pre.sessionsFromFile, 'rows read as sessions');
    assert.deepEqual(pre.mapping, { users: ['UserId', 'ClientIP'], time: 'begin', event: 'cmds', params: undefined });
    const scored = scoreLog(pre, {}, { sessionType: 'cmds_only', window: 3 });
    assert.equal(scored.sessions.count, sessions.length);
    const expected = ref.session_types.cmds_only.scores.rarest_window3_likelihood as (number | null)[];
    for (let s = 0; s < sessions.length; s++) assertClose(scored.scores.rarestWindowLikelihood[s], expected[s], `row ${s + 2}`);
    assert.equal(pre.events.startLine[pre.events.count - 1], sessions.length + 1, 'events stand on their row');
  });

  it('scores pre-sessionized rows with the notebook\'s params, {"<command>": Parameters} per command, like the per-event run', async function () {
    // The notebook's KQL: params = make_list(pack(Operation, Parameters)), Parameters being JSON text.
    const sess = { maxSessionMinutes: ref.max_session_time_mins, maxGapMinutes: ref.max_event_separation_mins };
    const perEvent = scoreLog(log, sess, { sessionType: 'cmds_only' });
    const csvCell = (v: string) => `"${v.replace(/"/g, '""')}"`;
    const rows: string[] = [];
    for (let s = 0; s < perEvent.sessions.count; s++) {
      const evs = Array.from(sessionEvents(perEvent.sessions, s));
      const cmds = evs.map((e) => log.events.commandNames[log.events.commandIds[e]]);
      const params = evs.map((e, i) => ({ [cmds[i]]: JSON.stringify(eventParams(log.events, e).map(([Name, Value]) => ({ Name, Value }))) }));
      const [user, ip] = eventUsers(log.events, evs[0]);
      const begin = formatInstant(log.events.timeMs[evs[0]], log.events.timeNs[evs[0]]);
      const end = formatInstant(log.events.timeMs[evs[evs.length - 1]], log.events.timeNs[evs[evs.length - 1]]);
      rows.push([user ?? '', ip ?? '', begin, end, JSON.stringify(cmds), JSON.stringify(params)].map(csvCell).join(','));
    }
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'sessionscope-pre-')), 'sessions-params.csv');
    writeFileSync(file, ['UserId,ClientIP,begin,end,cmds,params', ...rows].join('\n') + '\n');
    const pre = await loadLog({ file });
    assert.ok(pre.sessionsFromFile, 'rows read as sessions');
    assert.equal(pre.mapping.params, 'params');
    for (const type of SESSION_TYPES) {
      const mine = scoreLog(pre, {}, { sessionType: type, window: 3 });
      const theirs = scoreLog(log, sess, { sessionType: type, window: 3 });
      const expected = ref.session_types[type].scores.rarest_window3_likelihood as (number | null)[];
      assert.equal(mine.sessions.count, expected.length);
      for (let s = 0; s < expected.length; s++) {
        assertClose(mine.scores.rarestWindowLikelihood[s], expected[s], `${type} row ${s + 2} rarest window`);
        assert.equal(mine.scores.rarestWindowLikelihood[s], theirs.scores.rarestWindowLikelihood[s], `${type} row ${s + 2} same as per event`);
        // Interning order differs (commands and params are met session by session), so products may differ in the last bit.
        assertClose(mine.scores.sessionLikelihood[s], theirs.scores.sessionLikelihood[s], `${type} row ${s + 2} session likelihood`);
      }
    }
  });
});
