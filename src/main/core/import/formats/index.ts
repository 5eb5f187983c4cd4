import type { DigestFormat } from '../../../../shared/parsed';
import { arxivAtomFormat } from './arxiv-atom';
import { arxivEmailFormat } from './arxiv-email';
import { arxivRssFormat } from './arxiv-rss';
import { bibtexFormat } from './bibtex';
import { cslJsonFormat } from './csl-json';
import { emlFormat } from './eml';
import { hfJsonFormat } from './hf-json';
import { hfJsonFeedFormat } from './hf-jsonfeed';
import { hfRssFormat } from './hf-rss';
import { hfTextFormat } from './hf-text';
import { oaiPmhFormat } from './oai-pmh';
import { risFormat } from './ris';
import { textFormat } from './text';

/** Every format Lectern reads. Detection asks each; the most confident wins. */
export const FORMATS: readonly DigestFormat[] = [
  hfTextFormat,
  hfJsonFormat,
  hfJsonFeedFormat,
  hfRssFormat,
  arxivAtomFormat,
  arxivRssFormat,
  oaiPmhFormat,
  cslJsonFormat,
  bibtexFormat,
  risFormat,
  arxivEmailFormat,
  emlFormat,
  // Last: any text with arXiv ids, arXiv/HF links or DOIs, when nothing more specific claims it.
  textFormat,
];
