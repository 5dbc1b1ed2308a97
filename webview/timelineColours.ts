// Colouring of the timeline: which colour group a session falls in (by user,
// likelihood band or top insight kind) and the colour of each group.

import { OTHER_USERS_GROUP, type ResultModel } from './model';
import type { ChartTheme } from './theme';

export type ColourMode = 'user' | 'band' | 'insight';

/** Colour groups: 8 users + "other" (the band mode uses the first 4). */
export const GROUPS = OTHER_USERS_GROUP + 1;

/** The colour group of each session under a colour mode. */
export function groupOf(model: ResultModel, mode: ColourMode): (index: number) => number {
  if (mode === 'band') return (i) => model.band[i];
  if (mode === 'insight') {
    const top = model.result.sessions.topKind;
    return (i) => (top[i] >= 0 && top[i] < OTHER_USERS_GROUP ? top[i] : OTHER_USERS_GROUP);
  }
  const user = model.result.sessions.user;
  return (i) => model.userGroup[user[i]];
}

export function colourOfGroup(theme: ChartTheme, mode: ColourMode, group: number): string {
  if (mode === 'band') return theme.bandPalette[group] ?? theme.other;
  // Insight kinds share the user palette (7 kinds); sessions without insights are grey.
  return group === OTHER_USERS_GROUP ? theme.other : theme.userPalette[group];
}
