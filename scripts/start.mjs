// `npm start`: the desktop app on the default library (or --library DIR after `--`).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;

let electron = null;
try {
  electron = require('electron');
} catch (e) {
  process.stderr.write(
    `Lectern's desktop app needs Electron, which is not installed on this machine (${e instanceof Error ? e.message.split('\n')[0] : e}).\n` +
      'Its binary is downloaded by `npm install` where the network allows it.\n' +
      'Meanwhile, the same UI runs in your browser:  npx lectern serve\n',
  );
  process.exit(1);
}

if (!existsSync(join(root, 'out', 'main', 'index.js'))) {
  const b = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
const child = spawn(electron, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
