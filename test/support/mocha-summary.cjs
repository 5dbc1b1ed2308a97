// Mocha reporter for every Mocha tier (unit, integration): the spec report for
// people, plus the run's counts as JSON in $SESSIONSCOPE_SUMMARY_FILE (when
// set) for scripts/run-tests.mjs, which reads counts from there and never from
// the printed text.
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS module: Mocha require()s its reporter */
'use strict';
const { writeFileSync } = require('node:fs');
const Mocha = require('mocha');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const file = process.env.SESSIONSCOPE_SUMMARY_FILE;
      if (!file) return;
      const s = this.stats;
      writeFileSync(file, `${JSON.stringify({ runner: 'mocha', passed: s.passes, failed: s.failures, skipped: s.pending, total: runner.total })}\n`);
    });
  }
}

module.exports = SummaryReporter;
