import type { OutlineNode } from './session';

interface Props {
  nodes: OutlineNode[];
  onGo: (node: OutlineNode) => void;
}

/** The document's bookmarks as nested lists of buttons: Tab and Enter work, screen readers see the depth. */
export function Outline({ nodes, onGo }: Props) {
  return (
    <nav className="reader-outline" aria-label="Outline">
      <h2>Contents</h2>
      <OutlineList nodes={nodes} onGo={onGo} />
    </nav>
  );
}

function OutlineList({ nodes, onGo }: Props) {
  return (
    <ul>
      {nodes.map((n, i) => (
        <li key={i}>
          <button type="button" onClick={() => onGo(n)} title={n.title}>
            {n.title}
          </button>
          {n.items.length > 0 && <OutlineList nodes={n.items} onGo={onGo} />}
        </li>
      ))}
    </ul>
  );
}
