import { startInstance } from './harness';
import type { InstanceHandle } from './harness';
import { describeLive } from './harness/requirements';

/** Status, Content-Encoding and Vary of one GET from the Docker host. */
async function get(instance: InstanceHandle, path: string, acceptGzip: boolean): Promise<{ status: string; encoding: string; vary: string }> {
  const { stdout } = await instance.exec([
    'curl', '-s', '--cacert', instance.trustAnchor,
    ...(acceptGzip ? ['-H', 'Accept-Encoding: gzip'] : []),
    '-o', '/dev/null', '-w', '%{http_code}|%header{content-encoding}|%header{vary}',
    `${instance.url}${path}`,
  ]);
  const [status, encoding, vary] = stdout.split('|');
  return { status, encoding, vary };
}

describeLive('compression, live', (line) => {
  test('nginx gzips bodies of 1 KB or more for clients that ask, and never asks Prometheus to', async () => {
    // GIVEN
    const instance = await startInstance({ domainName: 'gzip.example.com', httpsPort: 8443 }, { name: 'gzip', line });
    try {
      // WHEN
      const large = await get(instance, 'api/v1/status/flags', true);
      const largeUnasked = await get(instance, 'api/v1/status/flags', false);
      const small = await get(instance, 'api/v1/status/buildinfo', true);
      const decoded = await instance.exec(['curl', '-s', '--compressed', '--cacert', instance.trustAnchor, `${instance.url}api/v1/status/flags`]);
      // THEN
      expect(large).toEqual({ status: '200', encoding: 'gzip', vary: 'Accept-Encoding' });
      expect(largeUnasked).toMatchObject({ status: '200', encoding: '' });
      expect(JSON.parse(decoded.stdout)).toMatchObject({ status: 'success' });
      // Prometheus compresses every body it is asked to: a small one arriving plain shows it was not asked.
      expect(small).toMatchObject({ status: '200', encoding: '' });
    } finally {
      await instance.stop();
    }
  }, 60_000);
});
