import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from './main';

// The `lectern` command, built to out/cli/index.js. The renderer it serves sits beside it.
const here = path.dirname(fileURLToPath(import.meta.url));

const code = await runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(`${s}\n`),
  stderr: (s) => process.stderr.write(`${s}\n`),
  write: (s) => process.stdout.write(s),
  isTTY: !!process.stdout.isTTY,
  columns: process.stdout.columns || 80,
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  },
  env: process.env,
  rendererDir: path.resolve(here, '../renderer'),
  resourcesDir: path.resolve(here, '../../resources'),
  fulltextWorker: path.join(here, 'fulltext-worker.js'),
  facetsWorkerFile: path.join(here, 'facets-worker.js'),
  interestWorkerFile: path.join(here, 'interest-worker.js'),
  importWorkerFile: path.join(here, 'import-worker.js'),
  untilStopped: () =>
    new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    }),
});
process.exitCode = code;
