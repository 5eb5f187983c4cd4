import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { LecternError } from '../../shared/errors';
import { hostPort, isLoopback } from './security';

/** `[::1]` as typed (the URL form) is `::1` to listen on. */
export function bindAddress(host: string): string {
  return /^\[.*\]$/.test(host) ? host.slice(1, -1) : host;
}

/**
 * Listens on `bind`, turning the ways that fails into a sentence (never a stack trace), and
 * answers the host to print in the URL: the address listened on — 127.0.0.2 and [::1] are
 * printed as themselves, since nothing listens on 127.0.0.1 then — or, for a wildcard, an
 * address other machines can use.
 */
export async function listen(server: Server, port: number, bind: string): Promise<{ port: number; shown: string; addresses: string[] }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      const where = hostPort(bind, port);
      const why =
        e.code === 'EADDRINUSE' ? `port ${port} is already in use (leave --port out to take a free one)`
        : e.code === 'EACCES' ? `port ${port} needs privileges this user does not have`
        : e.code === 'EADDRNOTAVAIL' ? `${bind} is not an address of this machine`
        : e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN' ? `${bind} is neither an address nor a name this machine resolves`
        : e.message;
      reject(new LecternError('BAD_INPUT', `Cannot serve on ${where}: ${why}.`));
    });
    try {
      server.listen(port, bind, () => resolve());
    } catch (e) {
      reject(new LecternError('BAD_INPUT', `Cannot serve on port ${port}: ${(e as Error).message}.`)); // a port out of range
    }
  });
  const addresses = Object.values(os.networkInterfaces()).flatMap((list) => (list ?? []).map((a) => a.address));
  const wildcard = bind === '0.0.0.0' || bind === '::';
  const shown = isLoopback(bind) || !wildcard ? bind : (addresses.find((a) => /^\d+\.\d+\.\d+\.\d+$/.test(a) && !a.startsWith('127.')) ?? os.hostname());
  return { port: (server.address() as AddressInfo).port, shown, addresses: [...addresses, os.hostname()] };
}
