import { ClientRole, ScrapeJob, ScrapeScheme } from '../options';
import type { PrometheusServer } from '../prometheus-server';
import { basePath } from '../render/prometheus-routes';
import { PropValidationError } from '../validation';
import type { Connections } from './connections';
import type { PeerEndpoint } from './endpoint';
import type { FederateOptions, FederationConnection } from './options';

/**
 * Adds a scrape job to `server` that pulls `source`'s series matching `options.match` through its
 * proxy (`/federate`, honouring its labels), trusting its certificate, with a client certificate its
 * CA issues where it verifies them.
 */
export function federate(connections: Connections, server: PrometheusServer, source: PeerEndpoint, options: FederateOptions): FederationConnection {
  if (source.agentMode) throw new PropValidationError(source.spelled('agentMode'), true, `of ${source.path} leaves it no /federate to pull from`);
  if (options.match.length === 0) throw new PropValidationError('federate.match', options.match, 'must hold at least one series selector');
  const connection = connections.connect('federate', source, options, 'federate', ClientRole.FEDERATOR);
  const job: ScrapeJob = {
    jobName: options.jobName ?? `federate-${source.id}`,
    targets: [connection.target],
    scheme: ScrapeScheme.HTTPS,
    metricsPath: `${basePath(source.pathPrefix)}federate`,
    queryParams: { 'match[]': options.match },
    honorLabels: true,
    scrapeInterval: options.scrapeInterval,
    caCertificatePem: source.trustAnchorPem,
    clientCertificatePem: connection.clientCertificate?.certificatePem,
    clientPrivateKeyPem: connection.clientCertificate?.privateKeyPem,
    basicAuthUsername: options.basicAuthUsername,
    basicAuthPassword: options.basicAuthPassword,
  };
  server.addScrapeJob(job);
  return { job, clientCertificate: connection.clientCertificate };
}
