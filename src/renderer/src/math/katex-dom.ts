import * as katex from 'katex';
import 'katex/dist/katex.min.css';
import { remember } from './tex-segments';

/**
 * KaTeX, loaded on demand (its own chunk: the library's first rows never wait for it).
 *
 * The window's policy allows no inline styles (style-src 'self'), and KaTeX positions its glyphs
 * with them: its HTML string (`renderToString`) would lose every `style="…"` attribute. Its DOM
 * builder sets them through the CSSOM instead (`node.style`), which the policy does not govern,
 * so formulas are built as DOM nodes from a tree compiled once per formula and kept.
 */

interface BuiltNode {
  toNode(): Node;
  children?: BuiltNode[];
  attributes?: Record<string, string>;
}
type RenderToDomTree = (tex: string, options: katex.KatexOptions) => BuiltNode;
const renderToDomTree = (katex as unknown as { __renderToDomTree: RenderToDomTree }).__renderToDomTree;

const OPTIONS: katex.KatexOptions = {
  throwOnError: true, // a formula KaTeX cannot read is shown as its source, not in red
  strict: 'ignore',
  trust: false, // no \href, \url, \htmlStyle from a digest
  maxExpand: 200,
  maxSize: 10,
  output: 'htmlAndMathml', // MathML for screen readers, HTML for the eye
};

/**
 * A few of KaTeX's nodes (SVG stretchy glyphs, MathML's mstyle) still carry a `style`
 * attribute, which the policy would drop: those get it through the CSSOM too.
 */
function styleThroughCssom(node: BuiltNode): void {
  const css = node.attributes?.style;
  if (css !== undefined) {
    delete node.attributes!.style;
    const build = node.toNode.bind(node);
    node.toNode = () => {
      const el = build();
      if (el instanceof Element && 'style' in el) (el as Element & ElementCSSInlineStyle).style.cssText = css;
      return el;
    };
  }
  node.children?.forEach(styleThroughCssom);
}

const compiled = new Map<string, BuiltNode | null>();

/** The formula compiled (kept per formula), or null when KaTeX cannot read it. */
export function compileFormula(tex: string, display: boolean): BuiltNode | null {
  return remember(compiled, `${display ? 'D' : 'I'}${tex}`, 2000, () => {
    try {
      const tree = renderToDomTree(tex, { ...OPTIONS, displayMode: display });
      styleThroughCssom(tree);
      return tree;
    } catch {
      return null;
    }
  });
}
