// CI: fails when electronegativity reports a finding that .electronegativity.json does not explain.
// Usage: node scripts/electronegativity-check.mjs <results.sarif> [explanations.json]
import { readFileSync } from 'node:fs';

const [sarifFile, notesFile = new URL('../.electronegativity.json', import.meta.url)] = process.argv.slice(2);
if (!sarifFile) {
  process.stderr.write('usage: node scripts/electronegativity-check.mjs <results.sarif> [explanations.json]\n');
  process.exit(2);
}
const sarif = JSON.parse(readFileSync(sarifFile, 'utf8'));
const notes = JSON.parse(readFileSync(notesFile, 'utf8'));
const results = sarif.runs.flatMap((run) => run.results ?? []);
const explained = (r) =>
  notes.findings.find(
    (n) =>
      n.check === r.ruleId &&
      n.file === r.locations?.[0]?.physicalLocation?.artifactLocation?.uri &&
      (!n.message || (r.message?.text ?? '').includes(n.message)),
  );

const unexplained = [];
const used = new Set();
for (const r of results) {
  const note = explained(r);
  if (note) used.add(note);
  else unexplained.push(r);
}
const where = (r) => {
  const loc = r.locations?.[0]?.physicalLocation;
  return `${loc?.artifactLocation?.uri ?? '?'}:${loc?.region?.startLine ?? '?'}`;
};
for (const n of notes.findings) if (!used.has(n)) process.stdout.write(`no longer reported (remove it from .electronegativity.json): ${n.check} in ${n.file}\n`);
process.stdout.write(`electronegativity: ${results.length} finding(s), ${results.length - unexplained.length} explained in .electronegativity.json\n`);
for (const r of unexplained) process.stdout.write(`UNEXPLAINED ${r.ruleId} at ${where(r)}: ${r.message?.text ?? ''}\n`);
process.exit(unexplained.length ? 1 : 0);
