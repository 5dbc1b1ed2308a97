// Deterministic generator of Exchange Online admin audit logs (OfficeActivity
// shaped): the committed sample, the benchmark inputs and the
// distinct-command logs for the training benchmark all come from here.
//
// Everything is driven by one seeded PRNG, so the same options give the same
// bytes. Events are produced session by session, newest session first, and
// kept in a small heap until no later-generated session can still precede
// them: the output is sorted newest first with memory bounded by the events
// of one session length, whatever the number of events.
//
// This file is the entry point its users import; the code lives in scripts/gen/:
//   options.ts    options, the committed sample's recipe, shared types
//   rng.ts        the seeded PRNG (sfc32), string-seed hashing, GUIDs
//   directory.ts  the fictional tenant: names, groups, policies, IPs
//   session.ts    one session being built, the mailbox population, param helpers
//   workflows.ts  the admin tasks a session can be
//   anomalies.ts  the injected attacks and their descriptions
//   actors.ts     who runs sessions, from where, doing what
//   heap.ts       newest-first ordering in bounded memory
//   format.ts     CSV / JSONL / JSON records
//   generate.ts   generateLog, generateToString, the anomalies sidecar
//   distinct.ts   distinct-command logs for the training benchmark

export {
  CSV_HEADER,
  SAMPLE_ANOMALIES_PATH,
  SAMPLE_DEFAULTS,
  SAMPLE_PATH,
  type GenFormat,
  type GenOptions,
  type GenProfile,
  type Sink,
} from './gen/options';
export { Rng } from './gen/rng';
export { csvField } from './gen/format';
export { anomaliesSidecar, generateLog, generateToString, type GenReport, type InjectedAnomaly } from './gen/generate';
export { commandName, generateDistinctCommandsCsv, type DistinctOptions } from './gen/distinct';
