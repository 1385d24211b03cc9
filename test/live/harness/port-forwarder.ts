/**
 * A userland TCP forwarder, as Docker's docker-proxy publishes a container port: run as
 * `port-forwarder.ts HOST_PORT=CONTAINER_IP:CONTAINER_PORT ...` in the Docker host's network
 * namespace, it listens on every address at each HOST_PORT and pipes each connection to the
 * container. Prints `ready` once every port is bound.
 */
import { Socket, createConnection, createServer } from 'node:net';

function forward(hostPort: number, targetHost: string, targetPort: number): Promise<void> {
  const server = createServer((client: Socket) => {
    const upstream = createConnection({ host: targetHost, port: targetPort });
    const close = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '0.0.0.0', port: hostPort }, resolve);
  });
}

const mappings = process.argv.slice(2).map((argument) => {
  const match = /^(\d+)=([\d.]+):(\d+)$/.exec(argument);
  if (!match) throw new Error(`expected HOST_PORT=CONTAINER_IP:CONTAINER_PORT, got ${argument}`);
  return { hostPort: Number(match[1]), targetHost: match[2], targetPort: Number(match[3]) };
});

Promise.all(mappings.map((m) => forward(m.hostPort, m.targetHost, m.targetPort))).then(
  () => console.log('ready'),
  (error: Error) => {
    console.error(error.message);
    process.exit(1);
  },
);
