import type { Database } from 'better-sqlite3';
import type { ReadableDB } from '../db/handles';
import { LecternError } from '../../../shared/errors';
import type { Tag } from '../../../shared/model';
import { bumpRevision } from '../db/revision';

const TAG_MAX = 60;

/** Tag names: one line, spaces collapsed, 1–60 characters; compared without regard to case. */
export function tagName(raw: string): string {
  const name = raw.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (!name) throw new LecternError('BAD_INPUT', 'A tag needs a name.', 'tag');
  if (name.length > TAG_MAX) throw new LecternError('BAD_INPUT', `Tag names are at most ${TAG_MAX} characters ("${name.slice(0, 20)}…" has ${name.length}).`, 'tag');
  if (/\p{Cc}/u.test(name)) throw new LecternError('BAD_INPUT', `A tag name cannot contain control characters ("${name}").`, 'tag');
  return name;
}

export function listTags(db: ReadableDB): Tag[] {
  return db
    .prepare(
      `SELECT t.id, t.name, (SELECT count(*) FROM paper_tag pt WHERE pt.tag_id = t.id) AS count
       FROM tag t ORDER BY t.name`,
    )
    .all() as Tag[];
}

function tagById(db: ReadableDB, id: number): Tag {
  const t = db.prepare('SELECT id, name, (SELECT count(*) FROM paper_tag WHERE tag_id = tag.id) AS count FROM tag WHERE id = ?').get(id) as Tag | undefined;
  if (!t) throw new LecternError('NOT_FOUND', `There is no tag #${id} (it may have been deleted meanwhile).`, `tag ${id}`);
  return t;
}

/** The tags of these names, creating those that do not exist yet (inside the caller's transaction). */
export function ensureTags(db: Database, names: string[], now: string): { id: number; name: string; created: boolean }[] {
  const find = db.prepare('SELECT id, name FROM tag WHERE name = ?');
  const insert = db.prepare('INSERT INTO tag (name, created_at) VALUES (?, ?)');
  const out = new Map<number, { id: number; name: string; created: boolean }>();
  for (const raw of names) {
    const name = tagName(raw);
    const t = find.get(name) as { id: number; name: string } | undefined;
    if (t) out.set(t.id, { ...t, created: false });
    else {
      const id = Number(insert.run(name, now).lastInsertRowid);
      out.set(id, { id, name, created: true });
    }
  }
  return [...out.values()];
}

export function createTag(db: Database, raw: string, now: string): Tag {
  const name = tagName(raw);
  return db
    .transaction(() => {
      const existing = db.prepare('SELECT id FROM tag WHERE name = ?').pluck().get(name) as number | undefined;
      if (existing !== undefined) throw new LecternError('CONFLICT', `A tag named “${name}” exists already.`, name);
      const id = Number(db.prepare('INSERT INTO tag (name, created_at) VALUES (?, ?)').run(name, now).lastInsertRowid);
      bumpRevision(db);
      return tagById(db, id);
    })
    .immediate();
}

export function renameTag(db: Database, id: number, raw: string): Tag {
  const name = tagName(raw);
  return db
    .transaction(() => {
      tagById(db, id);
      const other = db.prepare('SELECT name FROM tag WHERE name = ? AND id <> ?').pluck().get(name, id) as string | undefined;
      if (other !== undefined) {
        throw new LecternError('CONFLICT', `A tag named “${other}” exists already; merge the two tags instead of renaming.`, name);
      }
      db.prepare('UPDATE tag SET name = ? WHERE id = ?').run(name, id);
      bumpRevision(db);
      return tagById(db, id);
    })
    .immediate();
}

/** Moves every paper of the `from` tags to `into`, then deletes the `from` tags. */
export function mergeTags(db: Database, from: number[], into: number): { tag: Tag; merged: number } {
  return db
    .transaction(() => {
      tagById(db, into);
      const sources = [...new Set(from)].filter((f) => f !== into);
      if (sources.length === 0) throw new LecternError('BAD_INPUT', 'Choose at least one other tag to merge into this one.', 'merge');
      for (const f of sources) tagById(db, f);
      const json = JSON.stringify(sources);
      db.prepare('INSERT OR IGNORE INTO paper_tag (paper_id, tag_id) SELECT paper_id, ? FROM paper_tag WHERE tag_id IN (SELECT value FROM json_each(?))').run(into, json);
      db.prepare('DELETE FROM tag WHERE id IN (SELECT value FROM json_each(?))').run(json);
      bumpRevision(db);
      return { tag: tagById(db, into), merged: sources.length };
    })
    .immediate();
}

/** Deletes a tag; its papers stay, without it. */
export function deleteTag(db: Database, id: number): { name: string; untagged: number } {
  return db
    .transaction(() => {
      const t = tagById(db, id);
      db.prepare('DELETE FROM tag WHERE id = ?').run(id);
      bumpRevision(db);
      return { name: t.name, untagged: t.count };
    })
    .immediate();
}

