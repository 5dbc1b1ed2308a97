// The timeline's legend, in HTML so user names stay text (and selectable).

import { h, replaceChildren } from './dom';
import { truncateMiddle } from './format';
import { BAND_LABELS, insightKindLabel, OTHER_USERS_GROUP, type ResultModel } from './model';
import type { ColourMode } from './timeline';

const LEGEND_CHARS = 40;

export function renderLegend(
  container: HTMLElement,
  model: ResultModel,
  mode: ColourMode,
  colourOf: (mode: ColourMode, group: number) => string,
): void {
  const entries: [string, number][] =
    mode === 'band'
      ? BAND_LABELS.map((label, g): [string, number] => [label, g])
      : mode === 'insight'
        ? [...model.result.insightKinds.slice(0, OTHER_USERS_GROUP).map((k, g): [string, number] => [`Top insight: ${insightKindLabel(k)}`, g]), ['No insights', OTHER_USERS_GROUP]]
        : [...model.topUsers.map((u, g): [string, number] => [model.userLabels[u], g]), ['Other users', OTHER_USERS_GROUP]];
  const items = entries.map(([label, g]) => {
    const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
    swatch.style.backgroundColor = colourOf(mode, g);
    // Users often differ only at the end (ARNs, UPNs of one tenant): shorten in the middle, full text in the tooltip.
    return h('li', { class: 'legend-item', title: label }, swatch, truncateMiddle(label, LEGEND_CHARS));
  });
  replaceChildren(container, ...items);
}
