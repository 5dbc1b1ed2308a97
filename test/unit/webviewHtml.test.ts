// The panel's HTML as the extension host serves it.

import assert from 'node:assert/strict';
import { renderPanelHtml } from '../../src/webviewHtml';

describe('panel HTML', function () {
  const base = { scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js', styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.css', nonce: 'abcdEFGH1234' };

  it("accepts VS Code's real cspSource, quotes included, and puts it in the policy", function () {
    const html = renderPanelHtml({ ...base, cspSource: "'self' https://*.vscode-cdn.net" });
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1];
    assert.ok(csp, 'a CSP meta tag');
    assert.match(csp, /script-src 'nonce-abcdEFGH1234'/);
    assert.match(csp, /style-src &#39;self&#39; https:\/\/\*\.vscode-cdn\.net|style-src 'self' https:\/\/\*\.vscode-cdn\.net/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  });

  it('exposes the test hooks only when asked (the extension in test mode)', function () {
    const cspSource = "'self' https://*.vscode-cdn.net";
    assert.match(renderPanelHtml({ ...base, cspSource }), /<body>/);
    assert.doesNotMatch(renderPanelHtml({ ...base, cspSource }), /data-test-hooks/);
    assert.match(renderPanelHtml({ ...base, cspSource, testHooks: true }), /<body data-test-hooks>/);
  });

  it('refuses a cspSource that would add a directive', function () {
    assert.throws(() => renderPanelHtml({ ...base, cspSource: "'self'; script-src *" }), /unexpected characters/);
  });
});
