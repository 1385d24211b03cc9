import { ClientRole, RemoteWriteTarget } from '../options';
import type { PrometheusServer } from '../prometheus-server';
import { PropValidationError } from '../validation';
import type { Connections } from './connections';
import type { PeerEndpoint } from './endpoint';
import type { RemoteWriteConnection, RemoteWriteToOptions } from './options';

/**
 * Adds a remote-write target to `server` that sends to `receiver`'s receiver through its proxy:
 * `api/v1/write` under its URL, trusting its certificate, with a client certificate its CA issues
 * where it verifies them.
 */
export function remoteWriteTo(connections: Connections, server: PrometheusServer, receiver: PeerEndpoint, options: RemoteWriteToOptions): RemoteWriteConnection {
  if (!receiver.receivesRemoteWrite) {
    throw new PropValidationError(receiver.spelled('enableRemoteWriteReceiver'), false, `must be true on ${receiver.path} to receive remote writes`);
  }
  connections.claimReceiver(receiver);
  const connection = connections.connect('remoteWriteTo', receiver, options, 'remote-write', ClientRole.SENDER);
  const target: RemoteWriteTarget = {
    url: `${connection.url}api/v1/write`,
    name: options.name ?? receiver.id,
    caCertificatePem: receiver.trustAnchorPem,
    clientCertificatePem: connection.clientCertificate?.certificatePem,
    clientPrivateKeyPem: connection.clientCertificate?.privateKeyPem,
    basicAuthUsername: options.basicAuthUsername,
    basicAuthPassword: options.basicAuthPassword,
    queue: options.queue,
  };
  server.addRemoteWrite(target);
  return { target, clientCertificate: connection.clientCertificate };
}
