/**
 * Values an importer makes up to fill a gap are missing data, not facts. A digest that gives only
 * a link ("Read this: https://arxiv.org/abs/2512.22630") yields a paper titled "arXiv:2512.22630"
 * (or "doi:10.…"), so that it has something to show until a title is known. Such a title is
 * recognised by its shape against the paper's own ids: no flag is stored, and libraries imported
 * before this rule are covered. A title a digest really gave, or one the user typed, is never the
 * paper's own id behind "arXiv:"/"doi:", so it is never replaced. (An author count without names
 * is a real count from the digest, shown as "N authors": names replace it where known.)
 */

/** Whether a title is the placeholder of one of these ids (arXiv ids and DOIs match in any case). */
export function isPlaceholderTitle(title: string, ids: { arxivId?: string | null; doi?: string | null }): boolean {
  const t = title.trim().toLowerCase();
  return (!!ids.arxivId && t === `arxiv:${ids.arxivId.toLowerCase()}`) || (!!ids.doi && t === `doi:${ids.doi.toLowerCase()}`);
}

/**
 * SQL over a `paper` row: its title is a placeholder. For UPDATE … SET title = CASE WHEN …, where
 * every expression sees the row as it was.
 */
export const PLACEHOLDER_TITLE_SQL = "(lower(title) = 'arxiv:' || lower(arxiv_id) OR lower(title) = 'doi:' || lower(doi))";
