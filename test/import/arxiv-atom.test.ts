import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LecternError } from '../../src/shared/errors';
import type { ParsedDigest } from '../../src/shared/parsed';
import { arxivAtomFormat } from '../../src/main/core/import/formats/arxiv-atom';
import { arxivRssFormat } from '../../src/main/core/import/formats/arxiv-rss';
import { oaiPmhFormat } from '../../src/main/core/import/formats/oai-pmh';
import { CORPUS } from '../helpers/paths';
import { cpuNow } from '../helpers/time';
import { unreadableMessage } from '../helpers/errors';

const DIR = path.join(CORPUS, 'arxiv-atom');
const now = new Date('2026-05-12T10:00:00Z');

function read(name: string): string {
  return fs.readFileSync(path.join(DIR, name), 'utf8');
}

function parse(text: string, fileName = 'feed.xml'): ParsedDigest {
  return arxivAtomFormat.parse(text, { fileName, now });
}

const entry = (id: string, title: string, extra = '') =>
  `<entry><id>http://arxiv.org/abs/${id}</id><published>2024-01-02T00:00:00Z</published><title>${title}</title>${extra}</entry>`;
const feedOf = (entries: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n<title>ArXiv Query: search_query=all:test</title>\n<updated>2024-01-03T00:00:00Z</updated>\n${entries}\n</feed>\n`;

describe('arXiv API Atom: real files', () => {
  it('reads the 2016 id_list answer (one paper, hard-wrapped title, DOI twice)', () => {
    const file = 'api-2016-id_list-1111.2011v2.xml';
    const text = read(file);
    expect(arxivAtomFormat.detect(text, file)).toBe(1);
    const d = parse(text, file);
    expect(d.format).toBe('arxiv-atom');
    expect(d.problems).toEqual([]);
    expect(d.entries).toHaveLength(1);
    const e = d.entries[0]!;
    expect(e.line).toBe(10);
    expect(e.title).toBe('Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit');
    expect(e.arxivId).toBe('1111.2011');
    expect(e.arxivVersion).toBe(2);
    expect(e.authors).toEqual(['James M. Murray', 'Adrian Del Maestro', 'Zlatko Tesanovic']);
    expect(e.published).toBe('2011-11-08');
    expect(e.doi).toBe('10.1103/physrevb.85.115117');
    expect(e.categories).toEqual(['cond-mat.str-el', 'cond-mat.stat-mech']);
    expect(e.abstract).toMatch(/^Theoretical description of anisotropic systems, such as layered superconductors/);
    expect(e.abstract).not.toMatch(/\n| {2}/);
    expect(d.date).toBe('2016-10-09');
    expect(d.name).toBe('arXiv API: id_list=1111.2011v2 2016-10-09');
  });

  it('reads the 2016 search answer: 10 entries, old- and new-style ids, versions, DOIs', () => {
    const file = 'api-2016-search-au-del_maestro.xml';
    const d = parse(read(file), file);
    expect(d.problems).toEqual([]);
    expect(d.entries).toHaveLength(10);
    expect(d.entries.map((e) => e.arxivId)).toEqual([
      '1201.4869',
      'cond-mat/0412498',
      'cond-mat/0603029',
      '1005.5383',
      '1303.6954',
      '1312.6177',
      '1412.6529',
      'cond-mat/0607501',
      'cond-mat/0702661',
      '0807.2873',
    ]);
    const second = d.entries[1]!;
    expect(second.title).toBe('Thermal melting of density waves on the square lattice');
    expect(second.authors).toEqual(['Adrian Del Maestro', 'Subir Sachdev']);
    expect(second.published).toBe('2004-12-19');
    expect(second.arxivVersion).toBe(1);
    expect(second.doi).toBe('10.1103/physrevb.71.184511');
    // "p &gt;= 3" in the XML is "p >= 3" in the abstract: decoded once.
    expect(second.abstract).toContain('(p >= 3, integer)');
    const local = d.entries.find((e) => e.arxivId === '1303.6954')!;
    expect(local.arxivVersion).toBe(2);
    expect(local.title).toBe('Local Superfluidity at the Nanoscale');
    expect(local.authors).toEqual(['B. Kulchytskyy', 'G. Gervais', 'A. Del Maestro']);
    expect(d.entries.every((e) => e.doi && e.doi === e.doi.toLowerCase())).toBe(true);
    expect(d.name).toBe('arXiv API: au:del_maestro 2016-10-09');
  });

  it('reads the 2026 answer for an old-style id, with entities and a link in the comment', () => {
    const file = 'api-2026-id_list-astro-ph-0601001-oldstyle-id.xml';
    const text = read(file);
    expect(arxivAtomFormat.detect(text, file)).toBe(1);
    const d = parse(text, file);
    expect(d.entries).toHaveLength(1);
    const e = d.entries[0]!;
    expect(e.arxivId).toBe('astro-ph/0601001');
    expect(e.arxivVersion).toBe(1);
    expect(e.title).toBe('Frequency of Hot Jupiters and Very Hot Jupiters from the OGLE-III Transit Surveys Toward the Galactic Bulge and Carina');
    expect(e.authors).toEqual(['Andrew Gould', 'Susan Dorsher', 'B. Scott Gaudi', 'Andrzej Udalski']);
    expect(e.published).toBe('2006-01-02');
    expect(e.categories).toEqual(['astro-ph']);
    expect(e.doi).toBeNull();
    expect(e.abstract).toContain('following Gould & Morgan (2003)');
    expect(e.abstract).toContain('limit of V_max<17.5.');
    expect(e.links).toEqual(['http://www.astronomy.ohio-state.edu/~gould/ogle_hot_jupiters.ps.gz']);
    expect(d.date).toBe('2026-05-11');
    expect(d.name).toBe('arXiv API: id_list=astro-ph/0601001 2026-05-11');
  });

  it("treats the API's error feed as an unreadable answer, with the API's message", () => {
    const file = 'api-2026-error-entry-id_list-abc.xml';
    const text = read(file);
    expect(arxivAtomFormat.detect(text, file)).toBe(1);
    const msg = unreadableMessage(() => parse(text, file));
    expect(msg).toContain(file);
    expect(msg).toContain('line 9');
    expect(msg).toContain('incorrect id format for abc');
  });

  it('is not taken for the RSS or OAI-PMH files, and they are not taken for it', () => {
    const rss = fs.readFileSync(path.join(CORPUS, 'rss', 'arxiv-rss2-cs.AI-2026-04-27-trimmed-3-items.xml'), 'utf8');
    expect(arxivAtomFormat.detect(rss, 'a.xml')).toBe(0);
    const oai = read('oai-pmh-2016-listrecords-cs-final-page.xml');
    expect(arxivAtomFormat.detect(oai, 'o.xml')).toBe(0);
    const atom = read('api-2016-search-au-del_maestro.xml');
    expect(arxivRssFormat.detect(atom, 'x.xml')).toBe(0);
    expect(oaiPmhFormat.detect(atom, 'x.xml')).toBe(0);
  });
});

describe('arXiv API Atom: shapes seen in the wild', () => {
  it('reads an aggregated file where only the first entry is in the Atom namespace', () => {
    // Modelled on StringologyTimes' data/arxiv.xml: root <articles>, an id attribute on each
    // entry, xmlns on the first entry only, prefixes declared per element, an ACM class as a category.
    const text = `<?xml version="1.0" encoding="UTF-8"?><articles>
<entry id="1910.06169" xmlns="http://www.w3.org/2005/Atom">
    <id>http://arxiv.org/abs/1910.06169v1</id>
    <published>2019-10-14T14:25:25Z</published>
    <title>The PGM-index: a multicriteria, compressed and learned approach to data
  indexing</title>
    <summary>  The recent introduction of learned indexes has shaken the foundations of the
decades-old field of indexing data structures.
</summary>
    <author>
      <name>Paolo Ferragina</name>
    </author>
    <author>
      <name>Giorgio Vinciguerra</name>
    </author>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.DS" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.DS" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.DB" scheme="http://arxiv.org/schemas/atom"/>
    <category term="E.1; E.4; I.2.6" scheme="http://arxiv.org/schemas/atom"/>
  </entry><entry id="1910.04640">
    <id>http://arxiv.org/abs/1910.04640v1</id>
    <published>2019-10-10T15:19:19Z</published>
    <title>E2FM: an encrypted and compressed full-text index for collections of
  genomic sequences</title>
    <summary>  Supplementary material is available through
Bioinformatics Online and https://figshare.com/s/6246ee9c1bd730a8bf6e.
</summary>
    <author>
      <name>Ferdinando Montecuollo</name>
    </author>
    <arxiv:doi xmlns:arxiv="http://arxiv.org/schemas/atom">10.1093/bioinformatics/btx313</arxiv:doi>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.DB" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.DB" scheme="http://arxiv.org/schemas/atom"/>
  </entry><entry id="1904.12370">
    <id>http://arxiv.org/abs/1904.12370v2</id>
    <published>2019-04-28T19:04:24Z</published>
    <title>Compact Fenwick trees for dynamic ranking and selection</title>
    <author>
      <name>Stefano Marchini</name>
    </author>
  </entry>
</articles>`;
    expect(arxivAtomFormat.detect(text, 'arxiv.xml')).toBeGreaterThanOrEqual(0.8);
    const d = parse(text, 'arxiv.xml');
    expect(d.problems).toEqual([]);
    expect(d.entries.map((e) => [e.arxivId, e.arxivVersion, e.line])).toEqual([
      ['1910.06169', 1, 2],
      ['1910.04640', 1, 20],
      ['1904.12370', 2, 34],
    ]);
    expect(d.entries[0]!.title).toBe('The PGM-index: a multicriteria, compressed and learned approach to data indexing');
    expect(d.entries[0]!.categories).toEqual(['cs.DS', 'cs.DB']);
    expect(d.entries[0]!.authors).toEqual(['Paolo Ferragina', 'Giorgio Vinciguerra']);
    expect(d.entries[1]!.doi).toBe('10.1093/bioinformatics/btx313');
    expect(d.entries[1]!.links).toEqual(['https://figshare.com/s/6246ee9c1bd730a8bf6e']);
    expect(d.entries[2]!.abstract).toBeNull();
  });

  it('reads prefixed Atom elements, arXiv DOIs, TeX accents and numeric references (decoded once)', () => {
    const text = `<a:feed xmlns:a="http://www.w3.org/2005/Atom" xmlns:x="http://arxiv.org/schemas/atom">
<a:updated>2024-01-03T00:00:00Z</a:updated>
<a:entry>
  <a:id>https://example.org/record/17</a:id>
  <a:title>Schr\\"odinger bridges for &#x160;r&#xe1;mek&#39;s problem &amp;#x160; &lt;sic&gt;</a:title>
  <a:author><a:name>Jos&#xe9; Mar\\'{\\i}a L\\"ubeck</a:name></a:author>
  <x:doi>https://doi.org/10.48550/arXiv.2401.01234</x:doi>
</a:entry>
</a:feed>`;
    const d = parse(text);
    expect(d.entries).toHaveLength(1);
    const e = d.entries[0]!;
    expect(e.title).toBe("Schrödinger bridges for Šrámek's problem &#x160; <sic>");
    expect(e.authors).toEqual(['José María Lübeck']);
    expect(e.doi).toBe('10.48550/arxiv.2401.01234');
    expect(e.arxivId).toBe('2401.01234');
    expect(e.arxivVersion).toBeNull();
  });

  it('reads Atom text constructs: escaped HTML (type="html") and XHTML', () => {
    const d = parse(
      feedOf(
        entry('2401.00001v1', 'A &lt;i&gt;bold&lt;/i&gt; claim &amp;amp; more', '<summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hello <b>world</b> &amp; all.</p></div></summary>').replace(
          '<title>',
          '<title type="html">',
        ),
      ),
    );
    expect(d.entries[0]!.title).toBe('A bold claim & more');
    expect(d.entries[0]!.abstract).toBe('Hello world & all.');
  });

  it('imports an empty result page as zero papers, not an error', () => {
    const d = parse(feedOf(''));
    expect(d.entries).toEqual([]);
    expect(d.problems).toEqual([]);
    expect(d.name).toBe('arXiv API: all:test 2024-01-03');
  });

  it('keeps good entries and reports an entry without a title', () => {
    const d = parse(feedOf(entry('2401.00001v1', 'Good one') + '\n' + entry('2401.00002v1', '  ')));
    expect(d.entries.map((e) => e.arxivId)).toEqual(['2401.00001']);
    expect(d.problems).toHaveLength(1);
    expect(d.problems[0]!.line).toBe(6);
    expect(d.problems[0]!.reason).toMatch(/no title/);
  });

  it('gives the right lines with CRLF line ends and a byte-order mark', () => {
    const text = '\uFEFF' + feedOf(entry('2401.00001v1', 'One') + '\n' + entry('2401.00002v1', 'Two')).replace(/\n/g, '\r\n');
    const d = parse(text);
    expect(d.entries.map((e) => e.line)).toEqual([5, 6]);
  });

  it('refuses text that is not XML, or XML that holds no entries, with a clear message', () => {
    expect(unreadableMessage(() => parse('{"papers": [1, 2, 3]}', 'papers.json'))).toMatch(/^papers\.json line 1: .*not XML/);
    expect(unreadableMessage(() => parse('<html><body><p>Hello</p></body></html>', 'page.html'))).toMatch(/root is <html>/);
  });
});

describe('arXiv API Atom: hostile input', () => {
  it('does not expand entities declared in a DOCTYPE (billion laughs)', () => {
    const bomb = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<feed xmlns="http://www.w3.org/2005/Atom">
${entry('2401.00001v1', 'Laughs &lol9; and &lol;', '<summary>&lol9;&lol9;&lol9;</summary>')}
</feed>`;
    const t0 = cpuNow();
    const d = parse(bomb);
    expect(cpuNow() - t0).toBeLessThan(2000);
    expect(d.entries).toHaveLength(1);
    expect(d.entries[0]!.title).toBe('Laughs &lol9; and &lol;');
    expect(d.entries[0]!.abstract!.length).toBeLessThan(100);
    expect(JSON.stringify(d)).not.toContain('lollol');
  });

  it('refuses a DOCTYPE with thousands of entity declarations, and external entities', () => {
    const many = `<?xml version="1.0"?><!DOCTYPE f [${Array.from({ length: 5000 }, (_, i) => `<!ENTITY e${i} "${'v'.repeat(50)}">`).join('\n')}]><feed>${entry('2401.00001v1', 'T')}</feed>`;
    expect(unreadableMessage(() => parse(many, 'many.xml'))).toMatch(/DOCTYPE/);
    const xxe = `<?xml version="1.0"?><!DOCTYPE f [<!ENTITY x SYSTEM "file:///etc/passwd">]><feed>${entry('2401.00001v1', 'A &x; B')}</feed>`;
    expect(unreadableMessage(() => parse(xxe, 'xxe.xml'))).toMatch(/^xxe\.xml/);
  });

  it('refuses deep nesting quickly, and reports a deeply nested entry without losing the others', () => {
    const t0 = cpuNow();
    const deep = `<feed>${'<x>'.repeat(100_000)}${'</x>'.repeat(100_000)}</feed>`;
    expect(unreadableMessage(() => parse(deep, 'deep.xml'))).toMatch(/nested more than/);
    const open = `<feed>${'<x>'.repeat(200_000)}`;
    expect(unreadableMessage(() => parse(open, 'open.xml'))).toMatch(/nested more than/);
    const d = parse(feedOf(entry('2401.00001v1', 'Fine') + '\n' + entry('2401.00002v1', 'Deep', `${'<x>'.repeat(5000)}${'</x>'.repeat(5000)}`) + '\n' + entry('2401.00003v1', 'Also fine')));
    expect(d.entries.map((e) => e.title)).toEqual(['Fine', 'Also fine']);
    expect(d.problems).toHaveLength(1);
    expect(d.problems[0]!.reason).toMatch(/nested more than/);
    expect(cpuNow() - t0).toBeLessThan(5000);
  });

  it('keeps the complete entries of a cut-off file and says where it was cut', () => {
    const text = read('api-2016-search-au-del_maestro.xml');
    // Inside the 7th entry's summary.
    const cut = text.slice(0, text.indexOf('Particle partition entanglement') + 500);
    const d = parse(cut, 'cut.xml');
    expect(d.entries).toHaveLength(6);
    expect(d.problems).toHaveLength(1);
    expect(d.problems[0]!.line).toBe(220);
    expect(d.problems[0]!.entry).toBe('Particle partition entanglement of bosonic Luttinger liquids');
    expect(d.problems[0]!.reason).toMatch(/cut off/);
    // Cut in the middle of a tag, and right after a complete entry.
    const midTag = text.slice(0, text.indexOf('<entry>', text.indexOf('1005.5383')) + 4);
    const d2 = parse(midTag, 'cut.xml');
    expect(d2.entries).toHaveLength(4);
    expect(d2.problems.map((p) => p.reason)).toEqual([expect.stringMatching(/cut off/)]);
  });

  it('reads a 10 MB abstract in reasonable time', () => {
    const big = 'lorem ipsum &amp; dolor '.repeat(420_000);
    const t0 = cpuNow();
    const d = parse(feedOf(entry('2401.00001v1', 'Big', `<summary>${big}</summary>`)));
    expect(cpuNow() - t0).toBeLessThan(8000);
    expect(d.entries[0]!.abstract!.length).toBeGreaterThan(8_000_000);
    expect(d.entries[0]!.abstract!.startsWith('lorem ipsum & dolor lorem')).toBe(true);
  });

  it('reads 100,000 entries in a few seconds', () => {
    const parts: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      parts.push(`<entry><id>http://arxiv.org/abs/2401.${String(i).padStart(5, '0')}v1</id><title>Paper ${i}</title><author><name>A. Author</name></author></entry>\n`);
    }
    const text = feedOf(parts.join(''));
    const t0 = cpuNow();
    const d = parse(text);
    expect(cpuNow() - t0).toBeLessThan(10_000);
    expect(d.entries).toHaveLength(100_000);
    expect(d.entries[99_999]).toMatchObject({ arxivId: '2401.99999', title: 'Paper 99999', line: 100_004 });
  });

  it('never fails with anything but a clear error when the real files are cut anywhere', () => {
    for (const file of ['api-2016-search-au-del_maestro.xml', 'api-2026-id_list-astro-ph-0601001-oldstyle-id.xml', 'api-2026-error-entry-id_list-abc.xml']) {
      const text = read(file);
      const whole = file.includes('error') ? 0 : parse(text, file).entries.length;
      for (let k = 0; k < text.length; k += 97) {
        for (const part of [text.slice(0, k), text.slice(k)]) {
          try {
            expect(parse(part, file).entries.length).toBeLessThanOrEqual(whole);
          } catch (e) {
            expect(e).toBeInstanceOf(LecternError);
          }
        }
      }
    }
  });
});
