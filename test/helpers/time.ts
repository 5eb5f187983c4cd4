/**
 * CPU milliseconds used by this process so far. Time bounds in tests (hostile inputs must not
 * hang or blow up) are checked in CPU time, which a busy machine does not inflate the way it
 * inflates wall time; figures worth comparing live in `npm run bench`.
 */
export function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
