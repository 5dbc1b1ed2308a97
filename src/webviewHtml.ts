// The Sessionscope panel's HTML. The extension host serves exactly this page,
// and the webview tests load the same page, so CSP problems show up in tests.
// No 'vscode' import: tests call it from plain Node.

export interface PanelHtmlOptions {
  /**
   * The page's script (dist/webview.js) and stylesheet (dist/webview.css), put
   * into the page itself under the nonce. A webview fetches each linked file
   * through VS Code's resource loader, a round trip through the workbench
   * that cost 0.3 s of the first panel's 1.4 s to show the bundled sample
   * (docs/performance.md, "Command to panel for the bundled sample", session 7).
   */
  script: string;
  style: string;
  /**
   * webview.asWebviewUri(dist) as a string: the bundles' source maps are
   * linked from there (an inline script's relative link would resolve
   * against the webview's own document).
   */
  distUri: string;
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

/**
 * The text of a bundle, made safe to stand inside its element: it must not
 * end the element early (`</script`, `</style`) or open an HTML comment that
 * changes how the parser reads the rest (`<!--`). esbuild's output has
 * neither (it escapes them in strings); anything else is refused rather than
 * altered. Its source-map comment points to the map under `distUri`.
 */
function inlineBundle(text: string, element: 'script' | 'style', distUri: string): string {
  if (new RegExp(`</${element}|<!--`, 'i').test(text)) throw new Error(`renderPanelHtml: the ${element} bundle contains "</${element}" or "<!--"; it cannot be put inline`);
  return text.replace(/(\/[/*]# sourceMappingURL=)([\w.-]+\.map)/g, (_m, lead: string, name: string) => `${lead}${distUri.replace(/\/$/, '')}/${name}`);
}

export function renderPanelHtml(options: PanelHtmlOptions): string {
  const { codiconsUri, cspSource, nonce, distUri } = options;
  if (!NONCE_PATTERN.test(nonce)) throw new Error('renderPanelHtml: the nonce must be at least 8 letters or digits');
  // VS Code's cspSource is a list of sources such as `'self' https://*.vscode-cdn.net`: quotes
  // belong there; a ';' or line break would start another directive.
  if (/[;"<>\r\n]/.test(cspSource)) throw new Error('renderPanelHtml: unexpected characters in cspSource');
  if (/[\s"<>]|\*\//.test(distUri)) throw new Error('renderPanelHtml: unexpected characters in distUri');
  const codicons = codiconsUri
    ? `\n    <link rel="stylesheet" id="vscode-codicon-stylesheet" href="${escapeAttr(codiconsUri)}" nonce="${nonce}">`
    : '';
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${escapeAttr(contentSecurityPolicy(cspSource, nonce))}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <style nonce="${nonce}">${inlineBundle(options.style, 'style', distUri)}</style>${codicons}
    <title>Sessionscope</title>
  </head>
  <body${options.testHooks === true ? ' data-test-hooks' : ''}>
    <div id="app"></div>
    <script nonce="${nonce}">${inlineBundle(options.script, 'script', distUri)}</script>
  </body>
</html>
`;
}
