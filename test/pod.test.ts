import { Container } from '@cdktf/provider-docker/lib/container';
import { Network } from '@cdktf/provider-docker/lib/network';
import { Pod, PodProps } from '../lib';
import { at, ref, synth } from './support';

const props: PodProps = {
  name: 'p-pod',
  image: 'registry.k8s.io/pause:3.10',
  privateNetworkName: 'p',
  aliases: ['prom'],
  ports: [{ containerPort: 443, hostPort: 8443 }],
  logMaxSize: '10m',
  logMaxFiles: 3,
};

/** A Pod `pod` with `overrides`, synthesized. */
function synthPod(overrides: Partial<PodProps> = {}) {
  let pod!: Pod;
  const result = synth((scope) => {
    pod = new Pod(scope, 'pod', { ...props, ...overrides });
  });
  return { ...result, pod };
}

describe('Pod', () => {
  test('declares a private bridge network and joins it with the aliases', () => {
    // WHEN
    const { json, resources, pod } = synthPod();
    // THEN
    expect(json).toHaveResourceWithProperties(Network, { name: 'p', driver: 'bridge' });
    expect(at(resources, 'docker_container', 'pod/container').networks_advanced).toEqual([{ name: ref(resources, 'docker_network', 'pod/network', 'name'), aliases: ['prom'] }]);
    expect(pod.network).toBeDefined();
  });

  test('joins an existing network instead, and the additional ones, with the aliases on each', () => {
    // WHEN
    const { resources, pod } = synthPod({ network: 'monitoring', additionalNetworks: ['targets'] });
    // THEN
    expect(resources.docker_network).toBeUndefined();
    expect(pod.network).toBeUndefined();
    expect(pod.networkName).toBe('monitoring');
    expect(at(resources, 'docker_container', 'pod/container').networks_advanced).toEqual([
      { name: 'monitoring', aliases: ['prom'] },
      { name: 'targets', aliases: ['prom'] },
    ]);
  });

  test('publishes the ports of the listeners in it, from the pause container only', () => {
    const { json } = synthPod({ ports: [{ containerPort: 443, hostPort: 8443 }, { containerPort: 80, hostPort: 8080 }] });
    expect(json).toHaveResourceWithProperties(Container, { name: 'p-pod', ports: [{ internal: 443, external: 8443 }, { internal: 80, external: 8080 }] });
  });

  test('runs the pause process as its image user with no capability, on a read-only root, and lets nginx bind 443', () => {
    // WHEN
    const pod = at(synthPod().resources, 'docker_container', 'pod/container');
    // THEN
    expect(pod).toMatchObject({ user: '65535:65535', capabilities: { drop: ['ALL'] }, read_only: true, restart: 'unless-stopped', memory: 16, memory_swap: 16 });
    expect(pod.sysctls).toEqual({ 'net.ipv4.ip_unprivileged_port_start': '0' });
    expect(pod.log_opts).toEqual({ 'max-size': '10m', 'max-file': '3' });
    expect(pod.entrypoint).toBeUndefined();
  });

  test('gives the containers that join it its full id as network mode, which Docker reads back unchanged', () => {
    // WHEN a container joins the pod
    const { resources } = synth((scope) => {
      const pod = new Pod(scope, 'pod', props);
      new Container(scope, 'member', { name: 'member', image: 'busybox', networkMode: pod.networkMode });
    });
    // THEN
    expect(resources.docker_container.member.network_mode).toBe(`container:${ref(resources, 'docker_container', 'pod/container', 'id')}`);
  });
});
