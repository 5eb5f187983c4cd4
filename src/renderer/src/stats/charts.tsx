/**
 * Small SVG charts: no library, a viewBox that scales to its box, a title on each mark for the
 * exact figure, and an accessible summary on the figure.
 */

const W = 640;
const H = 160;
const PAD = { left: 40, right: 10, top: 12, bottom: 26 };

function niceMax(v: number): number {
  if (v <= 4) return Math.max(1, v);
  const mag = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * mag >= v) return m * mag;
  return 10 * mag;
}

const shortWeek = (iso: string) => {
  const [, m, d] = iso.split('-');
  return `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][Number(m) - 1]} ${Number(d)}`;
};

function Axes({ max, labels }: { max: number; labels: string[] }) {
  const ticks = [0, max / 2, max];
  const step = Math.max(1, Math.ceil(labels.length / 7));
  const x = (i: number) => PAD.left + ((i + 0.5) * (W - PAD.left - PAD.right)) / labels.length;
  return (
    <g className="axes" aria-hidden="true">
      {ticks.map((t) => {
        const y = H - PAD.bottom - (t / max) * (H - PAD.top - PAD.bottom);
        return (
          <g key={t}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y} y2={y} className="gridline" />
            <text x={PAD.left - 6} y={y + 4} textAnchor="end">{Number.isInteger(t) ? t : t.toFixed(1)}</text>
          </g>
        );
      })}
      {labels.map((l, i) => {
        const last = i === labels.length - 1;
        const shown = last || (i % step === 0 && labels.length - 1 - i >= step * 0.75);
        return shown ? <text key={l} x={x(i)} y={H - 8} textAnchor="middle">{shortWeek(l)}</text> : null;
      })}
    </g>
  );
}

interface Series {
  name: string;
  values: number[];
  className: string;
}

/** Bars per week; with two series, side by side. */
export function BarChart({ title, weeks, series, summary }: { title: string; weeks: string[]; series: Series[]; summary: string }) {
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const slot = (W - PAD.left - PAD.right) / weeks.length;
  const bw = Math.max(2, (slot * 0.75) / series.length);
  const y = (v: number) => H - PAD.bottom - (v / max) * (H - PAD.top - PAD.bottom);
  return (
    <figure className="chart">
      <figcaption>
        {title}
        {series.length > 1 && (
          <span className="legend">
            {series.map((s) => (
              <span key={s.name}><i className={`swatch ${s.className}`} />{s.name}</span>
            ))}
          </span>
        )}
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary}>
        <Axes max={max} labels={weeks} />
        {series.map((s, si) =>
          s.values.map((v, i) => (
            <rect key={`${s.name}-${weeks[i]}`} className={`bar ${s.className}`} x={PAD.left + i * slot + (slot - bw * series.length) / 2 + si * bw} y={y(v)} width={bw} height={Math.max(0, H - PAD.bottom - y(v))}>
              <title>{`${s.name}, week of ${weeks[i]}: ${v}`}</title>
            </rect>
          )),
        )}
      </svg>
    </figure>
  );
}

/** A filled line per week (the backlog). */
export function AreaChart({ title, weeks, values, summary }: { title: string; weeks: string[]; values: number[]; summary: string }) {
  const max = niceMax(Math.max(0, ...values));
  const x = (i: number) => PAD.left + ((i + 0.5) * (W - PAD.left - PAD.right)) / weeks.length;
  const y = (v: number) => H - PAD.bottom - (v / max) * (H - PAD.top - PAD.bottom);
  const line = values.map((v, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const area = values.length ? `${line} L${x(values.length - 1).toFixed(1)},${H - PAD.bottom} L${x(0).toFixed(1)},${H - PAD.bottom} Z` : '';
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary}>
        <Axes max={max} labels={weeks} />
        <path d={area} className="area" />
        <path d={line} className="line" />
        {values.map((v, i) => (
          <circle key={weeks[i]} cx={x(i)} cy={y(v)} r={3} className="dot">
            <title>{`End of the week of ${weeks[i]}: ${v} unread`}</title>
          </circle>
        ))}
      </svg>
    </figure>
  );
}
