// A loopback TCP proxy whose connections a test can cut (an abrupt network loss, no goodbye)
// and whose listener can go away and come back on the same port (a broker outage).
import net from 'node:net';

export class TcpProxy {
  port = 0;
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();

  constructor(private readonly targetPort: number) {}

  async start(port = this.port): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.targetPort, '127.0.0.1');
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream);
      upstream.pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  /** Destroys every open connection at once. */
  cut(): void {
    for (const s of this.sockets) s.destroy();
  }

  /** Stops listening and cuts what is open: connection refused until start() again. */
  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    this.cut();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}
