// What a panel needs to come back after a window reload, kept on the host
// side (the workspace's memento) under the panel's id: the file it scored and
// the full settings of its last run. The webview's own saved state is
// untrusted (it renders hostile log text), so it only carries the id.

import { statSync } from 'node:fs';
import type * as vscode from 'vscode';
import { runOptionsProblem } from '../engine/options';
import type { RunSettings } from '../run/workerProtocol';

const KEY = 'sessionscope.panels';
/** Panels closed by a crash or a lost dispose leave entries behind; keep the newest few. */
const KEEP = 30;

export interface StoredPanel {
  filePath: string;
  settings: RunSettings;
  savedAt: number;
}

type Stored = Record<string, StoredPanel>;

export class PanelStore {
  constructor(private readonly memento: vscode.Memento) {}

  private all(): Stored {
    const raw = this.memento.get<unknown>(KEY);
    return typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Stored) : {};
  }

  /** Records the file and settings of a panel's last successful run. */
  async save(panelId: string, filePath: string, settings: RunSettings): Promise<void> {
    const all = { ...this.all(), [panelId]: { filePath, settings: structuredClone(settings), savedAt: Date.now() } };
    const ids = Object.keys(all).sort((a, b) => all[b].savedAt - all[a].savedAt);
    const kept: Stored = {};
    for (const id of ids.slice(0, KEEP)) kept[id] = all[id];
    await this.memento.update(KEY, kept);
  }

  async forget(panelId: string): Promise<void> {
    const all = this.all();
    if (!(panelId in all)) return;
    delete all[panelId];
    await this.memento.update(KEY, all);
  }

  /**
   * What a revived panel may score: the entry this host stored for the id, if
   * its file is still a regular file. `missing` says the file is gone or no
   * longer a file; `unknown` that nothing was stored under the id.
   */
  lookup(panelId: string): { ok: true; panel: StoredPanel } | { ok: false; reason: 'unknown' | 'missing'; filePath?: string } {
    const entry = this.all()[panelId];
    if (!entry || typeof entry.filePath !== 'string' || !validSettings(entry.settings)) return { ok: false, reason: 'unknown' };
    try {
      if (!statSync(entry.filePath).isFile()) return { ok: false, reason: 'missing', filePath: entry.filePath };
    } catch {
      return { ok: false, reason: 'missing', filePath: entry.filePath };
    }
    return { ok: true, panel: entry };
  }
}

/** The stored settings still have the shape a run needs (an older version may have written others). */
function validSettings(s: RunSettings | undefined): s is RunSettings {
  if (typeof s !== 'object' || s === null) return false;
  if (runOptionsProblem(s) !== undefined) return false;
  const { mapping } = s;
  if (mapping !== undefined && (!Array.isArray(mapping.users) || typeof mapping.time !== 'string' || typeof mapping.event !== 'string')) return false;
  return true;
}
