import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { isCorruption } from '../backup/check';
import { BACKUP_DIR, DAMAGED_DIR, dbFile, listBackups, SUSPECT_MARKER } from '../backup/files';
import { inspectLock } from '../backup/lock';
import { verifyDatabaseFile } from '../backup/verify';
import { DB_FILE } from '../db/open';
import { SCHEMA_VERSION } from '../db/migrations';
import { checkPdfFiles, type PdfCheck } from './pdf-files';

type CheckStatus = 'ok' | 'warning' | 'error' | 'skipped';

interface DoctorCheck {
  id: 'database' | 'search-index' | 'consistency' | 'backups' | 'damaged' | 'pdf-files' | 'library-folder';
  title: string;
  status: CheckStatus;
  summary: string;
  details: string[];
}

interface DoctorReport {
  library: string;
  checkedAt: string;
  /** No check found an error (warnings are advice). */
  ok: boolean;
  checks: DoctorCheck[];
}

const DAY = 24 * 60 * 60 * 1000;

function mb(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 1048576).toFixed(1)} MB`;
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function ago(iso: string, now: Date): string {
  const h = (now.getTime() - Date.parse(iso)) / 3_600_000;
  return h < 1 ? 'less than an hour ago' : h < 48 ? `${Math.floor(h)} h ago` : `${Math.floor(h / 24)} days ago`;
}

/**
 * `lectern doctor`: checks everything that keeps a library safe and says what it found. It
 * changes nothing (its connection commits no write; the FTS check runs inside a transaction
 * that is rolled back), so it can be run on a damaged library, or one in use by the app.
 */
export function runDoctor(dataDir: string, opts: { now?: Date; nativeBinding?: string } = {}): DoctorReport {
  const now = opts.now ?? new Date();
  const checks: DoctorCheck[] = [];
  const file = dbFile(dataDir);
  let db: BetterSqlite3.Database | null = null;
  let papers = 0;

  const database: DoctorCheck = { id: 'database', title: 'Database', status: 'ok', summary: '', details: [] };
  checks.push(database);
  if (!fs.existsSync(file)) {
    database.status = listBackups(dataDir).length ? 'error' : 'warning';
    database.summary = `no ${DB_FILE} in this folder${database.status === 'error' ? ', but there are backups: the next start restores the newest good one' : ' (a new library is created on first use)'}`;
  } else {
    const size = fs.statSync(file).size + (fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0);
    const verdict = verifyDatabaseFile(file, { nativeBinding: opts.nativeBinding });
    papers = verdict.papers ?? 1; // a damaged file holds something worth having backed up
    if (!verdict.ok) {
      database.status = 'error';
      database.summary = `${DB_FILE} (${mb(size)}) is damaged: SQLite's integrity check failed`;
      database.details.push(...verdict.problems.slice(0, 10), 'The next start sets it aside in damaged/ and restores the newest good backup; `lectern doctor --repair` does it now.');
    } else {
      database.summary = `${DB_FILE}, ${mb(size)}, schema ${verdict.schemaVersion} (this Lectern: ${SCHEMA_VERSION}), integrity ok, ${count(verdict.papers ?? 0, 'paper')} in ${count(verdict.digests ?? 0, 'digest')}`;
      if ((verdict.schemaVersion ?? 0) > SCHEMA_VERSION) {
        database.status = 'error';
        database.details.push('Written by a newer Lectern: update Lectern to open it.');
      } else if ((verdict.schemaVersion ?? 0) < SCHEMA_VERSION) {
        database.status = 'warning';
        database.details.push('Older schema: the next start backs it up, then upgrades it.');
      }
      try {
        db = new BetterSqlite3(file, { fileMustExist: true, ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}) });
        db.pragma('busy_timeout = 10000');
      } catch (e) {
        database.status = 'error';
        database.details.push(`It passes the check but does not open for use: ${(e as Error).message}`);
      }
    }
  }

  if (db && (db.pragma('user_version', { simple: true }) as number) >= 1) {
    checks.push(searchIndex(db), consistency(db));
  }
  checks.push(backups(dataDir, now, papers, opts.nativeBinding), damagedFiles(dataDir));
  const pdf = db ? checkPdfFiles(db, dataDir) : null;
  checks.push(pdfCheck(pdf, !!db), folder(dataDir, pdf));
  db?.close();
  return { library: dataDir, checkedAt: now.toISOString(), ok: checks.every((c) => c.status !== 'error'), checks };
}

function searchIndex(db: BetterSqlite3.Database): DoctorCheck {
  const c: DoctorCheck = { id: 'search-index', title: 'Search index', status: 'ok', summary: '', details: [] };
  try {
    const pending = db.prepare("SELECT count(*) FROM paper WHERE id > (SELECT value FROM meta WHERE key = 'fts_indexed_upto')").pluck().get() as number;
    // With nothing pending, the index must match the papers exactly (rank 1); otherwise only its own consistency can be checked.
    db.exec('BEGIN');
    try {
      db.prepare(`INSERT INTO paper_fts (paper_fts, rank) VALUES ('integrity-check', ${pending ? 0 : 1})`).run();
    } finally {
      db.exec('ROLLBACK');
    }
    c.summary = pending ? `consistent; ${pending} papers still to be indexed (the app and the server index them in the background)` : 'consistent with the papers, all indexed';
  } catch (e) {
    c.status = 'error';
    c.summary = `the full-text index is damaged (${(e as Error).message})`;
    c.details.push('Search results may be wrong or missing. Papers are not affected; the index can be rebuilt from them.');
  }
  return c;
}

function consistency(db: BetterSqlite3.Database): DoctorCheck {
  const c: DoctorCheck = { id: 'consistency', title: 'Links between papers and digests', status: 'ok', summary: 'every link points at a paper and a digest that exist', details: [] };
  try {
    const fk = db.prepare('PRAGMA foreign_key_check').all() as { table: string; parent: string }[];
    if (fk.length) {
      c.status = 'error';
      c.details.push(`${fk.length} rows point at something missing (first: ${fk[0]!.table} → ${fk[0]!.parent})`);
    }
    const counts = db
      .prepare('SELECT count(*) FROM paper p WHERE digest_count <> (SELECT count(*) FROM paper_digest pd WHERE pd.paper_id = p.id)')
      .pluck()
      .get() as number;
    if (counts) {
      c.status = c.status === 'error' ? 'error' : 'warning';
      c.details.push(`${counts} papers count their digests wrongly (display only; no paper or link is missing)`);
    }
    if (c.status !== 'ok') c.summary = 'some rows disagree';
  } catch (e) {
    c.status = isCorruption(e) ? 'error' : 'warning';
    c.summary = `could not be checked: ${(e as Error).message}`;
  }
  return c;
}

function backups(dataDir: string, now: Date, papers: number, nativeBinding?: string): DoctorCheck {
  const c: DoctorCheck = { id: 'backups', title: 'Backups', status: 'ok', summary: '', details: [] };
  const list = listBackups(dataDir);
  let good = 0;
  for (const b of list) {
    const v = verifyDatabaseFile(b.file, { nativeBinding });
    if (v.ok) good++;
    c.details.push(`${v.ok ? 'ok ' : 'BAD'} ${b.name}  ${mb(b.bytes)}${v.ok ? `, ${v.papers ?? '?'} papers` : `: ${v.problems[0]}`}`);
  }
  const routine = list.find((b) => !b.reason.startsWith('pre-migration'));
  if (list.length === 0) {
    c.status = papers > 0 ? 'warning' : 'ok';
    c.summary = papers > 0 ? 'none yet: the app and `lectern serve` make one a day; `lectern backup` makes one now' : 'none yet (nothing to back up)';
  } else {
    c.summary = `${list.length} in ${BACKUP_DIR}/, ${good} pass the integrity check; newest ${list[0]!.takenAt.slice(0, 16).replace('T', ' ')} UTC (${ago(list[0]!.takenAt, now)})`;
    if (good < list.length) c.status = good === 0 ? 'error' : 'warning';
    if (papers > 0 && (!routine || now.getTime() - Date.parse(routine.takenAt) > 2 * DAY)) {
      c.status = c.status === 'error' ? 'error' : 'warning';
      c.details.unshift('The newest routine backup is more than two days old: start the app or run `lectern backup`.');
    }
  }
  const lock = inspectLock(path.join(dataDir, BACKUP_DIR));
  if (lock.held) c.details.push(lock.stale ? 'A backup lock was left by a process that is gone; the next backup takes it over.' : `A backup is running now (process ${lock.info?.pid}).`);
  const tmp = fs.existsSync(path.join(dataDir, BACKUP_DIR)) ? fs.readdirSync(path.join(dataDir, BACKUP_DIR)).filter((f) => f.endsWith('.tmp')) : [];
  if (tmp.length && !(lock.held && !lock.stale)) c.details.push(`${tmp.length} unfinished temporary cop${tmp.length === 1 ? 'y' : 'ies'} from an interrupted backup (removed by the next backup)`);
  return c;
}

function damagedFiles(dataDir: string): DoctorCheck {
  const c: DoctorCheck = { id: 'damaged', title: 'Damaged files set aside', status: 'ok', summary: 'none', details: [] };
  const dir = path.join(dataDir, DAMAGED_DIR);
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /\.sqlite$/.test(f)) : [];
  if (files.length) {
    c.status = 'warning';
    c.summary = `${files.length} damaged database file${files.length === 1 ? '' : 's'} kept in ${DAMAGED_DIR}/ (never deleted by Lectern; remove them when you no longer need them)`;
    c.details.push(...files);
  }
  if (fs.existsSync(path.join(dataDir, SUSPECT_MARKER))) {
    c.status = 'warning';
    c.details.unshift(`A process met damage while using the library (${fs.readFileSync(path.join(dataDir, SUSPECT_MARKER), 'utf8').trim().split('\n')[0]}); the next start checks it in full.`);
  }
  return c;
}

function pdfCheck(pdf: PdfCheck | null, opened: boolean): DoctorCheck {
  const c: DoctorCheck = { id: 'pdf-files', title: 'PDF files', status: 'skipped', summary: '', details: [] };
  if (!opened || !pdf) c.summary = 'not checked: the database could not be opened';
  else if (pdf.notChecked) c.summary = `not checked: ${pdf.notChecked}`;
  else {
    c.status = pdf.problems.length || pdf.downloadedWithoutFile.length ? 'error' : 'ok';
    c.summary = `${pdf.listed} listed in paper_file, ${pdf.ok} present and valid${pdf.problems.length ? `, ${pdf.problems.length} missing or invalid` : ''}`;
    for (const p of pdf.problems.slice(0, 50)) c.details.push(`${p.path}${p.paperId !== null ? ` (paper #${p.paperId})` : ''}: ${p.problem}`);
    if (pdf.downloadedWithoutFile.length) c.details.push(`${count(pdf.downloadedWithoutFile.length, 'paper')} marked downloaded but no file is listed for ${pdf.downloadedWithoutFile.length === 1 ? 'it' : 'them'} (first: #${pdf.downloadedWithoutFile.slice(0, 5).join(', #')})`);
  }
  return c;
}

/** Files in the library folder that nothing references: neither Lectern's own files nor a listed PDF. */
function folder(dataDir: string, pdf: PdfCheck | null): DoctorCheck {
  const c: DoctorCheck = { id: 'library-folder', title: 'Library folder', status: 'ok', summary: 'nothing unexpected', details: [] };
  const own = new Set([DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`, `${DB_FILE}-journal`, SUSPECT_MARKER, BACKUP_DIR, DAMAGED_DIR]);
  const stray: string[] = [];
  let partial = 0;
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dataDir, rel), { withFileTypes: true })) {
      const r = rel ? path.join(rel, e.name) : e.name;
      if (!rel && own.has(e.name)) continue;
      if (e.isDirectory()) walk(r);
      // A download in progress or interrupted: the download queue resumes it or clears it away.
      else if (pdf && !pdf.notChecked && /\.pdf\.part$/.test(e.name)) partial++;
      else if (!pdf?.referenced.has(r)) stray.push(r);
      if (stray.length > 500) return;
    }
  };
  if (fs.existsSync(dataDir)) walk('');
  if (partial) c.details.push(`${partial} unfinished download${partial === 1 ? '' : 's'} (*.pdf.part), which the download queue resumes or clears`);
  if (stray.length) {
    c.status = 'warning';
    c.summary = `${stray.length} file${stray.length === 1 ? '' : 's'} that nothing in the library references${pdf && !pdf.notChecked ? '' : ' (no PDF record to compare with yet)'}`;
    c.details.push(...stray.slice(0, 50));
    if (stray.length > 50) c.details.push(`… and ${stray.length - 50} more`);
  }
  return c;
}

const MARK: Record<CheckStatus, string> = { ok: '✓', warning: '!', error: '✗', skipped: '–' };

export function describeDoctor(r: DoctorReport): string {
  const lines = [`Lectern doctor — ${r.library}`];
  for (const c of r.checks) {
    lines.push(`  ${MARK[c.status]} ${c.title}: ${c.summary}`);
    for (const d of c.details) lines.push(`      ${d}`);
  }
  const errors = r.checks.filter((c) => c.status === 'error').length;
  const warnings = r.checks.filter((c) => c.status === 'warning').length;
  lines.push(errors ? `${errors} problem${errors === 1 ? '' : 's'} need${errors === 1 ? 's' : ''} attention.` : warnings ? `No damage found; ${warnings} thing${warnings === 1 ? '' : 's'} worth a look.` : 'Everything is in order.');
  return lines.join('\n');
}
