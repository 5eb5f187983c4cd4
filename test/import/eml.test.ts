import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LecternError } from '../../src/shared/errors';
import type { ParseContext } from '../../src/shared/parsed';
import { decodeWords, emlFormat } from '../../src/main/core/import/formats/eml';
import { arxivEmailFormat } from '../../src/main/core/import/formats/arxiv-email';
import { textFormat } from '../../src/main/core/import/formats/text';
import { CORPUS } from '../helpers/paths';
import { expectUnreadable } from '../helpers/errors';
import { cpuNow } from '../helpers/time';

const now = new Date('2026-08-01T12:00:00Z');
const ctx = (fileName: string | null = 'message.eml'): ParseContext => ({ fileName, now });
const read = (rel: string): string => fs.readFileSync(path.join(CORPUS, rel), 'utf8');
const b64 = (s: string, enc: BufferEncoding = 'utf8'): string => Buffer.from(s, enc).toString('base64');
const cpuMs = cpuNow;


function survive(text: string): void {
  try {
    emlFormat.parse(text, ctx());
  } catch (e) {
    expect(e).toBeInstanceOf(LecternError);
  }
}

/**
 * A newsletter as the generator described in the corpus README writes it (LF headers, base64
 * Subject, text/html 8bit with a <style> block, a table of contents, article boxes whose text
 * ends in "原文链接：<arXiv URL>"; 原文链接 = original link).
 */
function newsletter(): string {
  const subject = `=?UTF-8?B?${b64('北美AI洞察快讯~2026-07-28')}?=`;
  const article = (n: number, title: string, org: string, url: string) => `
        <div class="article-box">
            <a id="article-${n}" name="article-${n}"></a>
            <div class="article-title">${title}</div>
            <div class="article-meta">分类: 模型算法 | 机构: ${org}</div>

            <div class="summary-section">
                <div class="summary-title">📌 内容简述</div>
                <div class="summary-content">本文深入探讨了AI模型算法的最新进展，从理论基础到工程实践，全面分析了当前技术路线的优势与挑战。</div>
            </div>

            <div class="detail-section">
                <strong>详细说明：</strong><br><br>
                AI领域的快速发展离不开算法层面的持续创新。展望未来，AI技术将继续沿着高效化、实用化和安全化的方向演进。原文链接：${url}
            </div>

            <a href="#toc" class="back-button">↑ 返回目录</a>
        </div>`;
  return `From: "北美AI洞察快讯" <insight@moore-institute.ca>
To: subscriber@example.com
Subject: ${subject}
Date: Tue, 28 Jul 2026 09:15:02 -0500
MIME-Version: 1.0
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: 8bit

<!DOCTYPE html>
<html>
<head>
    <meta charset="UTF-8">
    <style>
        body {
            font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, sans-serif;
            color: #333;
        }
        .article-title { font-size: 24px; } /* 2607.99999 inside CSS is not a paper */
    </style>
</head>
<body>
    <div class="header">
        <h1>🔬 北美AI洞察快讯</h1>
        <p>加拿大研究院摩尔研究所 | 2026-07-28</p>
    </div>
    <div class="container">
        <h2 id="toc">📋 内容速览</h2>
        <table class="toc-table">
            <thead><tr><th width="15%">分类</th><th width="60%">标题</th><th width="25%">机构</th></tr></thead>
            <tbody>
                <tr>
                    <td class="category-cell" rowspan="3">模型算法</td>
                    <td><a href="#article-1"><strong>端侧大模型推理加速的新路径</strong></a></td>
                    <td>arxiv</td>
                </tr>
                <tr>
                    <td><a href="#article-2"><strong>多智能体协作&amp;规划框架</strong></a></td>
                    <td>arxiv</td>
                </tr>
                <tr>
                    <td><a href="#article-3"><strong>开源推理引擎重大更新</strong></a></td>
                    <td>github</td>
                </tr>
            </tbody>
        </table>
        <h2>📰 内容详情</h2>
${article(1, '端侧大模型推理加速的新路径', 'arxiv', 'http://arxiv.org/abs/2607.24585v1')}
${article(2, '多智能体协作&amp;规划框架', 'arxiv', 'http://arxiv.org/abs/2607.21817v2')}
${article(3, '开源推理引擎重大更新', 'github', 'https://github.com/example/engine/releases/tag/v2.1.0')}
        <div class="footer">
            <p><strong>加拿大研究院摩尔研究所</strong></p>
            <p>Moore Institute of Canadian Research Academy</p>
        </div>
    </div>
</body>
</html>
`;
}

describe('eml: the newsletter described in the corpus README', () => {
  it('decodes the Subject, reads the 8bit HTML body and finds the arXiv links', () => {
    const text = newsletter();
    expect(emlFormat.detect(text, '2026-07-28.eml')).toBeGreaterThanOrEqual(0.97);
    expect(emlFormat.detect(text, null)).toBeGreaterThanOrEqual(0.97);
    expect(emlFormat.detect(text, null)).toBeGreaterThan(textFormat.detect(text, null));
    expect(arxivEmailFormat.detect(text, null)).toBe(0);

    const d = emlFormat.parse(text, ctx('2026-07-28.eml'));
    expect(d.format).toBe('eml');
    expect(d.name).toBe('北美AI洞察快讯~2026-07-28');
    expect(d.date).toBe('2026-07-28');
    expect(d.problems).toEqual([]);
    // Two papers; the GitHub release and the id inside the <style> block are not papers. The
    // generated Chinese headlines are not the papers' titles, so both wait for resolution.
    expect(d.entries.map((e) => [e.arxivId, e.arxivVersion, e.title])).toEqual([
      ['2607.24585', 1, 'arXiv:2607.24585'],
      ['2607.21817', 2, 'arXiv:2607.21817'],
    ]);
  });

  it('accepts the same message with CRLF line ends', () => {
    const d = emlFormat.parse(newsletter().replace(/\n/g, '\r\n'), ctx());
    expect(d.name).toBe('北美AI洞察快讯~2026-07-28');
    expect(d.entries.map((e) => e.arxivId)).toEqual(['2607.24585', '2607.21817']);
  });
});

describe('eml: MIME variants', () => {
  it('prefers the text/plain alternative (quoted-printable) over the HTML one (base64)', () => {
    const plain = [
      'Today’s papers — résumé',
      '',
      '1. **Attention Is All You Need**',
      '   https://arxiv.org/abs/1706.03762',
      '2. [Deep Residual Learning for Image Recognition](https://arxiv.org/abs/1512.03385)',
    ].join('\n');
    const qp = Buffer.from(plain, 'utf8')
      .toString('latin1')
      .replace(/[^\x20-\x7e\n]|=/g, (c) => `=${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
      .replace('Learning for Image', 'Learning for =\nImage'); // a soft line break
    const html = '<p><a href="https://arxiv.org/abs/9999.99999">HTML only</a></p>';
    const text = [
      'From: Digest <d@example.org>',
      'Subject: =?utf-8?Q?Caf=C3?= =?utf-8?Q?=A9_digest?=',
      'Date: Mon, 5 Jan 2026 08:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: multipart/alternative;',
      ' boundary="==b1=="',
      '',
      'This is a multi-part message in MIME format.',
      '--==b1==',
      'Content-Type: text/plain; charset="utf-8"',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      qp,
      '--==b1==',
      'Content-Type: text/html; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      b64(html).replace(/(.{60})/g, '$1\n'),
      '--==b1==--',
      '',
    ].join('\n');
    const d = emlFormat.parse(text, ctx());
    expect(d.name).toBe('Café digest'); // "é" split across two encoded words
    expect(d.date).toBe('2026-01-05');
    expect(d.entries.map((e) => [e.arxivId, e.title])).toEqual([
      ['1706.03762', 'Attention Is All You Need'],
      ['1512.03385', 'Deep Residual Learning for Image Recognition'],
    ]);
  });

  it('falls back to the HTML part when the plain part mentions no papers; reads nested and forwarded parts', () => {
    const inner = [
      'From: someone@example.org',
      'Subject: Fwd',
      'Content-Type: multipart/alternative; boundary=inner',
      '',
      '--inner',
      'Content-Type: text/plain; charset=us-ascii',
      '',
      'View this e-mail in your browser.',
      '--inner',
      'Content-Type: text/html; charset=iso-8859-1',
      'Content-Transfer-Encoding: base64',
      '',
      b64('<h2>Picks</h2><ul><li><a href="https://huggingface.co/papers/2501.05874">VideoRAG: Retrieval-Augmented Generation over Video Corpus</a> by M\u00fcller</li></ul>', 'latin1'),
      '--inner--',
    ].join('\n');
    const text = [
      'From: me@example.org',
      'Subject: Fwd: picks',
      'Date: 2 Feb 2025 10:00:00 +0100',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="outer"',
      '',
      '--outer',
      'Content-Type: text/plain',
      '',
      'See below.',
      '--outer',
      'Content-Type: message/rfc822',
      '',
      inner,
      '--outer',
      'Content-Type: application/pdf; name="a.pdf"',
      'Content-Disposition: attachment; filename="a.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      b64('%PDF-1.4 arXiv:2501.00001'),
      '--outer--',
    ].join('\n');
    const d = emlFormat.parse(text, ctx());
    expect(d.name).toBe('Fwd: picks');
    expect(d.date).toBe('2025-02-02');
    expect(d.entries).toEqual([expect.objectContaining({ arxivId: '2501.05874', title: 'VideoRAG: Retrieval-Augmented Generation over Video Corpus' })]);
  });

  it('decodes base64 bodies in legacy charsets (GBK)', () => {
    const gbk = Buffer.from([0xc2, 0xdb, 0xce, 0xc4]); // 论文 in GBK
    const body = Buffer.concat([gbk, Buffer.from(': https://arxiv.org/abs/2401.00001\n')]);
    const text = ['Subject: =?gb2312?B?' + Buffer.from([0xc2, 0xdb, 0xce, 0xc4]).toString('base64') + '?=', 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=GBK', 'Content-Transfer-Encoding: base64', '', body.toString('base64'), ''].join('\n');
    const d = emlFormat.parse(text, ctx());
    expect(d.name).toBe('论文');
    expect(d.entries.map((e) => e.arxivId)).toEqual(['2401.00001']);
    expect(decodeWords('=?UNKNOWN-CHARSET?Q?abc?= plain')).toBe('abc plain');
  });

  it('reads an arXiv listing mail (quoted-printable, CRLF) as a listing', () => {
    const listing = read('email/arxiv-listing-cs-2024-11-21-excerpt-journalref-doi.txt');
    const qp = listing
      .split('\n')
      .map((l) => l.replace(/=/g, '=3D'))
      .map((l) => (l.length > 76 ? `${l.slice(0, 70)}=\n${l.slice(70)}` : l))
      .join('\n');
    const text = [
      'Return-Path: <no-reply@arxiv.org>',
      'Received: from mail.arxiv.org by mx.example.org',
      'From: send mail ONLY to cs <no-reply@arxiv.org>',
      'Subject: cs daily Subj-class mailing 200 1',
      'Date: Fri, 22 Nov 2024 01:02:03 +0000',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      qp,
    ]
      .join('\n')
      .replace(/\n/g, '\r\n');
    expect(emlFormat.detect(text, null)).toBeGreaterThan(arxivEmailFormat.detect(text, null));
    const d = emlFormat.parse(text, ctx());
    expect(d.format).toBe('eml');
    expect(d.name).toBe('arXiv cs 2024-11-22');
    expect(d.date).toBe('2024-11-22');
    expect(d.entries).toHaveLength(2);
    expect(d.entries[0]).toMatchObject({ arxivId: '2411.13560', published: '2024-11-07', categories: ['cs.AI', 'cs.ET', 'eess.SP'] });
    expect(d.entries[0]!.authors).toContain('Yaxing Wang');
    expect(d.entries[1]).toMatchObject({ arxivId: '2411.13566', doi: '10.1016/j.jenvman.2024.122526' });
  });

  it('leaves arXiv’s headered mailing file to the listing importer', () => {
    const rel = 'email/arxiv-official-mailing-file-q-fin.CP-2023-03-17-with-headers.txt';
    const text = read(rel);
    expect(emlFormat.detect(text, rel)).toBeLessThan(arxivEmailFormat.detect(text, rel));
    // Read as a message anyway, it gives the same papers.
    expect(emlFormat.parse(text, ctx(rel)).entries.map((e) => e.arxivId)).toEqual(['2303.08968', '2303.09406']);
    for (const other of ['hf-text/hf-daily-zh-newsletter-2025-01-13.md', 'email/arxiv-listing-cs-2024-11-21-excerpt-journalref-doi.txt', 'ris/zotero-ris-export-partial-dates.ris']) {
      expect(emlFormat.detect(read(other), other)).toBe(0);
    }
  });

  it('refuses messages without a readable body or without papers, and text that is no message', () => {
    const onlyAttachment = ['Subject: scan', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary=x', '', '--x', 'Content-Type: image/png', 'Content-Disposition: attachment', '', 'iVBORw0KGgo=', '--x--'].join('\n');
    expectUnreadable(() => emlFormat.parse(onlyAttachment, ctx('scan.eml')), /scan\.eml/, /no text or HTML body/, /image\/png/);
    const noPapers = ['Subject: Lunch', 'Date: Tue, 1 Jul 2025 10:00:00 +0000', 'Content-Type: text/plain', '', 'Pizza at noon?'].join('\n');
    expectUnreadable(() => emlFormat.parse(noPapers, ctx('lunch.eml')), /lunch\.eml/, /"Lunch"/, /no arXiv ids/);
    expectUnreadable(() => emlFormat.parse('just some text\nhttps://arxiv.org/abs/2401.00001', ctx('x.eml')), /not an e-mail message/);
    expect(emlFormat.detect('just some text', null)).toBe(0);
  });
});

describe('eml: hostile input', () => {
  it('survives truncation at every point of a message', () => {
    const text = newsletter();
    for (let cut = 0; cut <= text.length; cut += 61) survive(text.slice(0, cut));
  });

  it('handles 10 MB bodies and headers, deep nesting and 100,000 parts quickly', () => {
    const t0 = cpuMs();
    const many = Array.from({ length: 100_000 }, (_, i) => `https://arxiv.org/abs/25${String(1 + (i % 12)).padStart(2, '0')}.${String(i).padStart(5, '0')}`).join('\n');
    const big = ['Subject: big', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64', '', b64(`${'x'.repeat(5_000_000)}\n${many}`)].join('\n');
    expect(emlFormat.parse(big, ctx()).entries).toHaveLength(100_000);

    survive(`Subject: ${'=?utf-8?B?5YyX?= '.repeat(300_000)}\n\nhttps://arxiv.org/abs/2401.00001`);
    survive(`Subject: x\nX-Long: ${'a'.repeat(10_000_000)}\n\nhttps://arxiv.org/abs/2401.00001`);
    survive(`Subject: x\nContent-Transfer-Encoding: quoted-printable\n\n${'=\n'.repeat(1_000_000)}${'=ZZ'.repeat(1_000_000)}`);

    let nested = 'https://arxiv.org/abs/2401.00001';
    for (let i = 0; i < 200; i++) nested = `Content-Type: multipart/mixed; boundary=b${i}\n\n--b${i}\n${nested}\n--b${i}--`;
    survive(`Subject: deep\n${nested}`);

    const parts = Array.from({ length: 100_000 }, () => '--p\nContent-Type: text/plain\n\nx').join('\n');
    survive(`Subject: parts\nContent-Type: multipart/mixed; boundary=p\n\n${parts}\n--p--`);
    survive(`Subject: x\nContent-Type: text/html\n\n${'<div>'.repeat(200_000)}<a href="https://arxiv.org/abs/2401.00001">T</a>`);
    survive(`Subject: x\nContent-Type: text/html\n\n<style>${'x'.repeat(5_000_000)}`);
    survive(`Subject: x\nContent-Type: text/html\n\n${'<a href="'.repeat(500_000)}`);
    expect(cpuMs() - t0).toBeLessThan(10_000);
  });
});
