import type { Logger } from '../../core/logger';
import { startServer } from '../../server/server';
import { assertBindable, isLoopback } from '../../server/security';
import { parseIntArg, type RegisterCommand } from '../context';

export const registerServe: RegisterCommand = ({ program, io, open }) => {
  program
    .command('serve')
    .description('serve the Lectern UI to a browser on 127.0.0.1')
    .option('--port <n>', 'port to listen on (default: any free port)', (v) => parseIntArg(v, '--port'))
    .option('--host <address>', 'address to listen on (default 127.0.0.1); anything but loopback needs --allow-remote')
    .option('--allow-remote', 'allow --host to be an address other machines can reach (the token is then the only protection, over plain HTTP)')
    .action(async (opts: { port?: number; host?: string; allowRemote?: boolean }) => {
      const host = opts.host ?? '127.0.0.1';
      assertBindable(host, !!opts.allowRemote);
      const { core } = open({ backgroundIndexing: true, backgroundWork: true, autoBackup: true, facetsWorkerFile: io.facetsWorkerFile, importWorkerFile: io.importWorkerFile, subscriptionSchedule: true });
      const server = await startServer({ core, port: opts.port ?? 0, rendererDir: io.rendererDir, host, allowRemote: opts.allowRemote, logger: serverLog(io.stderr) });
      if (!isLoopback(host)) {
        io.stderr(`lectern: serving to the network on ${host}. Anyone who has this URL can read and change your library, and HTTP is not encrypted: use it only on a network you trust.`);
      }
      io.stdout(`Lectern is serving at ${server.url}`);
      await io.untilStopped();
      await server.close();
      await core.stopWork();
    });
};

/** Server errors (a call that failed inside, a request that broke), one line each on stderr; slow calls are not news. */
function serverLog(stderr: (s: string) => void): Logger {
  const line = (m: string, rest: unknown[]) => stderr(`lectern serve: ${[m, ...rest.map((r) => (r instanceof Error ? r.message : String(r)))].join(': ')}`);
  return { info: () => {}, warn: () => {}, error: (m, ...rest) => line(m, rest) };
}
