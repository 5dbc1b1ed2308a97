// The Sessionscope panel's HTML. The extension host serves exactly this page,
// and the webview tests load the same page, so CSP problems show up in tests.
// No 'vscode' import: tests call it from plain Node.

export interface PanelHtmlOptions {
  /** webview.asWebviewUri(dist/webview.js), as a string. */
  scriptUri: string;
  /** webview.asWebviewUri(dist/webview.css), as a string. */
  styleUri: string;
  /** Codicons stylesheet, when the extension ships one (vscode-elements icons use it). */
  codiconsUri?: string;
  /** webview.cspSource. */
  cspSource: string;
  /** A fresh random nonce per page load; letters and digits only. */
  nonce: string;
  /** Expose the read-only `window.__sessionscope` hooks (tests, and the extension in test mode only). */
  testHooks?: boolean;
}

const NONCE_PATTERN = /^[A-Za-z0-9+/=_-]{8,}$/;

function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

export function renderPanelHtml(options: PanelHtmlOptions): string {
  const { scriptUri, styleUri, codiconsUri, cspSource, nonce } = options;
  if (!NONCE_PATTERN.test(nonce)) throw new Error('renderPanelHtml: the nonce must be at least 8 letters or digits');
  // VS Code's cspSource is a list of sources such as `'self' https://*.vscode-cdn.net`: quotes
  // belong there; a ';' or line break would start another directive.
  if (/[;"<>\r\n]/.test(cspSource)) throw new Error('renderPanelHtml: unexpected characters in cspSource');
  const codicons = codiconsUri
    ? `\n    <link rel="stylesheet" id="vscode-codicon-stylesheet" href="${escapeAttr(codiconsUri)}" nonce="${nonce}">`
    : '';
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${escapeAttr(contentSecurityPolicy(cspSource, nonce))}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <link rel="stylesheet" href="${escapeAttr(styleUri)}" nonce="${nonce}">${codicons}
    <title>Sessionscope</title>
  </head>
  <body${options.testHooks === true ? ' data-test-hooks' : ''}>
    <div id="app"></div>
    <script nonce="${nonce}" src="${escapeAttr(scriptUri)}"></script>
  </body>
</html>
`;
}
