import type { ColumnLayout } from '../../../shared/query';
import { Popover } from '../library/Popover';
import { MIN_WIDTH, moveColumn, type LayoutColumn } from './layout';

interface Props {
  columns: LayoutColumn[];
  layout: ColumnLayout;
  onLayout: (l: ColumnLayout) => void;
  onReset: () => void;
}

/** Show, hide, reorder and resize columns from the keyboard (the header does the same by mouse). */
export function ColumnMenu({ columns, layout, onLayout, onReset }: Props) {
  const byId = new Map(columns.map((c) => [c.id, c]));
  const name = (id: string) => {
    const h = byId.get(id)?.header ?? id;
    return h === '★' ? 'Star' : h;
  };
  const widthOf = (id: string) => layout.widths[id] ?? (document.querySelector<HTMLElement>(`[data-column="${id}"]`)?.getBoundingClientRect().width ?? 100);
  const resize = (id: string, delta: number) => onLayout({ ...layout, widths: { ...layout.widths, [id]: Math.max(MIN_WIDTH, Math.round(widthOf(id) + delta)) } });
  return (
    <Popover label="Columns" title="Columns" align="right">
      {() => (
        <div className="column-menu">
          <ul>
            {layout.order.map((id, i) => (
              <li key={id}>
                <label>
                  <input
                    type="checkbox"
                    checked={!layout.hidden.includes(id)}
                    onChange={(e) => onLayout({ ...layout, hidden: e.target.checked ? layout.hidden.filter((x) => x !== id) : [...layout.hidden, id] })}
                  />
                  {name(id)}
                </label>
                <span className="column-menu-buttons">
                  <button type="button" aria-label={`Move ${name(id)} left`} disabled={i === 0} onClick={() => onLayout(moveColumn(layout, id, i - 1))}>↑</button>
                  <button type="button" aria-label={`Move ${name(id)} right`} disabled={i === layout.order.length - 1} onClick={() => onLayout(moveColumn(layout, id, i + 1))}>↓</button>
                  <button type="button" aria-label={`Narrower ${name(id)}`} onClick={() => resize(id, -20)}>−</button>
                  <button type="button" aria-label={`Wider ${name(id)}`} onClick={() => resize(id, 20)}>+</button>
                </span>
              </li>
            ))}
          </ul>
          <button type="button" onClick={onReset}>Reset columns</button>
        </div>
      )}
    </Popover>
  );
}
