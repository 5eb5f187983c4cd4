/**
 * pdf.js's TextAccessibilityManager puts each page's links into the reading order of its text for
 * screen readers. To do so its enable() sorts the page's text spans by position with a comparator
 * that calls getBoundingClientRect on both elements at each comparison: n log n layout queries, in
 * the middle of scrolling (a paper's page has 500 to 2,000 spans; 8 ms for a short page here, far
 * more for a dense one). Within that call only attributes change (aria-owns, role), never a
 * position, so each element's box is read once and remembered for the duration of the call.
 */

interface Enabling {
  enable(): void;
}

const patched = new WeakSet<object>();

/** Makes enable() of this manager's class read each box once (the class is not exported: reach it through an instance). */
export function rememberBoxesWhileOrdering(manager: Enabling | null | undefined): void {
  const proto = manager ? (Object.getPrototypeOf(manager) as Enabling) : null;
  if (!proto || patched.has(proto) || typeof proto.enable !== 'function') return;
  patched.add(proto);
  const enable = proto.enable;
  proto.enable = function (this: Enabling) {
    const read = Element.prototype.getBoundingClientRect;
    const boxes = new Map<Element, DOMRect>();
    Element.prototype.getBoundingClientRect = function (this: Element) {
      let box = boxes.get(this);
      if (!box) boxes.set(this, (box = read.call(this)));
      return box;
    };
    try {
      enable.call(this);
    } finally {
      Element.prototype.getBoundingClientRect = read;
    }
  };
}
