import type { PDFDocumentLoadingTask, PDFDocumentProxy } from 'pdfjs-dist';
import type { ReadingPosition, Zoom } from '../../../shared/methods/reader';
import { safeHref } from '../format';
import { positionAt, scrollTopFor, seenPage, stepZoom, type PageBox } from './geometry';
import { ReaderTimeout } from './pdf-errors';
import { settleCanvas, type DrawnPageView } from './settle-canvas';
import { rememberBoxesWhileOrdering } from './text-order';
import { documentOptions, dropWorker, loadPdfJs, MAX_CANVAS_PIXELS, sharedWorker, type PdfViewerLib } from './pdfjs';

export interface ViewState {
  page: number;
  offset: number;
  zoom: Zoom;
  /** The scale in effect (1 = 100 %), also when the zoom is a preset. */
  scale: number;
  pageCount: number;
  seenPage: number;
}

export interface FindStatus {
  state: 'idle' | 'pending' | 'found' | 'not-found' | 'wrapped';
  current: number;
  total: number;
}

export interface OutlineNode {
  title: string;
  dest: string | unknown[] | null;
  url: string | null;
  items: OutlineNode[];
}

/** How the session talks to its host: plain callbacks, no knowledge of React or of the API. */
interface SessionHooks {
  onView(v: ViewState): void;
  onFind(f: FindStatus): void;
  /** A page finished drawing (ms from the start of its rendering), or failed to. */
  onPageRendered?(page: number, ms: number, failed: boolean): void;
  /** The file needs a password; resolve to it, or to null to give up. */
  onPassword(incorrect: boolean): Promise<string | null>;
}

type Viewer = InstanceType<PdfViewerLib['PDFViewer']>;
type EventBus = InstanceType<PdfViewerLib['EventBus']>;
type LinkService = InstanceType<PdfViewerLib['PDFLinkService']>;

const PRESETS = ['page-width', 'page-fit', 'auto'] as const;

/**
 * One open PDF in a container: pdf.js's viewer components (PDFViewer, which renders only the
 * pages near the view and releases the canvases of the others; PDFLinkService; PDFFindController)
 * wired by their event bus, after pdf.js's own simpleviewer example.
 */
export class PdfSession {
  private readonly cleanups: (() => void)[] = [];
  private destroyed = false;
  private renderStarts = new Map<number, number>();

  private constructor(
    readonly doc: PDFDocumentProxy,
    private readonly task: PDFDocumentLoadingTask,
    private readonly viewer: Viewer,
    private readonly bus: EventBus,
    private readonly links: LinkService,
    private readonly container: HTMLDivElement,
    private readonly hooks: SessionHooks,
  ) {}

  /** Opens `url` into `container` at `initial` (or the top, fit to width). Throws what pdf.js throws. */
  static async open(container: HTMLDivElement, url: string, initial: ReadingPosition | null, hooks: SessionHooks, timeoutMs = 60_000): Promise<PdfSession> {
    const { lib, viewer: V } = await loadPdfJs();
    const bus = new V.EventBus();
    const links = new V.PDFLinkService({ eventBus: bus, externalLinkTarget: V.LinkTarget.BLANK, externalLinkRel: 'noopener noreferrer nofollow', ignoreDestinationZoom: true });
    const find = new V.PDFFindController({ eventBus: bus, linkService: links });
    const viewer = new V.PDFViewer({
      container,
      eventBus: bus,
      linkService: links,
      findController: find,
      removePageBorders: true,
      textLayerMode: 1, // TextLayerMode.ENABLE: selection, copy, find highlights
      annotationMode: lib.AnnotationMode.ENABLE, // links, no form filling
      maxCanvasPixels: MAX_CANVAS_PIXELS,
    });
    links.setViewer(viewer);

    const task = lib.getDocument(documentOptions(url, sharedWorker(lib)));
    task.onPassword = (update: (pw: string | Error) => void, reason: number) => {
      hooks.onPassword(reason === lib.PasswordResponses.INCORRECT_PASSWORD).then(
        (pw) => (pw === null ? void task.destroy() : update(pw)),
        () => void task.destroy(),
      );
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ReaderTimeout(`The PDF took longer than ${Math.round(timeoutMs / 1000)} s to open; Lectern gave up on it.`)), timeoutMs);
    });
    let doc: PDFDocumentProxy;
    try {
      doc = await Promise.race([task.promise, timeout]);
    } catch (e) {
      void task.destroy();
      // A file that broke or stalled the worker must not stall the next one.
      if (e instanceof ReaderTimeout || !(e instanceof Error) || !/Invalid PDF|Password|Unexpected server response/i.test(`${e.name} ${e.message}`)) dropWorker();
      // A password prompt the user cancelled ends the task: say it was the password.
      if (e instanceof Error && /Loading aborted|Worker was destroyed/.test(e.message)) {
        throw Object.assign(new Error('No password given.'), { name: 'PasswordException' });
      }
      throw e;
    } finally {
      clearTimeout(timer);
    }

    const session = new PdfSession(doc, task, viewer, bus, links, container, hooks);
    const ready = new Promise<void>((resolve) => bus.on('pagesinit', () => resolve(), { once: true }));
    viewer.setDocument(doc);
    links.setDocument(doc, null);
    await ready;
    session.wire(V.RenderingStates.FINISHED);
    session.restore(initial);
    return session;
  }

  get pageCount(): number {
    return this.doc.numPages;
  }

  private wire(finished: number) {
    const { bus, container } = this;
    let frame = 0;
    const report = () => {
      frame = 0;
      if (!this.destroyed) this.hooks.onView(this.viewState());
    };
    const onScroll = () => {
      if (!frame) frame = requestAnimationFrame(report);
    };
    container.addEventListener('scroll', onScroll, { passive: true });
    this.cleanups.push(() => container.removeEventListener('scroll', onScroll));
    // "Fit width" and "fit page" follow the size of the view (the window, the outline opening).
    let width = container.clientWidth;
    let height = container.clientHeight;
    const resized = new ResizeObserver(() => {
      if (container.clientWidth === width && container.clientHeight === height) return;
      width = container.clientWidth;
      height = container.clientHeight;
      const value = this.viewer.currentScaleValue;
      if ((PRESETS as readonly string[]).includes(value)) this.viewer.currentScaleValue = value;
    });
    resized.observe(container);
    this.cleanups.push(() => resized.disconnect());
    bus.on('scalechanging', onScroll);
    bus.on('pagesloaded', onScroll);

    bus.on('pagerender', ({ source, pageNumber }: { source: { _accessibilityManager?: { enable(): void } }; pageNumber: number }) => {
      this.renderStarts.set(pageNumber, performance.now());
      rememberBoxesWhileOrdering(source._accessibilityManager);
    });
    bus.on('pagerendered', (e: { source: DrawnPageView; pageNumber: number; error?: unknown; cssTransform?: boolean; isDetailView?: boolean }) => {
      const start = this.renderStarts.get(e.pageNumber);
      this.renderStarts.delete(e.pageNumber);
      if (start !== undefined) this.hooks.onPageRendered?.(e.pageNumber, performance.now() - start, !!e.error);
      if (!e.error && !e.cssTransform && !e.isDetailView) void settleCanvas(e.source, finished);
    });

    const states: Record<number, FindStatus['state']> = { 0: 'found', 1: 'not-found', 2: 'wrapped', 3: 'pending' };
    let last: FindStatus = { state: 'idle', current: 0, total: 0 };
    bus.on('updatefindcontrolstate', (e: { state: number; matchesCount?: { current: number; total: number } }) => {
      last = { state: states[e.state] ?? 'pending', current: e.matchesCount?.current ?? last.current, total: e.matchesCount?.total ?? last.total };
      this.hooks.onFind(last);
    });
    bus.on('updatefindmatchescount', (e: { matchesCount: { current: number; total: number } }) => {
      last = { ...last, current: e.matchesCount.current, total: e.matchesCount.total };
      if (last.state === 'pending' && last.total > 0) last.state = 'found';
      this.hooks.onFind(last);
    });

    // Links: internal ones (href "#…") are pdf.js's to follow; anything else leaves the app only
    // if it is http(s), and then through window.open, which the desktop shell hands to the system.
    const onClick = (e: MouseEvent) => {
      const a = (e.target as Element | null)?.closest?.('a');
      if (!a || !container.contains(a)) return;
      const href = a.getAttribute('href') ?? '';
      if (href === '' || href.startsWith('#')) return;
      e.preventDefault();
      e.stopPropagation();
      const safe = safeHref(a.href);
      if (safe) window.open(safe, '_blank', 'noopener,noreferrer');
    };
    container.addEventListener('click', onClick, true);
    this.cleanups.push(() => container.removeEventListener('click', onClick, true));
  }

  private box = (i: number): PageBox => {
    const div = this.viewer.getPageView(i)?.div as HTMLElement | undefined;
    if (!div) return { top: 0, height: 0 };
    const c = this.container.getBoundingClientRect();
    const r = div.getBoundingClientRect();
    return { top: r.top - c.top + this.container.scrollTop, height: r.height };
  };

  /** Puts the view where it was: zoom first (it changes every page's size), then the scroll. */
  restore(pos: ReadingPosition | null) {
    this.setZoom(pos?.zoom ?? 'page-width');
    if (!pos) {
      this.container.scrollTop = 0;
      return;
    }
    this.container.scrollTop = scrollTopFor(pos.page, pos.offset, this.pageCount, this.box);
  }

  viewState(): ViewState {
    const c = this.container;
    const { page, offset } = positionAt(c.scrollTop, this.pageCount, this.box);
    const value = this.viewer.currentScaleValue;
    const zoom: Zoom = (PRESETS as readonly string[]).includes(value) ? (value as Zoom) : Math.round(this.viewer.currentScale * 1000) / 1000;
    return {
      page,
      offset: Math.round(offset * 10000) / 10000,
      zoom,
      scale: this.viewer.currentScale,
      pageCount: this.pageCount,
      seenPage: seenPage({ scrollTop: c.scrollTop, height: c.clientHeight, scrollHeight: c.scrollHeight }, this.pageCount, this.box),
    };
  }

  setZoom(z: Zoom) {
    if (typeof z === 'number') this.viewer.currentScale = z;
    else this.viewer.currentScaleValue = z;
  }

  zoom(direction: 1 | -1) {
    this.setZoom(stepZoom(this.viewer.currentScale, direction));
  }

  goToPage(n: number) {
    this.viewer.currentPageNumber = Math.min(this.pageCount, Math.max(1, n));
  }

  scrollByScreen(direction: 1 | -1) {
    this.container.scrollBy({ top: direction * Math.round(this.container.clientHeight * 0.9) });
  }

  toStart() {
    this.container.scrollTop = 0;
  }

  toEnd() {
    this.container.scrollTop = this.container.scrollHeight;
  }

  find(query: string, opts: { again?: boolean; previous?: boolean } = {}) {
    this.bus.dispatch('find', {
      source: this,
      type: opts.again ? 'again' : '',
      query,
      caseSensitive: false,
      entireWord: false,
      highlightAll: true,
      findPrevious: !!opts.previous,
      matchDiacritics: false,
    });
  }

  clearFind() {
    this.bus.dispatch('findbarclose', { source: this });
    this.hooks.onFind({ state: 'idle', current: 0, total: 0 });
  }

  async outline(limit = 2000): Promise<OutlineNode[]> {
    const raw = (await this.doc.getOutline()) ?? [];
    let left = limit;
    const map = (items: typeof raw, depth: number): OutlineNode[] => {
      const out: OutlineNode[] = [];
      for (const it of items) {
        if (left-- <= 0) break;
        out.push({
          title: (it.title || '').trim() || '(untitled)',
          dest: (it.dest as OutlineNode['dest']) ?? null,
          url: it.url ?? null,
          items: depth < 12 && it.items?.length ? map(it.items, depth + 1) : [],
        });
      }
      return out;
    };
    return map(raw, 0);
  }

  goToOutline(node: OutlineNode) {
    if (node.dest) void this.links.goToDestination(node.dest as string);
    else if (node.url) {
      const safe = safeHref(node.url);
      if (safe) window.open(safe, '_blank', 'noopener,noreferrer');
    }
  }

  /** How many pages hold a canvas right now (the viewer keeps about ten). */
  renderedPages(): number {
    return this.container.querySelectorAll('.page .canvasWrapper canvas').length;
  }

  async destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const c of this.cleanups) c();
    this.viewer.cleanup();
    this.links.setDocument(null);
    await this.task.destroy();
  }
}
