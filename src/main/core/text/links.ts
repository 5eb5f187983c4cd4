// Matches a URL wherever it starts, even glued to a word ("brightpinkhttps://…" on HF pages).
// Bounded: no real URL is longer, and a hostile 10 MB "https://…" run stays linear.
const URL_RE = /https?:\/\/[^\s<>"'`{}|\\^[\]]{1,2048}/giu;

/** The http(s) links in a text, in order, without trailing punctuation, each once. */
export function findLinks(text: string): string[] {
  const seen = new Set<string>();
  for (const match of text.matchAll(URL_RE)) {
    const url = trimUrl(match[0]);
    if (url.length > 'https://'.length + 2) seen.add(url);
  }
  return [...seen];
}

/** Drops trailing punctuation, and closing parentheses that have no opening one in the URL. */
function trimUrl(url: string): string {
  let open = 0;
  let close = 0;
  for (const c of url) {
    if (c === '(') open++;
    else if (c === ')') close++;
  }
  let end = url.length;
  for (;;) {
    const last = url[end - 1];
    if (last && '.,;:!?*'.includes(last)) end--;
    else if (last === ')' && open < close) {
      end--;
      close--;
    } else return url.slice(0, end);
  }
}
