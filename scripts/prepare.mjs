// Runs after `npm install` / `npm ci`: fetches Electron's binary where it can be had, builds
// better-sqlite3 a second time for Electron's ABI, and builds the app and the `lectern` command.
// Nothing here may fail the install: where Electron cannot be had, it says so and carries on.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, copyFileSync, cpSync, rmSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const say = (s) => process.stdout.write(`lectern: ${s}\n`);

function electronBinary() {
  try {
    const p = require('electron'); // the path of the binary, or throws when it is not downloaded
    return typeof p === 'string' && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

function fetchElectron() {
  if (electronBinary()) return true;
  const install = join(root, 'node_modules', 'electron', 'install.js');
  if (!existsSync(install)) return false;
  say("fetching Electron's binary…");
  const r = spawnSync(process.execPath, [install], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: 300_000 });
  if (r.status === 0 && electronBinary()) return true;
  const lines = `${r.stderr}\n${r.stdout}`.split('\n').map((l) => l.trim()).filter(Boolean);
  const why = lines.find((l) => /error/i.test(l) && !l.startsWith('at ')) ?? lines[0] ?? 'no answer';
  say(`Electron's binary could not be downloaded (${why}).`);
  say('The desktop app will not start on this machine; everything else works.');
  say('Use the same UI in a browser instead: npx lectern serve');
  return false;
}

/** better-sqlite3 for Electron's ABI, in node_modules/.lectern-electron (the Node build stays for tests and the CLI). */
function buildSqliteForElectron() {
  const target = join(root, 'node_modules', '.lectern-electron', 'better_sqlite3.node');
  if (existsSync(target)) return;
  const version = require('electron/package.json').version;
  const work = mkdtempSync(join(tmpdir(), 'lectern-sqlite-'));
  try {
    cpSync(join(root, 'node_modules', 'better-sqlite3'), work, { recursive: true });
    rmSync(join(work, 'build'), { recursive: true, force: true });
    say(`building better-sqlite3 for Electron ${version}…`);
    // npm hands its own node-gyp to install scripts; Electron's headers, not a local Node's.
    const gyp = process.env.npm_config_node_gyp;
    const args = ['rebuild', '--release', `--target=${version}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'];
    const env = { ...process.env };
    delete env.npm_config_nodedir;
    const r = gyp
      ? spawnSync(process.execPath, [gyp, ...args], { cwd: work, stdio: 'inherit', env })
      : spawnSync('node-gyp', args, { cwd: work, stdio: 'inherit', env, shell: process.platform === 'win32' });
    const built = join(work, 'build', 'Release', 'better_sqlite3.node');
    if (r.status !== 0 || !existsSync(built)) {
      say('could not build better-sqlite3 for Electron; the desktop app may not open its library (the CLI and `lectern serve` work).');
      return;
    }
    mkdirSync(join(root, 'node_modules', '.lectern-electron'), { recursive: true });
    copyFileSync(built, target);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (fetchElectron()) buildSqliteForElectron();

say('building the app and the lectern command…');
const build = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) say('the build failed; run `npm run build` to see why.');
else say('ready. Start the app with `npm start`, or the browser UI with `npx lectern serve`.');
