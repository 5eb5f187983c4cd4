import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { createCore, type Core } from '../../src/main/core/service';
import { localApi } from '../../src/main/core/local-api';
import { titleKey } from '../../src/main/core/text/normalize';
import { bumpRevision } from '../../src/main/core/db/revision';
import type { WorkEvent, WorkScope } from '../../src/main/core/jobs/events';
import { startFakeArxiv, type FakeArxiv, type FakePaper, type SearchMode } from './arxiv-server';
import { tempDir } from './paths';

/** A core on a fresh library whose arXiv is a local fake; events of each run are kept. */
export async function arxivCore(opts: { papers?: FakePaper[]; env?: Record<string, string>; format?: 'new' | 'old'; search?: SearchMode; dir?: string } = {}) {
  const fake: FakeArxiv = await startFakeArxiv({ papers: opts.papers ?? [], format: opts.format, search: opts.search });
  const dir = opts.dir ?? tempDir();
  const core: Core = createCore({ dataDir: dir, env: { ...fake.env, ...opts.env }, now: () => new Date('2026-11-25T12:00:00Z') });
  const events: WorkEvent[] = [];
  return {
    fake,
    core,
    api: localApi(core),
    dir,
    events,
    run: (scope: WorkScope = 'all', signal?: AbortSignal) => core.arxivQueue.runUntilIdle({ scope, signal, onEvent: (e) => events.push(e) }),
    close: async () => {
      core.close();
      await fake.close();
    },
  };
}

/** Inserts minimal papers (as an importer with ids would); returns their ids in order. */
export function addPapers(db: Database, papers: { arxivId?: string | null; title: string; authorCount?: number; published?: string }[]): number[] {
  const ins = db.prepare(
    `INSERT INTO paper (arxiv_id, title, title_key, author_count, published, links, status_changed_at, added_at)
     VALUES (?, ?, ?, ?, ?, '[]', '2026-11-25T12:00:00Z', '2026-11-25T12:00:00Z')`,
  );
  return db.transaction(() => {
    const ids = papers.map((p) => Number(ins.run(p.arxivId ?? null, p.title, titleKey(p.title), p.authorCount ?? null, p.published ?? null).lastInsertRowid));
    bumpRevision(db);
    return ids;
  })();
}

export function pdfFiles(dir: string): string[] {
  try {
    return fs.readdirSync(path.join(dir, 'pdfs')).sort();
  } catch {
    return [];
  }
}

export function paperRow(db: Database, id: number) {
  return db.prepare('SELECT * FROM paper WHERE id = ?').get(id) as Record<string, unknown>;
}
