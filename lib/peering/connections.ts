import { createHash } from 'node:crypto';
import type { Construct } from 'constructs';
import { NGINX_HTTPS_PORT } from '../container-layout';
import { ClientAuth, ClientRole } from '../options';
import { cdktfTokens, isUnresolved } from '../terraform-values';
import { MAX_COMMON_NAME_LENGTH } from '../tls/keys';
import type { ClientCertificate } from '../tls/client-certificate';
import { PropValidationError, checkBasicAuth } from '../validation';
import { checkInternalReach, checkNotSelf, checkPeerCredentials } from '../validation/peering';
import type { PeerEndpoint } from './endpoint';
import { Reach } from './options';

/** How a wiring method authenticates to its peer, and by which of its addresses it reaches it. */
export interface ConnectOptions {
  readonly via?: Reach;
  readonly basicAuthUsername?: string;
  readonly basicAuthPassword?: string;
}

/** Where and how this instance reaches a peer. */
export interface Connection {
  /** The peer's URL, `https://HOST[:PORT]/PREFIX/`, by domain or by alias. */
  readonly url: string;
  /** `host:port` of that URL, as a scrape target. */
  readonly target: string;
  /** The certificate the peer's CA issued this instance, when the peer verifies client certificates. */
  readonly clientCertificate?: ClientCertificate;
}

/**
 * One instance's side of its connections to others: the preamble every wiring method shares (remoteWriteTo,
 * federate, and sendAlertsTo to come), and the client certificates its peers issued it, one per peer
 * and purpose however many jobs use it.
 */
export class Connections {
  private readonly certificates = new Map<string, ClientCertificate>();
  /** Paths of the receivers this instance remote-writes to. */
  private readonly receivers = new Set<string>();

  /**
   * @param self this instance's endpoint
   * @param scope this instance, under which certificates from peers of its stack are declared
   */
  constructor(
    private readonly self: PeerEndpoint,
    private readonly scope: Construct,
  ) {}

  /**
   * Checks the wiring (another instance, credentials where it asks for basic auth, a way to reach it) and
   * returns where to reach the peer, with a client certificate from its CA when it verifies them.
   * @param method the wiring method, which messages name
   * @param purpose what the client certificate is for: part of its name
   * @param role what the client certificate may reach of the peer
   */
  public connect(method: string, peer: PeerEndpoint, options: ConnectOptions, purpose: string, role: ClientRole): Connection {
    checkNotSelf(method, this.self, peer);
    checkBasicAuth(method, options);
    checkPeerCredentials(method, peer, options);
    const [host, port, url] = this.address(method, peer, options.via ?? Reach.EXTERNAL);
    return { url, target: `${host}:${port}`, clientCertificate: this.clientCertificateFrom(peer, purpose, role) };
  }

  /**
   * Registers a receiver of this instance's samples, refusing one twice: a second target would send every sample twice.
   * @param receiver the receiver's endpoint
   */
  public claimReceiver(receiver: PeerEndpoint): void {
    if (this.receivers.has(receiver.path)) throw new PropValidationError('remoteWriteTo', receiver.path, 'already receives this instance\'s samples');
    this.receivers.add(receiver.path);
  }

  /** The peer's host, port and URL by the way `via` names (for `method`'s message). */
  private address(method: string, peer: PeerEndpoint, via: Reach): [string, number, string] {
    if (via === Reach.INTERNAL) {
      checkInternalReach(method, this.self, peer);
      return [peer.networkAlias, NGINX_HTTPS_PORT, peer.internalUrl];
    }
    if (isUnresolved(peer.httpsPort)) {
      throw new PropValidationError('httpsPort', cdktfTokens(this.scope).expression(peer.httpsPort), `of ${peer.path} must be literal for another instance to reach it: it is rendered into that instance's prometheus.yml`);
    }
    return [peer.domainName, peer.httpsPort, peer.url];
  }

  /**
   * A client certificate from `peer`'s CA for this instance, when `peer` verifies client certificates:
   * one per peer and purpose, its CN this instance's domain, the purpose and the peer's id (cut to the
   * longest CN with a hash of the whole, so that it stays unique).
   */
  private clientCertificateFrom(peer: PeerEndpoint, purpose: string, role: ClientRole): ClientCertificate | undefined {
    if (peer.clientAuth === ClientAuth.OFF) return undefined;
    if (peer.authority === undefined) {
      throw new PropValidationError(peer.spelled('certificateMode'), peer.certificateMode, `of ${peer.path} must be "private-ca" to issue ${this.self.path} a client certificate`);
    }
    const key = `${peer.path} ${purpose}`;
    const issued = this.certificates.get(key);
    if (issued !== undefined) return issued;
    const name = `${this.self.domainName}-${purpose}-${peer.id}`;
    const hash = createHash('sha256').update(`${this.self.path} ${key}`).digest('hex').slice(0, 8);
    const certificate = peer.issueClientCertificate(this.scope, name.length <= MAX_COMMON_NAME_LENGTH ? name : `${name.slice(0, MAX_COMMON_NAME_LENGTH - 9)}-${hash}`, role);
    this.certificates.set(key, certificate);
    return certificate;
  }
}
