// The `_testApi` action of the panel features (test mode only): answers the
// save dialog and the large-file question, lowers the large-file limit, and
// reports the marks stored for a file and what the last export did.

import type * as vscode from 'vscode';
import type { PanelMark } from '../protocol';
import { MarkStore } from './marks';
import { exportTestHooks } from './panelFeatures';
import { revealTestHooks } from './reveal';

export interface PanelFeaturesTestAction {
  action: 'panelFeatures';
  /** Report the marks stored for this file. */
  filePath?: string;
  /** The save dialog's answer from now on (null: the user cancels it). */
  saveAnswer?: string | null;
  /** Files over this many bytes take the large-file path (null: back to VS Code's 50 MB). */
  syncLimitBytes?: number | null;
  /** The answer to the question asked before opening a large file. */
  confirmLarge?: boolean;
}

export interface PanelFeaturesTestState {
  marks?: PanelMark[];
  lastExport?: typeof exportTestHooks.last;
  /** The questions asked before opening a large file, oldest first. */
  largeFileQuestions: string[];
}

/** Applies the action; the first call (at activation in test mode) installs the default answers: open large files, no save dialog answer. */
export function panelFeaturesTestAction(action: PanelFeaturesTestAction, memento: vscode.Memento): PanelFeaturesTestState {
  revealTestHooks.confirm ??= { answer: true, asked: [] };
  if (action.confirmLarge !== undefined) revealTestHooks.confirm.answer = action.confirmLarge;
  if (action.saveAnswer !== undefined) exportTestHooks.saveAnswer = { path: action.saveAnswer ?? undefined };
  if (action.syncLimitBytes !== undefined) revealTestHooks.syncLimitBytes = action.syncLimitBytes ?? undefined;
  return {
    marks: action.filePath ? new MarkStore(memento).list(action.filePath) : undefined,
    lastExport: exportTestHooks.last,
    largeFileQuestions: [...revealTestHooks.confirm.asked],
  };
}
