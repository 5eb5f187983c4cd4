// Matches a URL wherever it starts, even glued to a word ("brightpinkhttps://…" on HF pages).
const URL_RE = /https?:\/\/[^\s<>"'`{}|\\^[\]]+/giu;

/** The http(s) links in a text, in order, without trailing punctuation, each once. */
export function findLinks(text: string): string[] {
  const seen = new Set<string>();
  for (const match of text.matchAll(URL_RE)) {
    const url = trimUrl(match[0]);
    if (url.length > 'https://'.length + 2) seen.add(url);
  }
  return [...seen];
}

function trimUrl(url: string): string {
  let u = url;
  for (;;) {
    const last = u.at(-1);
    if (last && '.,;:!?*'.includes(last)) u = u.slice(0, -1);
    else if (last === ')' && count(u, '(') < count(u, ')')) u = u.slice(0, -1);
    else return u;
  }
}

function count(s: string, ch: string): number {
  let n = 0;
  for (const c of s) if (c === ch) n++;
  return n;
}
