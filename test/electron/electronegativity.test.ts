import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/paths';

// The CI gate over electronegativity's report (the tool itself is not installed here: see .electronegativity.json).
const result = (ruleId: string, uri: string, text = '') => ({ ruleId, message: { text }, locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine: 1 } } }] });
function check(results: unknown[]) {
  const file = path.join(tempDir(), 'r.sarif');
  fs.writeFileSync(file, JSON.stringify({ runs: [{ results }] }));
  return spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'electronegativity-check.mjs'), file], { encoding: 'utf8' });
}

describe('the electronegativity gate', () => {
  it('passes when every finding is explained, and fails on any other, naming it', () => {
    const notes = JSON.parse(fs.readFileSync(path.join(ROOT, '.electronegativity.json'), 'utf8')) as { findings: { check: string; file: string; message?: string; why: string }[] };
    for (const n of notes.findings) expect(n.why.length, n.check).toBeGreaterThan(80);
    const known = notes.findings.map((n) => result(n.check, n.file, n.message ?? ''));
    expect(check(known).status).toBe(0);
    const r = check([...known, result('NODE_INTEGRATION_JS_CHECK', 'main/index.js', 'Disable nodeIntegration for untrusted origins')]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('UNEXPLAINED NODE_INTEGRATION_JS_CHECK at main/index.js:1');
    // An explanation for one file does not cover the same check elsewhere.
    expect(check([result('OPEN_EXTERNAL_JS_CHECK', 'renderer/assets/index.js')]).status).toBe(1);
  });
});
