import { removeDirective } from '../proxy/config-edits';
import { LoadSample, loadRow, measureLoad, throughputRatio } from '../proxy/load';
import { QUERY_UP } from '../proxy/queries';
import { UNMET_LIMITS, withInstance } from '../proxy/targets';
import { CLIENT_CPU, Load } from '../proxy/wrk';
import { median, measureInterleaved } from '../runner/measure';
import type { Section } from '../runner/section';

const PASSWORD = 'bench-password';
const NO_AUTH = 'no-auth-nginx';
const LOAD: Load = { connections: 16, seconds: 1 };

/**
 * One user per bcrypt cost, all with PASSWORD, hashed once with glibc's crypt(3) (libxcrypt, which
 * nginx calls in Debian) so that no run needs a bcrypt tool:
 * `perl -e 'print crypt("bench-password", q($2y$10$YmVuY2gtYmFzaWMtYXV0aC))'`, and 05, 08 for the others.
 */
const USERS = [
  { cost: 5, username: 'cost5', passwordHash: '$2y$05$YmVuY2gtYmFzaWMtYXV0a.ocAaJy6HXYeSJY9s2q/W1qfgolW2hm.' },
  { cost: 8, username: 'cost8', passwordHash: '$2y$08$YmVuY2gtYmFzaWMtYXV0a.twG/zut0lNue8kDFwmcqhDvSCokiZIO' },
  { cost: 10, username: 'cost10', passwordHash: '$2y$10$YmVuY2gtYmFzaWMtYXV0a.BBN93MwiZrUP/8DP6OHnpYp9drlG8qK' },
] as const;

/**
 * `query=up` through the construct's nginx with basic auth, once per bcrypt cost the construct
 * accepts at its ends and middle (5, 8, 10), against the same config without auth_basic beside it.
 * nginx checks the password on every request, keep-alive or not: the hash is the price per request.
 */
export const basicAuth: Section = {
  id: 'basic-auth',
  title: 'Proxy: basic auth by bcrypt cost',
  async run({ log, line }) {
    log('starting Prometheus, nginx with three basic auth users and nginx without auth');
    const props = { domainName: 'auth.example.com', httpsPort: 8443, ...UNMET_LIMITS, basicAuthUsers: USERS.map(({ username, passwordHash }) => ({ username, passwordHash })) };
    const withoutAuth = (rendered: string) => removeDirective(removeDirective(rendered, 'auth_basic'), 'auth_basic_user_file');
    return withInstance(props, { name: 'auth', line, beside: { nginx: { [NO_AUTH]: ({ rendered }) => withoutAuth(rendered) } } }, async (instance, targets) => {
      const variants = new Map([
        ['no auth', targets.proxied(QUERY_UP, NO_AUTH)],
        ...USERS.map(({ cost, username }) => {
          const credentials = Buffer.from(`${username}:${PASSWORD}`).toString('base64');
          return [`bcrypt cost ${cost}`, targets.proxied(QUERY_UP, undefined, [`Authorization: Basic ${credentials}`])] as const;
        }),
      ]);
      log(`interleaving ${[...variants.keys()].join(' / ')}`);
      const samples = await measureInterleaved([...variants.keys()], { warmups: 0, minRounds: 2, maxRounds: 2, budgetMs: 0 }, (id) =>
        measureLoad(instance, variants.get(id)!, LOAD),
      );
      const noAuth = samples.get('no auth')!;
      const hashMs = (of: LoadSample[]) => (median(of.map((s) => s.cpuUsPerRequest.nginx)) - median(noAuth.map((s) => s.cpuUsPerRequest.nginx))) / 1000;
      return {
        rows: [...samples].map(([id, of]) => loadRow(`query=up, ${id}`, of, id === 'no auth' ? undefined : throughputRatio(of, noAuth, 'with auth / no auth'))),
        notes: [
          `wrk -t1 -c${LOAD.connections} -d${LOAD.seconds}s on CPU ${CLIENT_CPU}, two rounds, keep-alive; the config without auth is the rendered one less its auth_basic lines.`,
          `nginx CPU per request above the config without auth (the bcrypt check): ${USERS.map(({ cost }) => `cost ${cost} ${hashMs(samples.get(`bcrypt cost ${cost}`)!).toFixed(1)} ms`).join(', ')}; ` +
            'each step of cost doubles it, and nginx checks in its worker, blocking every other connection of that worker meanwhile.',
          ...[...samples].filter(([, of]) => of.some((s) => s.errors > 0)).map(([id]) => `${id}: some responses were errors (a 401 would mean the hash is wrong).`),
        ],
        raw: Object.fromEntries(samples),
      };
    });
  },
};
