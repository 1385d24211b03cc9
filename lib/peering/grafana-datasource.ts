import type { ConfigFile } from '../config-files';
import { ClientAuth } from '../options';
import { grafanaFilePaths, renderGrafanaDatasource } from '../render/grafana-datasource';
import { escapeTerraformTemplate } from '../render/terraform-escape';
import { StackClaims } from '../stack-claims';
import { terraformSecret } from '../terraform-values';
import type { ClientCertificate } from '../tls/client-certificate';
import { PropValidationError, checkBasicAuth } from '../validation';
import { checkPeerCredentials } from '../validation/peering';
import type { PeerEndpoint } from './endpoint';
import type { GrafanaDatasource, GrafanaDatasourceOptions } from './options';
import type { Construct } from 'constructs';

/** Where Grafana's official image reads datasource provisioning. */
const GRAFANA_DATASOURCES = '/etc/grafana/provisioning/datasources';

/**
 * Grafana's provisioning of a datasource for the instance `self`: it requests the internal URL,
 * verifies the proxy against the trust anchor, and authenticates with the client certificate or basic
 * auth given. PEMs and the password are files of their own, mode 0640 (the Grafana image runs as uid
 * 472 in group 0), which the YAML reads with `$__file{...}`.
 * @param scope the instance, whose stack holds one default datasource per directory
 */
export function grafanaDatasource(scope: Construct, self: PeerEndpoint, options: GrafanaDatasourceOptions): GrafanaDatasource {
  if (self.agentMode) throw new PropValidationError(self.spelled('agentMode'), true, `of ${self.path} leaves Grafana nothing to query: an agent answers no queries`);
  checkBasicAuth('grafanaDatasource', options);
  checkPeerCredentials('grafanaDatasource', self, options);
  checkClientCertificate(self, options.clientCertificate);
  const directory = options.directory ?? GRAFANA_DATASOURCES;
  const isDefault = options.isDefault ?? true;
  if (isDefault) StackClaims.of(scope).claimDefaultDatasource(directory, self.path);
  const input = {
    name: options.name ?? self.domainName,
    url: self.internalUrl,
    directory,
    fileName: self.namePrefix,
    isDefault,
    caCertificate: self.trustAnchorPem !== undefined,
    clientCertificate: options.clientCertificate !== undefined,
    basicAuthUsername: options.basicAuthUsername,
  };
  const paths = grafanaFilePaths(input);
  const files: ConfigFile[] = [
    { path: paths.yaml, content: escapeTerraformTemplate(renderGrafanaDatasource(input)), permissions: '0644' },
    ...(self.trustAnchorPem === undefined ? [] : [{ path: paths.ca, content: self.trustAnchorPem, permissions: '0644' }]),
    ...(options.clientCertificate === undefined
      ? []
      : [
          { path: paths.certificate, content: options.clientCertificate.certificatePem, permissions: '0644' },
          { path: paths.key, content: options.clientCertificate.privateKeyPem, permissions: '0640' },
        ]),
    ...(options.basicAuthPassword === undefined ? [] : [{ path: paths.password, content: terraformSecret(options.basicAuthPassword), permissions: '0640' }]),
  ];
  const upload = files.map((file) => ({ file: file.path, content: file.content, permissions: file.permissions }));
  return { files, upload, url: self.internalUrl };
}

/** Grafana's client certificate: required when nginx requires one, and from the instance's CA when it has one. */
function checkClientCertificate(self: PeerEndpoint, certificate: ClientCertificate | undefined): void {
  if (certificate === undefined) {
    if (self.clientAuth === ClientAuth.REQUIRED) {
      throw new PropValidationError('grafanaDatasource.clientCertificate', undefined, `is required: ${self.path} requires client certificates (issueClientCertificate)`);
    }
    return;
  }
  if (self.clientAuth === ClientAuth.OFF) {
    throw new PropValidationError('grafanaDatasource.clientCertificate', certificate.node.path, `is never asked for: ${self.path} has clientAuth off`);
  }
  if (self.authority !== undefined && certificate.authority !== self.authority) {
    throw new PropValidationError('grafanaDatasource.clientCertificate', certificate.node.path, `must be issued by ${self.path}'s CA (issueClientCertificate)`);
  }
}
