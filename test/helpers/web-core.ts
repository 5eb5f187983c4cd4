import type { FakePaper } from './arxiv-server';
import { arxivCore } from './arxiv-core';
import { startFakeWeb } from './crossref-server';

/** A core whose arXiv, Crossref, Unpaywall, doi.org, publishers and bioRxiv are local stand-ins. */
export async function webCore(opts: { papers?: FakePaper[]; delayMs?: number; email?: string | null; env?: Record<string, string> } = {}) {
  const web = await startFakeWeb({ delayMs: opts.delayMs, email: opts.email });
  const t = await arxivCore({ papers: opts.papers ?? [], env: { LECTERN_ARXIV_DELAY_MS: '0', ...web.env, ...opts.env } });
  return {
    ...t,
    web,
    close: async () => {
      await t.close();
      await web.close();
    },
  };
}
