import { CertificateMode, ClientAuth, PrometheusTlsProxyOptions } from '../../lib/options';
import { durationMs } from '../../lib/validation/rules';
import {
  ENCRYPTED_KEY,
  KEY_SHAPED,
  OTHER_KEY,
  PEM_SHAPED,
  SERVER_CERTIFICATE,
  SERVER_KEY,
  SERVER_KEY_SEC1,
  WILDCARD_CERTIFICATE,
  WILDCARD_KEY,
} from './fixtures';
import { Refusal, check, testAcceptances, testRefusals } from './support';

/** The small rules every validator composes (lib/validation/rules.ts), through the props that use them. */

type Options = Partial<PrometheusTlsProxyOptions>;

const provided = (certificatePem: string, privateKeyPem: string): Options => ({
  certificateMode: CertificateMode.PROVIDED,
  certificatePem,
  privateKeyPem,
});

describe('host names (domainName, subjectAlternativeNames)', () => {
  describe('accepts', () => {
    testAcceptances<Options>(
      [
        ['a single-label host', { domainName: 'prometheus' }],
        ['a 253-character domain', { domainName: `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}` }],
        ['a label of 63 characters with inner hyphens', { domainName: `a${'-'.repeat(61)}z.example.com` }],
        ['a wildcard SAN', { subjectAlternativeNames: ['*.example.com', 'prom.internal'] }],
      ],
      check,
    );
  });

  describe('refuses, naming the prop', () => {
    testRefusals<Options>(
      [
        ['an empty domain', { domainName: '' }, 'domainName', /1 to 253 characters/],
        ['a URL', { domainName: 'https://example.com' }, 'domainName', /DNS host name/],
        ['a host and port', { domainName: 'example.com:443' }, 'domainName'],
        ['a host and path', { domainName: 'example.com/prometheus' }, 'domainName'],
        ['capitals', { domainName: 'Example.com' }, 'domainName', /lowercase/],
        ['a trailing dot', { domainName: 'example.com.' }, 'domainName'],
        ['a space', { domainName: 'exa mple.com' }, 'domainName'],
        ['an underscore', { domainName: 'exa_mple.com' }, 'domainName'],
        ['a newline, shown escaped', { domainName: 'example.com\n' }, 'domainName', /"example\.com\\n"/],
        ['a leading hyphen', { domainName: '-example.com' }, 'domainName'],
        ['a label of 64 characters', { domainName: `${'a'.repeat(64)}.com` }, 'domainName'],
        ['more than 253 characters', { domainName: `${'a'.repeat(63)}.`.repeat(4) + 'com' }, 'domainName', /253/],
        ['a wildcard domain', { domainName: '*.example.com' }, 'domainName', /wildcard/],
        ['an IPv4 address', { domainName: '10.0.0.1' }, 'domainName', /IP address/],
        ['an IPv6 address', { domainName: '::1' }, 'domainName', /IP address/],
        ['an all-numeric last label', { domainName: 'example.123' }, 'domainName', /all-numeric/],
        ['a bad SAN among good ones', { subjectAlternativeNames: ['ok.example.com', 'bad name'] }, 'subjectAlternativeNames[1]'],
        ['a wildcard inside a SAN', { subjectAlternativeNames: ['a.*.example.com'] }, 'subjectAlternativeNames[0]'],
        ['a double wildcard SAN', { subjectAlternativeNames: ['*.*.example.com'] }, 'subjectAlternativeNames[0]'],
        ['a SAN with capitals', { subjectAlternativeNames: ['Prom.example.com'] }, 'subjectAlternativeNames[0]', /lowercase/],
        ['an IP address as a DNS SAN', { subjectAlternativeNames: ['10.0.0.1'] }, 'subjectAlternativeNames[0]', /ipAddresses/],
      ],
      check,
    );
  });
});

describe('pathPrefix', () => {
  describe('accepts', () => {
    testAcceptances<Options>(
      [
        ['prefix "/"', { pathPrefix: '/' }],
        ['a nested prefix of unreserved characters', { pathPrefix: '/ops/prom_1.x~y-z' }],
        ['256 characters', { pathPrefix: `/${'a'.repeat(255)}` }],
      ],
      check,
    );
  });

  describe('refuses', () => {
    testRefusals<Options>(
      [
        ['no leading slash', { pathPrefix: 'prometheus' }, 'pathPrefix', /start with "\/"/],
        ['a trailing slash', { pathPrefix: '/prometheus/' }, 'pathPrefix', /end with/],
        ['an empty segment', { pathPrefix: '/a//b' }, 'pathPrefix', /"\/\/"/],
        ['a parent segment', { pathPrefix: '/a/../b' }, 'pathPrefix', /"\.\."/],
        ['a current-directory segment', { pathPrefix: '/a/./b' }, 'pathPrefix'],
        ['a query', { pathPrefix: '/a?b' }, 'pathPrefix', /unreserved/],
        ['a fragment', { pathPrefix: '/a#b' }, 'pathPrefix'],
        ['a percent-encoding', { pathPrefix: '/a%20b' }, 'pathPrefix'],
        ['an nginx variable', { pathPrefix: '/$host' }, 'pathPrefix'],
        ['an nginx statement end', { pathPrefix: '/a;b' }, 'pathPrefix'],
        ['257 characters', { pathPrefix: `/${'a'.repeat(256)}` }, 'pathPrefix', /256/],
        ['an empty prefix', { pathPrefix: '' }, 'pathPrefix'],
      ],
      check,
    );
  });
});

describe('ports (httpsPort, httpPort)', () => {
  testAcceptances<Options>(
    [
      ['the lowest port', { httpsPort: 1 }],
      ['the highest port', { httpsPort: 65535, httpPort: 65534 }],
    ],
    check,
  );

  testRefusals<Options>(
    [
      ['port 0', { httpsPort: 0 }, 'httpsPort', /1 to 65535/],
      ['port 65536', { httpsPort: 65536 }, 'httpsPort'],
      ['a fractional port', { httpsPort: 443.5 }, 'httpsPort'],
      ['an HTTP port of 0', { httpPort: 0 }, 'httpPort', /1 to 65535/],
    ],
    check,
  );
});

describe('image references (nginxImage, prometheusImage, pauseImage)', () => {
  describe('accepts', () => {
    testAcceptances<Options>(
      [
        ['a digest-pinned image', { prometheusImage: `quay.io/prometheus/prometheus@sha256:${'0'.repeat(64)}` }],
        ['a registry with a port', { nginxImage: 'registry.local:5000/team/nginx:1.30.1-alpine' }],
        ['a tag and a digest', { nginxImage: `nginx:1.30.6-alpine@sha256:${'f'.repeat(64)}` }],
        ['a pinned pause image', { pauseImage: 'registry.k8s.io/pause:3.10' }],
      ],
      check,
    );
  });

  describe('refuses', () => {
    testRefusals<Options>(
      [
        ['an image without tag or digest', { nginxImage: 'nginx' }, 'nginxImage', /tag or digest/],
        ['the latest tag', { nginxImage: 'nginx:latest' }, 'nginxImage', /latest/],
        ['a shell command', { prometheusImage: 'prom/prometheus:v3 ; rm' }, 'prometheusImage'],
        ['capitals in the path', { prometheusImage: 'Prom/Prometheus:v3.13.3' }, 'prometheusImage'],
        ['an unpinned pause image', { pauseImage: 'registry.k8s.io/pause' }, 'pauseImage', /tag or digest/],
        ['a pause image on latest', { pauseImage: 'registry.k8s.io/pause:latest' }, 'pauseImage', /latest/],
        ['a reference longer than 512 characters', { nginxImage: `${'a'.repeat(600)}:1.30.6` }, 'nginxImage', /Docker image reference/],
        ['a short digest', { nginxImage: 'nginx@sha256:abc' }, 'nginxImage'],
      ],
      check,
    );
  });
});

describe('durations (scrapeInterval, retentionTime)', () => {
  testAcceptances<Options>(
    [
      ['compound units', { scrapeInterval: '1h30m', retentionTime: '30d12h' }],
      ['milliseconds', { scrapeInterval: '500ms' }],
      ['the longest duration Prometheus holds', { retentionTime: '292y' }],
    ],
    check,
  );

  testRefusals<Options>(
    [
      ['a number without unit', { scrapeInterval: '15' }, 'scrapeInterval', /duration/],
      ['zero', { scrapeInterval: '0s' }, 'scrapeInterval', /non-zero/],
      ['an empty duration', { scrapeInterval: '' }, 'scrapeInterval', /non-zero/],
      ['units out of order', { scrapeInterval: '30m1h' }, 'scrapeInterval'],
      ['longer than 292 years', { scrapeInterval: '293y' }, 'scrapeInterval', /292y/],
      ['more days than 292 years', { retentionTime: '106752d' }, 'retentionTime', /292y/],
      ['words', { retentionTime: '15 days' }, 'retentionTime'],
    ],
    check,
  );
});

describe('durationMs', () => {
  test.each([
    ['15s', 15_000],
    ['1h30m', 5_400_000],
    ['1d', 86_400_000],
    ['500ms', 500],
    ['1w1ms', 604_800_001],
    ['1y', 31_536_000_000],
  ])('%s = %d ms', (duration, ms) => {
    expect(durationMs(duration)).toBe(ms);
  });
});

describe('label sets (externalLabels)', () => {
  testAcceptances<Options>(
    [
      ['label values of any printable text', { externalLabels: { team: 'Ops & "SRE" ☃ 🙂 $x ${y}', _private: '' } }],
      ['names with digits and underscores', { externalLabels: { cluster_1: 'eu', Region: 'west' } }],
    ],
    check,
  );

  testRefusals<Options>(
    [
      ['a reserved name', { externalLabels: { __name__: 'x' } }, 'externalLabels', /not starting with "__"/],
      ['a name starting with a digit', { externalLabels: { '1a': 'x' } }, 'externalLabels', /label names/],
      ['a name with a hyphen', { externalLabels: { 'a-b': 'x' } }, 'externalLabels'],
      ['DEL in a value', { externalLabels: { team: 'ops\x7f' } }, 'externalLabels', /control characters/],
      ['U+2028 in a value, shown escaped', { externalLabels: { team: 'a\u2028b' } }, 'externalLabels', /\(got "a\\u2028b"\)/],
      ['a lone surrogate in a value', { externalLabels: { team: '\ud800' } }, 'externalLabels'],
      ['U+FFFE in a value', { externalLabels: { team: '\ufffe' } }, 'externalLabels'],
      ['a value that is no text', { externalLabels: { team: 1 as never } }, 'externalLabels'],
      ['a list instead of a map', { externalLabels: ['team'] as never }, 'externalLabels', /map of label names/],
    ],
    check,
  );
});

describe('Docker network names (network, additionalNetworks)', () => {
  testAcceptances<Options>([['dots, underscores and hyphens', { network: 'monitoring_net.1-a', additionalNetworks: ['Grafana'] }]], check);

  testRefusals<Options>(
    [
      ['a space', { network: 'my net' }, 'network'],
      ['a leading hyphen', { network: '-net' }, 'network', /Docker network name/],
      ['129 characters', { network: 'a'.repeat(129) }, 'network'],
      ['the default bridge', { network: 'bridge' }, 'network', /user-defined/],
      ['the host network', { network: 'host' }, 'network', /user-defined/],
      ['no network', { network: 'none' }, 'network', /user-defined/],
      ['a predefined additional network', { additionalNetworks: ['ok', 'host'] }, 'additionalNetworks[1]', /user-defined/],
      ['a bad additional network', { additionalNetworks: ['bad name'] }, 'additionalNetworks[0]', /Docker network name/],
    ],
    check,
  );
});

describe('PEM certificates and keys (certificatePem, privateKeyPem, clientCaCertificatePem)', () => {
  describe('accepts', () => {
    testAcceptances<Options>(
      [
        ['a certificate and its key', provided(SERVER_CERTIFICATE, SERVER_KEY)],
        ['the key as SEC1 ("EC PRIVATE KEY")', provided(SERVER_CERTIFICATE, SERVER_KEY_SEC1)],
        ['CRLF line ends', provided(SERVER_CERTIFICATE.replace(/\n/g, '\r\n'), SERVER_KEY.replace(/\n/g, '\r\n'))],
        ['a certificate followed by more certificates (a chain)', provided(SERVER_CERTIFICATE + WILDCARD_CERTIFICATE, SERVER_KEY)],
        ['a wildcard certificate for a name under it', { domainName: 'prom.example.net', ...provided(WILDCARD_CERTIFICATE, WILDCARD_KEY) }],
        [
          'a client CA certificate',
          { ...provided(SERVER_CERTIFICATE, SERVER_KEY), clientAuth: ClientAuth.REQUIRED, clientCaCertificatePem: SERVER_CERTIFICATE },
        ],
      ],
      check,
    );
  });

  describe('refuses', () => {
    const rows: Refusal<Options>[] = [
      ['text that is no PEM', provided('not a pem', 'nor this'), 'certificatePem', /PEM certificate blocks and nothing else/],
      ['text before the certificate', provided(`\${file("/etc/passwd")}\n${PEM_SHAPED}`, PEM_SHAPED), 'certificatePem', /nothing else/],
      ['a certificate block that does not parse', provided(PEM_SHAPED, KEY_SHAPED), 'certificatePem', /PEM certificate \(/],
      ['a key appended to the certificate', provided(PEM_SHAPED + KEY_SHAPED, KEY_SHAPED), 'certificatePem', /nothing else/],
      ['a byte-order mark after the certificate', provided(`${PEM_SHAPED}\ufeff`, KEY_SHAPED), 'certificatePem', /nothing else/],
      ['two keys', provided(SERVER_CERTIFICATE, KEY_SHAPED + KEY_SHAPED), 'privateKeyPem', /one PEM private key block/],
      ['a key block that does not parse', provided(SERVER_CERTIFICATE, KEY_SHAPED), 'privateKeyPem', /unencrypted PEM private key/],
      ['an encrypted key', provided(SERVER_CERTIFICATE, ENCRYPTED_KEY), 'privateKeyPem', /one PEM private key block/],
      [
        'a key whose BEGIN and END labels differ',
        provided(SERVER_CERTIFICATE, SERVER_KEY.replace('BEGIN PRIVATE', 'BEGIN RSA PRIVATE')),
        'privateKeyPem',
        /one PEM private key block/,
      ],
      ['a key that is not the certificate\'s', provided(SERVER_CERTIFICATE, OTHER_KEY), 'privateKeyPem', /must be the key of certificatePem/],
      [
        'a certificate for another name, showing its SANs',
        { domainName: 'prometheus.example.org', ...provided(SERVER_CERTIFICATE, SERVER_KEY) },
        'certificatePem',
        /valid for domainName "prometheus\.example\.org" \(got "DNS:example\.com"\)/,
      ],
      [
        'the apex of a wildcard certificate',
        { domainName: 'example.net', ...provided(WILDCARD_CERTIFICATE, WILDCARD_KEY) },
        'certificatePem',
        /valid for domainName/,
      ],
      [
        'a client CA that is no PEM',
        { ...provided(SERVER_CERTIFICATE, SERVER_KEY), clientAuth: ClientAuth.REQUIRED, clientCaCertificatePem: 'not a pem' },
        'clientCaCertificatePem',
        /nothing else/,
      ],
      [
        'a client CA block that does not parse',
        { ...provided(SERVER_CERTIFICATE, SERVER_KEY), clientAuth: ClientAuth.OPTIONAL, clientCaCertificatePem: PEM_SHAPED },
        'clientCaCertificatePem',
        /PEM certificate \(/,
      ],
    ];
    testRefusals(rows, check);
  });
});
