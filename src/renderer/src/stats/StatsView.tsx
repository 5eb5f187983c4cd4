import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../../shared/contract';
import { api } from '../api';
import { AreaChart, BarChart } from './charts';
import { formatCount } from '../format';
import './stats.css';

type Stats = MethodOutput<'readingStats'>;

const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);

/** Reading statistics as charts: read per week, the backlog over time, digests in and cleared. */
export function StatsView({ revision, onClose }: { revision: number; onClose: () => void }) {
  const [weeks, setWeeks] = useState(26);
  const [stats, setStats] = useState<Stats | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api
      .readingStats({ weeks })
      .then((s) => live && setStats(s))
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [weeks, revision]);
  return (
    <section className="stats" aria-label="Reading statistics" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <header className="stats-head">
        <h2>Reading statistics</h2>
        <label>
          Period{' '}
          <select value={weeks} onChange={(e) => setWeeks(Number(e.target.value))}>
            <option value={12}>12 weeks</option>
            <option value={26}>26 weeks</option>
            <option value={52}>a year</option>
          </select>
        </label>
        <span className="spacer" />
        <button type="button" onClick={onClose}>Back to the library</button>
      </header>
      {error && <p className="error" role="alert">{error}</p>}
      {stats && (
        <>
          <dl className="stats-totals">
            <div><dt>Unread</dt><dd>{formatCount(stats.totals.unread)}</dd></div>
            <div><dt>Reading</dt><dd>{formatCount(stats.totals.reading)}</dd></div>
            <div><dt>Read</dt><dd>{formatCount(stats.totals.read)}</dd></div>
            <div><dt>Read this week</dt><dd>{formatCount(stats.totals.readThisWeek)}</dd></div>
            <div><dt>Digests with unread papers</dt><dd>{stats.totals.digestsWithUnread} of {stats.totals.digests}</dd></div>
          </dl>
          <BarChart
            title="Papers read per week"
            weeks={stats.weeks}
            series={[{ name: 'Read', values: stats.readPerWeek, className: 'read' }]}
            summary={`${sum(stats.readPerWeek)} papers read in ${weeks} weeks; ${stats.readPerWeek.at(-1)} this week; at most ${Math.max(...stats.readPerWeek)} in a week.`}
          />
          <AreaChart
            title="Backlog (unread papers) at the end of each week"
            weeks={stats.weeks}
            values={stats.backlog}
            summary={`Backlog went from ${stats.backlog[0]} to ${stats.backlog.at(-1)} unread papers over ${weeks} weeks.`}
          />
          <BarChart
            title="Digests imported and cleared per week"
            weeks={stats.weeks}
            series={[
              { name: 'Imported', values: stats.digestsImported, className: 'imported' },
              { name: 'Cleared', values: stats.digestsCleared, className: 'cleared' },
            ]}
            summary={`${sum(stats.digestsImported)} digests imported and ${sum(stats.digestsCleared)} cleared in ${weeks} weeks.`}
          />
        </>
      )}
    </section>
  );
}
