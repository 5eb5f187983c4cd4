import { parseIntArg, type RegisterCommand } from '../context';

const bar = (n: number, max: number) => '█'.repeat(max ? Math.round((n / max) * 30) : 0);

export const registerStats: RegisterCommand = ({ program, io, open }) => {
  program
    .command('stats')
    .description('reading statistics: papers read per week, backlog, digests imported and cleared')
    .option('--weeks <n>', 'how many weeks back (default 12)', (v) => parseIntArg(v, '--weeks'))
    .option('--json', 'print as JSON')
    .action(async (opts: { weeks?: number; json?: boolean }) => {
      const s = await open().api.readingStats({ weeks: opts.weeks ?? 12 });
      if (opts.json) return io.stdout(JSON.stringify(s, null, 2));
      const t = s.totals;
      const lines = [
        `${t.unread} unread · ${t.reading} reading · ${t.read} read · ${t.readThisWeek} read this week · ${t.digestsWithUnread} of ${t.digests} digests with unread papers`,
        '',
        'week of       read  backlog  digests in/cleared',
      ];
      const max = Math.max(...s.readPerWeek);
      s.weeks.forEach((w, i) => {
        lines.push(`${w}  ${String(s.readPerWeek[i]).padStart(5)}  ${String(s.backlog[i]).padStart(7)}  ${String(s.digestsImported[i]).padStart(5)}/${String(s.digestsCleared[i]).padEnd(5)}  ${bar(s.readPerWeek[i]!, max)}`);
      });
      io.stdout(lines.join('\n'));
    });
};
