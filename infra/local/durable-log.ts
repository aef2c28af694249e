// An append-only JSON-lines file whose durable appends are on disk (fdatasync) before they resolve; appends that arrive together share one sync.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface DurableLog {
  /** Resolves once the lines are written and synced: after a crash, even of the machine, they are there. */
  append(lines: readonly unknown[]): Promise<void>;
  /**
   * Written without a sync of its own (it rides along with the next durable append): it survives the
   * process being killed, not the machine losing power.
   */
  note(line: unknown): void;
  /** Replaces the whole file with these lines (atomically), once everything queued before is written. */
  replace(lines: readonly unknown[], when?: () => boolean): void;
  /** Bytes appended since it was opened or last replaced. */
  readonly size: number;
  /** Durable syncs made, for measurements. */
  readonly syncs: number;
  close(): Promise<void>;
}

type Queued =
  | { kind: 'line'; text: string; durable: boolean; done?: { resolve(): void; reject(error: unknown): void } }
  | { kind: 'replace'; text: string; when?: () => boolean };

/**
 * Every complete line of a JSON-lines file, oldest first; a missing file is empty. A last line cut short
 * (the machine stopped mid-write) is dropped: its append never resolved, so nobody was told it was kept.
 */
export function readJsonLines<T>(file: string): T[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const lines: T[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      lines.push(JSON.parse(line) as T);
    } catch {
      // A torn write: only ever the last line, and never acknowledged.
    }
  }
  return lines;
}

/** Writes the file whole, synced, then renames it into place and syncs the folder: old or new, never half. */
export function writeFileDurably(file: string, text: string, mode?: number): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = join(dirname(file), `.${basename(file)}.tmp`);
  writeFileSync(temporary, text, mode === undefined ? {} : { mode });
  syncPath(temporary);
  renameSync(temporary, file);
  syncPath(dirname(file));
}

function syncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const jsonLines = (lines: readonly unknown[]) => lines.map((line) => `${JSON.stringify(line)}\n`).join('');

/** Opens the log for appending, first replacing its content with `initial` when given (a compaction at start). */
export async function openDurableLog(file: string, initial?: readonly unknown[]): Promise<DurableLog> {
  if (initial) writeFileDurably(file, jsonLines(initial));
  else {
    mkdirSync(dirname(file), { recursive: true });
    // A new file's name must reach the disk too, or a synced append could sit in a file nobody can find.
    closeSync(openSync(file, 'a'));
    syncPath(dirname(file));
  }
  let handle: FileHandle = await open(file, 'a');
  const queue: Queued[] = [];
  let flushing: Promise<void> | undefined;
  let size = 0;
  let syncs = 0;
  let closed = false;

  async function flush(): Promise<void> {
    while (queue.length > 0) {
      const index = queue.findIndex((item) => item.kind === 'replace');
      const batch = queue.splice(0, index === -1 ? queue.length : Math.max(index, 1));
      const first = batch[0] as Queued;
      if (first.kind === 'replace') {
        if (first.when && !first.when()) continue;
        await handle.close();
        try {
          writeFileDurably(file, first.text);
          size = Buffer.byteLength(first.text);
        } finally {
          // A failed compaction leaves the old file, still whole: appends go on into it.
          handle = await open(file, 'a');
        }
        continue;
      }
      const lines = batch as Extract<Queued, { kind: 'line' }>[];
      const text = lines.map((line) => line.text).join('');
      try {
        await handle.write(text);
        size += Buffer.byteLength(text);
        // One sync for every durable append that arrived while the previous write was on its way.
        if (lines.some((line) => line.durable)) {
          await handle.datasync();
          syncs++;
        }
        for (const line of lines) line.done?.resolve();
      } catch (error) {
        for (const line of lines) line.done?.reject(error);
      }
    }
  }

  function kick(): void {
    flushing ??= flush()
      .catch(() => {})
      .finally(() => {
        flushing = undefined;
        if (queue.length > 0) kick();
      });
  }

  return {
    append(lines) {
      if (closed) return Promise.reject(new Error(`${file} is closed`));
      return new Promise<void>((resolve, reject) => {
        queue.push({ kind: 'line', text: jsonLines(lines), durable: true, done: { resolve, reject } });
        kick();
      });
    },
    note(line) {
      if (closed) return;
      queue.push({ kind: 'line', text: jsonLines([line]), durable: false });
      kick();
    },
    replace(lines, when) {
      if (closed) return;
      queue.push({ kind: 'replace', text: jsonLines(lines), ...(when ? { when } : {}) });
      kick();
    },
    get size() {
      return size;
    },
    get syncs() {
      return syncs;
    },
    async close() {
      closed = true;
      await flushing;
      await handle.close();
    },
  };
}
