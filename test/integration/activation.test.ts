// Smoke test: the real extension loads in a real VS Code extension host,
// activates, and registers every command its manifest declares.
import * as assert from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'sessionscope.sessionscope';

interface ManifestCommand {
  command: string;
  title: string;
}

describe('Sessionscope activation', () => {
  let extension: vscode.Extension<unknown>;

  before(() => {
    const found = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(found, `extension ${EXTENSION_ID} is not installed in the extension host`);
    extension = found;
  });

  it('activates without throwing', async () => {
    await extension.activate();
    assert.strictEqual(extension.isActive, true, `${EXTENSION_ID} did not become active`);
  });

  it('registers every command declared in package.json contributes.commands', async () => {
    await extension.activate();
    // The manifest as VS Code loaded it from package.json, so the test follows new commands.
    const declared = ((extension.packageJSON.contributes?.commands ?? []) as ManifestCommand[]).map((c) => c.command);
    assert.ok(declared.includes('sessionscope.scoreFile'), `package.json declares no sessionscope.scoreFile command (declared: ${declared.join(', ') || 'none'})`);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = declared.filter((id) => !registered.has(id));
    assert.deepStrictEqual(missing, [], `declared in package.json but not registered after activation: ${missing.join(', ')}`);
  });

  it('opens the sample log that the test workspace provides', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the integration run opened no workspace folder');
    const sample = vscode.Uri.joinPath(folder.uri, 'exchange-admin-sample.csv');
    const stat = await vscode.workspace.fs.stat(sample);
    assert.ok(stat.size > 0, `${sample.fsPath} is empty`);
  });
});
