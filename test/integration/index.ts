// The Mocha runner that VS Code loads inside the extension host
// (extensionTestsPath). It runs every compiled integration test file,
// out/test/integration/**/*.test.js, and rejects when any test fails or when
// there is nothing to run, so the harness reports a failure either way.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

function findTestFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTestFiles(full));
    else if (entry.isFile() && entry.name.endsWith('.test.js')) found.push(full);
  }
  return found.sort();
}

export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    color: false, // the output travels through the workbench console into a log
    timeout: Number(process.env.SESSIONSCOPE_INTEGRATION_TIMEOUT_MS ?? 60_000),
    reporter: 'spec',
  });
  // Offer the tdd names (suite/test/suiteSetup) next to bdd's (describe/it/before),
  // so feature test files can use either style.
  Mocha.interfaces.tdd(mocha.suite);
  const grep = process.env.SESSIONSCOPE_INTEGRATION_GREP;
  if (grep) mocha.grep(grep);

  const files = findTestFiles(__dirname);
  if (files.length === 0) throw new Error(`no integration test files (*.test.js) under ${__dirname}`);
  for (const file of files) mocha.addFile(file);
  await mocha.loadFilesAsync();

  const { failures, passes, total } = await new Promise<{ failures: number; passes: number; total: number }>((resolve) => {
    const runner = mocha.run((failures) => resolve({ failures, passes: runner.stats?.passes ?? 0, total: runner.total }));
  });
  console.log(`integration: ${passes} passed, ${failures} failed`);
  if (total === 0) throw new Error('the integration suite ran no test');
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}
