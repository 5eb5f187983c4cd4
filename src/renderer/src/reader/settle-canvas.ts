/**
 * A drawn page's pixels, moved from pdf.js's 2D canvas into an ImageBitmap shown by a
 * `bitmaprenderer` canvas in its place.
 *
 * Why: pdf.js draws into CPU-backed canvases (willReadFrequently), and Chromium compositing in
 * software (no GPU, a VM, a remote desktop: our test machines) hands every such canvas near the
 * view to the compositor again on each frame of a scroll, a copy of the whole page each time
 * (Canvas2DResourceProvider::ProduceCanvasResource, 5-10 ms a page a frame here: a third of the
 * main thread while scrolling, which then delays drawing the next pages). A bitmap is handed over
 * once. The page view keeps working on the new element: a new render (zoom) replaces it as it
 * replaced the old canvas, and the structure tree pdf.js puts inside the canvas moves with it.
 */

/** The part of pdf.js's PDFPageView this touches (its `canvas` is a public field). */
export interface DrawnPageView {
  canvas: HTMLCanvasElement | null;
  renderingState: number;
}

export async function settleCanvas(view: DrawnPageView, finished: number): Promise<boolean> {
  const canvas = view.canvas;
  if (!canvas || !canvas.isConnected || canvas.width === 0 || canvas.height === 0) return false;
  if (typeof createImageBitmap !== 'function') return false;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(canvas);
  } catch {
    return false; // a canvas released meanwhile (the page left the view): nothing to keep
  }
  // The page may have been zoomed, released or redrawn while the copy was made.
  if (view.canvas !== canvas || !canvas.isConnected || view.renderingState !== finished || canvas.width !== bitmap.width) {
    bitmap.close();
    return false;
  }
  const shown = document.createElement('canvas');
  for (const a of Array.from(canvas.attributes)) if (a.name !== 'width' && a.name !== 'height') shown.setAttribute(a.name, a.value);
  shown.width = bitmap.width;
  shown.height = bitmap.height;
  const ctx = shown.getContext('bitmaprenderer');
  if (!ctx) {
    bitmap.close();
    return false;
  }
  ctx.transferFromImageBitmap(bitmap);
  shown.append(...Array.from(canvas.childNodes));
  canvas.replaceWith(shown);
  view.canvas = shown;
  canvas.width = canvas.height = 0; // its memory goes now, not at the next collection
  return true;
}
