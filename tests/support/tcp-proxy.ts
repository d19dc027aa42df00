import net from 'node:net';

export type ProxyMode = 'pass' | 'stall' | 'refuse';

export interface TcpProxy {
  port: number;
  /** `mysql://…` of the target URL with host and port replaced by the proxy's. */
  urlFor(target: string): string;
  setMode(mode: ProxyMode): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real TCP proxy on 127.0.0.1 in front of MariaDB, for fault tests (issue 14):
 * - `pass`: bytes flow both ways;
 * - `stall`: connections are accepted and bytes are read, but nothing is forwarded either way (a network that
 *   silently drops packets — the client sees no error, only silence);
 * - `refuse`: the listener is closed and every open connection reset, so connects fail with ECONNREFUSED.
 * Going back to `pass` reopens the same port and lets bytes flow again on connections that survived.
 */
export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  let mode: ProxyMode = 'pass';
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    if (mode === 'refuse') return client.destroy();
    const upstream = net.connect(targetPort, targetHost);
    sockets.add(client);
    sockets.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('data', (chunk) => {
      if (mode === 'pass') upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (mode === 'pass') client.write(chunk);
    });
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  return {
    port,
    urlFor(target) {
      const u = new URL(target);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    async setMode(next) {
      const before = mode;
      mode = next;
      if (next === 'refuse' && before !== 'refuse') {
        for (const s of sockets) s.destroy();
        sockets.clear();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      if (next !== 'refuse' && before === 'refuse') await listen();
    },
    async close() {
      for (const s of sockets) s.destroy();
      sockets.clear();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
