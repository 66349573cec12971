// TCP relays in the root namespace, on Node's `net`: one to PostgreSQL (which listens on 127.0.0.1 only,
// out of the namespaces' reach), and a round-robin balancer in front of the app nodes that passes a
// connection to the next node that accepts it — a refused or unreachable node is skipped, as a load
// balancer's failed health check would take it out.
import net from 'node:net';

export interface Relay {
  readonly port: number;
  /** Connections each target took (the balancer's record of who served). */
  readonly served: Map<string, number>;
  close(): Promise<void>;
}

function pipe(client: net.Socket, upstream: net.Socket): void {
  client.pipe(upstream);
  upstream.pipe(client);
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.destroy());
  client.on('close', () => upstream.destroy());
  upstream.on('close', () => client.destroy());
}

export async function startRelay(listen: { host: string; port: number }, targets: readonly { host: string; port: number }[]): Promise<Relay> {
  const served = new Map<string, number>();
  const sockets = new Set<net.Socket>();
  let next = 0;
  const connectFrom = (client: net.Socket, start: number, tried: number) => {
    if (tried >= targets.length) {
      client.destroy();
      return;
    }
    const t = targets[(start + tried) % targets.length]!;
    const upstream = net.connect(t.port, t.host);
    sockets.add(upstream);
    upstream.once('close', () => sockets.delete(upstream));
    let connected = false;
    upstream.once('error', () => {
      // Not connected yet (refused, unreachable): try the next target. Once connected, pipe() handles errors.
      if (!connected) connectFrom(client, start, tried + 1);
    });
    upstream.once('connect', () => {
      connected = true;
      const key = `${t.host}:${t.port}`;
      served.set(key, (served.get(key) ?? 0) + 1);
      pipe(client, upstream);
      client.resume();
    });
  };
  const server = net.createServer({ pauseOnConnect: true }, (client) => {
    sockets.add(client);
    client.once('close', () => sockets.delete(client));
    client.on('error', () => {});
    connectFrom(client, next++ % targets.length, 0);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
