import type { WebSettings } from '../crossref/settings';

/**
 * bioRxiv's and medRxiv's PDF of a preprint by its DOI (10.1101/…): <base><doi>.full.pdf, the
 * newest version. Which server holds a 10.1101 DOI is what Crossref says (its institution);
 * bioRxiv when nothing says otherwise.
 */
export function preprintPdfUrl(web: WebSettings, doi: string, server: string | null): string | null {
  if (!/^10\.1101\//.test(doi)) return null;
  const base = /medrxiv/i.test(server ?? '') ? web.medrxivPdf : web.biorxivPdf;
  return `${base}${doi}.full.pdf`;
}
