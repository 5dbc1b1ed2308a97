// What the hunter decided about sessions (reviewed, benign, suspicious),
// remembered per log file in the workspace's memento. A session is keyed by
// what it is (user values and start), the identity the panel restores its
// selection by, so a mark survives a rescore with the same sessions and a
// window reload, and never moves to another user's session.

import type * as vscode from 'vscode';
import { SESSION_MARKS, type PanelMark, type SessionIdentity, type SessionMark } from '../protocol';

const KEY = 'sessionscope.marks';
/** Bounds on what the memento holds: marks per file, files (the least recently changed go first). */
const MAX_PER_FILE = 20_000;
const MAX_FILES = 200;

interface StoredFile {
  changedAt: number;
  /** identityKey → mark */
  marks: Record<string, SessionMark>;
}
type Stored = Record<string, StoredFile>;

export function identityKey(identity: SessionIdentity): string {
  return JSON.stringify([identity.users, identity.start]);
}

function parseKey(key: string): SessionIdentity | undefined {
  try {
    const v: unknown = JSON.parse(key);
    if (!Array.isArray(v) || v.length !== 2 || typeof v[1] !== 'number' || !Array.isArray(v[0])) return undefined;
    const users = v[0] as unknown[];
    if (!users.every((u) => u === null || typeof u === 'string')) return undefined;
    return { users: users as (string | null)[], start: v[1] };
  } catch {
    return undefined;
  }
}

export class MarkStore {
  constructor(private readonly memento: vscode.Memento) {}

  private all(): Stored {
    const raw = this.memento.get<unknown>(KEY);
    return typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Stored) : {};
  }

  /** The marks of a file's sessions (whatever the memento holds that still parses). */
  list(filePath: string): PanelMark[] {
    const file = this.all()[filePath];
    if (!file || typeof file.marks !== 'object' || file.marks === null) return [];
    const out: PanelMark[] = [];
    for (const [key, mark] of Object.entries(file.marks)) {
      const identity = parseKey(key);
      if (identity && SESSION_MARKS.includes(mark)) out.push({ ...identity, mark });
    }
    return out;
  }

  /** Sets (or, with null, clears) the mark of one session of a file. */
  async set(filePath: string, identity: SessionIdentity, mark: SessionMark | null): Promise<void> {
    const all = this.all();
    const marks = { ...(all[filePath]?.marks ?? {}) };
    const key = identityKey(identity);
    delete marks[key];
    if (mark !== null) {
      if (Object.keys(marks).length >= MAX_PER_FILE) throw new Error(`at most ${MAX_PER_FILE} marks per file are kept; clear some first`);
      marks[key] = mark;
    }
    const next: Stored = { ...all };
    if (Object.keys(marks).length === 0) delete next[filePath];
    else next[filePath] = { changedAt: Date.now(), marks };
    const files = Object.keys(next).sort((a, b) => (next[b].changedAt ?? 0) - (next[a].changedAt ?? 0));
    const kept: Stored = {};
    for (const f of files.slice(0, MAX_FILES)) kept[f] = next[f];
    await this.memento.update(KEY, kept);
  }
}
