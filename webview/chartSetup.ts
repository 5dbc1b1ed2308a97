// Chart.js setup for the timeline: the parts registered, the options (two
// linear axes: epoch ms with our own UTC ticks, and log10 likelihood with
// log-styled labels), the tooltip's look and the theme's colours.

import { Chart, LinearScale, PointElement, ScatterController, Tooltip, type ActiveElement, type ChartOptions, type Scale } from 'chart.js';
import type { Range } from './aggregate';
import { formatLogTick } from './format';
import type { ChartTheme } from './theme';
import type { TooltipText } from './timelineTooltip';
import { chooseStep, formatTimeTick, maxTimeTicks, utcTicks, type TimeStep } from './timeTicks';

Chart.register(ScatterController, PointElement, LinearScale, Tooltip);

export const X_AXIS_TITLE = 'Session start (UTC)';
export const Y_AXIS_TITLE = 'Rarest-window likelihood (log scale, rarer = lower)';

export interface ChartHooks {
  /** A click with the elements under it (all of them: `interaction.mode` is 'point'). */
  onClick(elements: ActiveElement[]): void;
  onResize(): void;
  /** Whether a dataset is left out of the tooltip (the dimmed cells). */
  quiet(datasetIndex: number): boolean;
  tooltip: TooltipText;
}

/** Round UTC ticks, about one per 110 px, labelled as precisely as their step. */
function timeAxisTicks(): { place(axis: Scale): void; label(value: number, index: number): string } {
  let step: TimeStep = { ms: 86_400_000 };
  let span = 0;
  return {
    place(axis) {
      step = chooseStep(axis.min, axis.max, maxTimeTicks(axis.width || 800));
      span = axis.max - axis.min;
      axis.ticks = utcTicks(axis.min, axis.max, step).map((value) => ({ value }));
    },
    label: (value, index) => formatTimeTick(value, step, index === 0, span),
  };
}

export function chartOptions(view: Range, hooks: ChartHooks, theme: ChartTheme): ChartOptions<'scatter'> {
  const time = timeAxisTicks();
  const options: ChartOptions<'scatter'> = {
    parsing: false,
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    events: ['click', 'mousemove', 'mouseout'],
    // Every point under the pointer, not only the nearest: tied points are listed and a click picks the rarest.
    interaction: { mode: 'point', intersect: true },
    onClick: (_event, elements) => hooks.onClick(elements),
    onResize: () => hooks.onResize(),
    scales: {
      x: {
        // Epoch ms on a linear axis: Chart.js's time axis needs a date
        // adapter, and its ticks are replaced by ours anyway.
        type: 'linear',
        bounds: 'data',
        min: view.xMin,
        max: view.xMax,
        title: { display: true, text: X_AXIS_TITLE },
        afterBuildTicks: (axis) => time.place(axis),
        ticks: {
          maxRotation: 0,
          autoSkip: true,
          autoSkipPadding: 16,
          callback: (value, index) => time.label(Number(value), index),
        },
      },
      y: {
        type: 'linear',
        min: view.yMin,
        max: view.yMax,
        title: { display: true, text: Y_AXIS_TITLE },
        // Only nice values: the bounds are data extents, not round numbers.
        ticks: { includeBounds: false, callback: (value) => formatLogTick(Number(value)) },
      },
    },
    plugins: {
      legend: { display: false },
      tooltip: {
        // One tooltip for everything under the pointer: its lines come from all items at once.
        filter: (item) => !hooks.quiet(item.datasetIndex),
        displayColors: false,
        caretPadding: 6,
        callbacks: {
          title: (items) => hooks.tooltip.title(items),
          label: (item) => hooks.tooltip.lines(item),
          afterBody: (items) => hooks.tooltip.more(items),
        },
      },
    },
  };
  applyTheme(options, theme);
  return options;
}

export function applyTheme(options: ChartOptions<'scatter'>, t: ChartTheme): void {
  const font = { family: t.fontFamily, size: t.fontSize - 1 };
  for (const axis of [options.scales?.x, options.scales?.y]) {
    if (!axis) continue;
    axis.grid = { color: t.grid };
    axis.border = { color: t.grid };
    axis.ticks = { ...axis.ticks, color: t.muted, font };
    if (axis.title) axis.title = { ...axis.title, color: t.foreground, font };
  }
  const tooltip = options.plugins?.tooltip;
  if (tooltip) {
    tooltip.backgroundColor = t.tooltipBackground;
    tooltip.titleColor = t.tooltipForeground;
    tooltip.bodyColor = t.tooltipForeground;
    tooltip.borderColor = t.tooltipBorder;
    tooltip.borderWidth = 1;
    tooltip.titleFont = { ...font, weight: 'bold' };
    tooltip.bodyFont = font;
  }
}
