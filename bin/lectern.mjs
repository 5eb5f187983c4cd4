#!/usr/bin/env node
// The `lectern` command. The CLI is built with the app (npm install runs the build).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'out', 'main', 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write('lectern: the command is not built yet. Run `npm run build` in the Lectern folder.\n');
  process.exit(1);
}
await import(pathToFileURL(cli).href);
