import { mkdir, open, readFile, rename, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { SendJournal } from '../../use-cases/journaled-guard';

/** How long a send is kept: a takeover comes within minutes of a crash (lease, redelivery), or after a broker outage. */
export const JOURNAL_KEEP_MS = 24 * 3600 * 1000;
/** At most this many sends are kept (the oldest dropped first): ~100–300 bytes each, a few MB at worst. */
export const JOURNAL_KEEP_ENTRIES = 20_000;

interface Line {
  key: string;
  id: string;
  result: unknown;
  at: number;
}

const slot = (key: string, id: string) => `${key}\u0000${id}`;

/**
 * The send journal as one JSON line per send in `<dir>/sent.jsonl`: known to `sent` at once,
 * appended and synced to disk before `record`'s promise resolves (sends kept together share one
 * append and sync). Opened once at boot: the lines still young enough are read (a line cut by a
 * crash is skipped) and the file is rewritten with only those. A write that
 * fails is reported through `warn` and the send stands on the broker's record alone.
 */
export class FileSendJournal implements SendJournal {
  private constructor(
    private readonly file: FileHandle,
    private readonly entries: Map<string, Line>,
    private readonly warn: (line: string) => void,
    private readonly keepEntries: number,
  ) {}

  private writes: Promise<void> = Promise.resolve();
  private readonly queue: Line[] = [];

  static async open(dir: string, warn: (line: string) => void, options: { now?: number; keepMs?: number; keepEntries?: number } = {}): Promise<FileSendJournal> {
    const now = options.now ?? Date.now();
    const keepMs = options.keepMs ?? JOURNAL_KEEP_MS;
    const keepEntries = options.keepEntries ?? JOURNAL_KEEP_ENTRIES;
    await mkdir(dir, { recursive: true });
    const path = join(dir, 'sent.jsonl');
    const entries = new Map<string, Line>();
    for (const line of (await readIfThere(path)).split('\n')) {
      const entry = parse(line);
      if (entry && now - entry.at < keepMs) keep(entries, entry, keepEntries);
    }
    await writeFile(`${path}.tmp`, [...entries.values()].map((entry) => `${JSON.stringify(entry)}\n`).join(''));
    await rename(`${path}.tmp`, path);
    return new FileSendJournal(await open(path, 'a'), entries, warn, keepEntries);
  }

  sent(key: string, id: string): { readonly result: unknown } | undefined {
    const entry = this.entries.get(slot(key, id));
    return entry && { result: entry.result };
  }

  async record(key: string, id: string, result: unknown): Promise<void> {
    const entry = { key, id, result, at: Date.now() };
    keep(this.entries, entry, this.keepEntries);
    // Group commit: sends kept while a write is on its way go out together in the next one, one
    // append and one sync for the lot; each promise resolves when its own line is synced.
    this.queue.push(entry);
    if (this.queue.length === 1) this.writes = this.writes.then(() => this.append(this.queue.splice(0)));
    return this.writes;
  }

  private async append(group: readonly Line[]): Promise<void> {
    try {
      await this.file.appendFile(group.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
      await this.file.datasync();
    } catch (error) {
      const sends = group.map(({ key, id }) => `${key} ${id}`).join(', ');
      this.warn(`send journal: could not keep ${sends} on disk (${(error as Error).message}); a takeover after a crash may send it again`);
    }
  }

  async close(): Promise<void> {
    await this.writes;
    await this.file.close();
  }
}

function keep(entries: Map<string, Line>, entry: Line, limit: number): void {
  entries.delete(slot(entry.key, entry.id));
  entries.set(slot(entry.key, entry.id), entry);
  if (entries.size > limit) entries.delete(entries.keys().next().value as string);
}

async function readIfThere(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

function parse(line: string): Line | undefined {
  if (!line.trim()) return undefined;
  try {
    const value = JSON.parse(line) as Partial<Line>;
    return typeof value.key === 'string' && typeof value.id === 'string' && typeof value.at === 'number' ? (value as Line) : undefined;
  } catch {
    return undefined;
  }
}
