/**
 * The page's Content Security Policy, one for both hosts: the desktop window sends it with the
 * page, `lectern serve` on every response, and the renderer's index.html declares the same (less
 * frame-ancestors, which a meta tag cannot carry).
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  // lectern-pdf: is the desktop app's PDF protocol (pdf.js fetches the file by URL).
  "connect-src 'self' lectern-pdf:",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
