import type { Database } from 'better-sqlite3';
import { LecternError } from '../../../shared/errors';
import { bumpRevision } from '../db/revision';

const NOTE_MAX = 100_000;

/** Sets (or, when blank, clears) a paper's note. The note index follows by trigger. */
export function setNote(db: Database, id: number, text: string, now: string): { note: string | null; noteUpdatedAt: string | null } {
  const note = text.replace(/\r\n?/g, '\n').trim() || null;
  if (note && note.length > NOTE_MAX) {
    throw new LecternError('BAD_INPUT', `A note is at most ${NOTE_MAX.toLocaleString('en')} characters; this one has ${note.length.toLocaleString('en')}. Nothing was saved.`, `paper ${id}`);
  }
  return db
    .transaction(() => {
      const old = db.prepare('SELECT note FROM paper WHERE id = ?').get(id) as { note: string | null } | undefined;
      if (!old) throw new LecternError('NOT_FOUND', `Paper #${id} is no longer in the library; the note was not saved.`, `paper ${id}`);
      if (old.note === note) {
        return db.prepare('SELECT note, note_updated_at AS noteUpdatedAt FROM paper WHERE id = ?').get(id) as { note: string | null; noteUpdatedAt: string | null };
      }
      db.prepare('UPDATE paper SET note = ?, note_updated_at = ? WHERE id = ?').run(note, note ? now : null, id);
      bumpRevision(db);
      return { note, noteUpdatedAt: note ? now : null };
    })
    .immediate();
}
