import type { Paper } from '../../../shared/model';
import { safeHref } from '../format';

/** The preprint's own page: arXiv's abstract page, or the preprint DOI's resolver link. */
function preprintHref(p: NonNullable<Paper['preprint']>): string | null {
  return p.server === 'arXiv' ? `https://arxiv.org/abs/${p.id}${p.version ? `v${p.version}` : ''}` : safeHref(`https://doi.org/${p.id}`);
}

/** "arXiv:1312.6177 v2", "bioRxiv 10.1101/014852", or the DOI alone when the server is not known. */
function preprintName(p: NonNullable<Paper['preprint']>): string {
  if (p.server === 'arXiv') return `arXiv:${p.id}${p.version ? ` v${p.version}` : ''}`;
  return p.server ? `${p.server} ${p.id}` : `doi:${p.id}`;
}

/**
 * Where the work stands beyond arXiv: a retraction (first, and loud), the published version
 * ("Published in <venue>, <year>") and the preprint ("Preprint arXiv:ID vN"), each linked.
 */
export function WorkFacts({ paper }: { paper: Paper }) {
  const r = paper.retraction;
  const pre = paper.preprint;
  const pub = paper.publishedIn;
  if (!r && !pre && !pub) return null;
  const notice = r?.url ? safeHref(r.url) : null;
  const preLink = pre ? preprintHref(pre) : null;
  const pubLink = pub?.doi ? safeHref(`https://doi.org/${pub.doi}`) : null;
  return (
    <div className="pane-work">
      {r && (
        <p className="retracted-banner" role="alert">
          <strong>Retracted.</strong> {r.label !== 'Retraction' ? `${r.label}: ` : ''}Crossref lists a retraction notice{r.date ? ` (${r.date})` : ''}.{' '}
          {notice && (
            <a href={notice} target="_blank" rel="noopener noreferrer">
              Read the notice
            </a>
          )}
        </p>
      )}
      {pub && (
        <p className="work-line">
          Published in {pubLink ? <a href={pubLink} target="_blank" rel="noopener noreferrer">{pub.venue}</a> : pub.venue}
          {pub.year && !pub.venue.includes(String(pub.year)) ? `, ${pub.year}` : ''}
        </p>
      )}
      {pre && (
        <p className="work-line">
          Preprint{' '}
          {preLink ? (
            <a href={preLink} target="_blank" rel="noopener noreferrer">
              {preprintName(pre)}
            </a>
          ) : (
            preprintName(pre)
          )}
        </p>
      )}
    </div>
  );
}
