/** Small readers for checking exported files in tests (not importers: they trust their input). */

/** RFC 4180: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && s[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

export type RisRecord = Record<string, string[]>;

export function parseRis(text: string): RisRecord[] {
  const out: RisRecord[] = [];
  let cur: RisRecord | null = null;
  for (const line of text.split('\r\n')) {
    const m = /^([A-Z][A-Z0-9]) {2}- ?(.*)$/.exec(line);
    if (!m) continue;
    const tag = m[1]!;
    const value = m[2]!;
    if (tag === 'TY') cur = {};
    if (!cur) continue;
    if (tag === 'ER') {
      out.push(cur);
      cur = null;
      continue;
    }
    (cur[tag] ??= []).push(value);
  }
  return out;
}
