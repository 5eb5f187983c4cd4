import { startServer } from '../../server/server';
import { parseIntArg, type RegisterCommand } from '../context';

export const registerServe: RegisterCommand = ({ program, io, open }) => {
  program
    .command('serve')
    .description('serve the Lectern UI to a browser on 127.0.0.1')
    .option('--port <n>', 'port to listen on (default: any free port)', (v) => parseIntArg(v, '--port'))
    .action(async (opts: { port?: number }) => {
      const { core } = open({ backgroundIndexing: true, facetsWorkerFile: io.facetsWorkerFile });
      const server = await startServer({ core, port: opts.port ?? 0, rendererDir: io.rendererDir });
      io.stdout(`Lectern is serving at ${server.url}`);
      await io.untilStopped();
      await server.close();
    });
};
