// The panel's HTML as the extension host serves it.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { renderPanelHtml } from '../../src/webviewHtml';

const DIST = path.resolve(__dirname, '../../../dist');

describe('panel HTML', function () {
  const base = {
    script: 'console.log("panel");\n//# sourceMappingURL=webview.js.map\n',
    style: 'body{margin:0}\n/*# sourceMappingURL=webview.css.map */\n',
    distUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist',
    nonce: 'abcdEFGH1234',
  };

  it("accepts VS Code's real cspSource, quotes included, and puts it in the policy", function () {
    const html = renderPanelHtml({ ...base, cspSource: "'self' https://*.vscode-cdn.net" });
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1];
    assert.ok(csp, 'a CSP meta tag');
    assert.match(csp, /script-src 'nonce-abcdEFGH1234'/);
    assert.match(csp, /style-src &#39;self&#39; https:\/\/\*\.vscode-cdn\.net|style-src 'self' https:\/\/\*\.vscode-cdn\.net/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  });

  it('puts the bundles in the page under the nonce, their source maps linked from distUri', function () {
    const html = renderPanelHtml({ ...base, cspSource: "'self'" });
    assert.match(html, /<script nonce="abcdEFGH1234">console\.log\("panel"\);\n\/\/# sourceMappingURL=https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/dist\/webview\.js\.map\n<\/script>/);
    assert.match(html, /<style nonce="abcdEFGH1234">body\{margin:0\}\n\/\*# sourceMappingURL=https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/dist\/webview\.css\.map \*\/\n<\/style>/);
    assert.doesNotMatch(html, /<script[^>]* src=|<link rel="stylesheet"/, 'nothing is fetched');
    assert.equal(html.match(/<script/g)?.length, 1, 'one script element');
  });

  it('puts the built bundles in the page whole', function () {
    const script = readFileSync(path.join(DIST, 'webview.js'), 'utf8');
    const style = readFileSync(path.join(DIST, 'webview.css'), 'utf8');
    const html = renderPanelHtml({ ...base, script, style, cspSource: "'self'" });
    const inline = /<script nonce="abcdEFGH1234">([\s\S]*)<\/script>/.exec(html)?.[1] ?? '';
    assert.equal(inline.replace(/sourceMappingURL=\S+/, ''), script.replace(/sourceMappingURL=\S+/, ''));
  });

  it('refuses a bundle that would end its element early or open an HTML comment', function () {
    const cspSource = "'self'";
    assert.throws(() => renderPanelHtml({ ...base, cspSource, script: 'let s = "</SCRIPT><script>alert(1)</script>";' }), /script bundle contains/);
    assert.throws(() => renderPanelHtml({ ...base, cspSource, script: 'let s = "<!--";' }), /script bundle contains/);
    assert.throws(() => renderPanelHtml({ ...base, cspSource, style: 'a{content:"</style>"}' }), /style bundle contains/);
  });

  it('exposes the test hooks only when asked (the extension in test mode)', function () {
    const cspSource = "'self' https://*.vscode-cdn.net";
    assert.match(renderPanelHtml({ ...base, cspSource }), /<body>/);
    assert.doesNotMatch(renderPanelHtml({ ...base, cspSource }), /data-test-hooks/);
    assert.match(renderPanelHtml({ ...base, cspSource, testHooks: true }), /<body data-test-hooks>/);
  });

  it('refuses a cspSource that would add a directive, and a distUri that would end its comment', function () {
    assert.throws(() => renderPanelHtml({ ...base, cspSource: "'self'; script-src *" }), /unexpected characters/);
    assert.throws(() => renderPanelHtml({ ...base, cspSource: "'self'", distUri: 'https://x/dist*/' }), /unexpected characters in distUri/);
    assert.throws(() => renderPanelHtml({ ...base, cspSource: "'self'", distUri: 'https://x/a b' }), /unexpected characters in distUri/);
  });
});
