/**
 * Saves text as a file through the browser's own download: a blob URL and an <a download>.
 * The same works in the desktop app, whose session lets blob downloads (and only those) through.
 */
export function downloadText(text: string, fileName: string, mimeType: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has taken its copy by the time this runs.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
