// Canvas colours come from the same --vscode-* variables as the CSS. VS Code
// swaps the variables and the body class (vscode-light / vscode-dark /
// vscode-high-contrast) when the theme changes, so we re-read on that.

export interface ChartTheme {
  foreground: string;
  muted: string;
  grid: string;
  background: string;
  focus: string;
  /** Colours for the busiest users, in order. */
  userPalette: string[];
  other: string;
  /** Rarest band first. */
  bandPalette: string[];
  tooltipBackground: string;
  tooltipForeground: string;
  tooltipBorder: string;
  fontFamily: string;
  fontSize: number;
}

function readVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const value = style.getPropertyValue(name).trim();
  return value === '' ? fallback : value;
}

export function readTheme(root: Element = document.body): ChartTheme {
  const s = getComputedStyle(root);
  const v = (name: string, fallback: string): string => readVar(s, name, fallback);
  const foreground = v('--vscode-editor-foreground', v('--vscode-foreground', '#cccccc'));
  const red = v('--vscode-charts-red', '#f14c4c');
  const orange = v('--vscode-charts-orange', '#d18616');
  const yellow = v('--vscode-charts-yellow', '#cca700');
  const blue = v('--vscode-charts-blue', '#3794ff');
  const green = v('--vscode-charts-green', '#89d185');
  const purple = v('--vscode-charts-purple', '#b180d7');
  const cyan = v('--vscode-terminal-ansiCyan', '#29b8db');
  const magenta = v('--vscode-terminal-ansiMagenta', '#bc3fbc');
  const muted = v('--vscode-descriptionForeground', '#9d9d9d');
  return {
    foreground,
    muted,
    grid: v('--vscode-editorWidget-border', v('--vscode-panel-border', 'rgba(128,128,128,0.35)')),
    background: v('--vscode-editor-background', '#1e1e1e'),
    focus: v('--vscode-focusBorder', '#007fd4'),
    userPalette: [blue, orange, green, purple, yellow, cyan, magenta, red],
    other: muted,
    // Four clearly different hues (orange and yellow are near twins in VS Code's
    // chart palette); the ordinary rest in the muted grey.
    bandPalette: [red, yellow, blue, muted],
    tooltipBackground: v('--vscode-editorHoverWidget-background', '#252526'),
    tooltipForeground: v('--vscode-editorHoverWidget-foreground', foreground),
    tooltipBorder: v('--vscode-editorHoverWidget-border', '#454545'),
    fontFamily: v('--vscode-font-family', 'system-ui, sans-serif'),
    fontSize: parseFloat(v('--vscode-font-size', '13')) || 13,
  };
}

/** Calls back whenever VS Code switches theme (body class or root style change). */
export function observeTheme(onChange: () => void): () => void {
  const observer = new MutationObserver(() => onChange());
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  return () => observer.disconnect();
}

/** Adds an alpha channel to a CSS colour by letting the canvas parse it. */
export function withAlpha(colour: string, alpha: number): string {
  const ctx = scratchContext();
  if (ctx === null) return colour;
  ctx.fillStyle = '#000000';
  ctx.fillStyle = colour;
  const parsed = ctx.fillStyle;
  if (parsed.startsWith('#') && parsed.length === 7) {
    const r = parseInt(parsed.slice(1, 3), 16);
    const g = parseInt(parsed.slice(3, 5), 16);
    const b = parseInt(parsed.slice(5, 7), 16);
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }
  const m = /^rgba?\(([^,]+),([^,]+),([^,)]+)/.exec(parsed);
  return m ? `rgba(${m[1].trim()}, ${m[2].trim()}, ${m[3].trim()}, ${alpha})` : colour;
}

let scratch: CanvasRenderingContext2D | null | undefined;
function scratchContext(): CanvasRenderingContext2D | null {
  if (scratch === undefined) scratch = document.createElement('canvas').getContext('2d');
  return scratch;
}
