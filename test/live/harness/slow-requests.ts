/**
 * Requests that stay in flight: run as `slow-requests.ts HOST PORT SERVERNAME COUNT PATH AUTHORIZATION
 * SECONDS [CERT KEY]` in the Docker host's network namespace, it sends COUNT POST requests over as many
 * TLS connections at once (SNI SERVERNAME, HTTP/1.1, with the client certificate CERT and its KEY when
 * given), each with an 8-byte form body (`query=up`) trickled over SECONDS, and prints each response's
 * status as it arrives (`status 200`), then `done`. AUTHORIZATION `-` sends none.
 */
import { readFileSync } from 'node:fs';
import { connect } from 'node:tls';

const [host, port, servername, count, path, authorization, seconds, cert, key] = process.argv.slice(2);
const clientCertificate = cert === undefined ? {} : { cert: readFileSync(cert), key: readFileSync(key) };
const body = 'query=up';
let answered = 0;

for (let i = 0; i < Number(count); i++) {
  const socket = connect({ host, port: Number(port), servername, rejectUnauthorized: false, ALPNProtocols: ['http/1.1'], ...clientCertificate }, () => {
    socket.write(
      `POST ${path} HTTP/1.1\r\nHost: ${servername}\r\n${authorization === '-' ? '' : `Authorization: ${authorization}\r\n`}` +
        `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
    );
    [...body].forEach((byte, at) => setTimeout(() => socket.writable && socket.write(byte), ((at + 1) * Number(seconds) * 1000) / body.length));
  });
  let response = '';
  let reported = false;
  const report = (status: string): void => {
    if (reported) return;
    reported = true;
    console.log(`status ${status}`);
    if (++answered === Number(count)) console.log('done');
  };
  socket.on('data', (chunk) => {
    response += chunk.toString('latin1');
    const status = /^HTTP\/1\.1 (\d{3})/.exec(response)?.[1];
    if (status) report(status);
  });
  socket.on('error', () => report('error'));
  socket.on('close', () => report('closed'));
}
