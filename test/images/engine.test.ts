/**
 * The container-engine layer's choice, and its answer when no engine can run: a failure that says
 * what was tried and how to install one (the image tests then fail with it; they never skip).
 */
import { describe, expect, it } from '@jest/globals';
import { ContainerEngineError, INSTALL_HINT, PODMAN_CONF, containerEngine, detectContainerEngine } from '../../local/container-engine.js';

describe('detectContainerEngine', () => {
  it('fails with what it tried and how to install an engine when none is on the PATH', () => {
    const detect = () => detectContainerEngine({ PATH: '/nonexistent' });
    expect(detect).toThrow(ContainerEngineError);
    expect(detect).toThrow('docker is not installed; podman is not installed');
    expect(detect).toThrow(INSTALL_HINT);
  });

  it('refuses a CONTAINER_ENGINE it does not know', () => {
    expect(() => detectContainerEngine({ ...process.env, CONTAINER_ENGINE: 'lxc' })).toThrow(
      'CONTAINER_ENGINE must be docker or podman, got "lxc"',
    );
  });

  it('tries only the engine CONTAINER_ENGINE names', () => {
    expect(() => detectContainerEngine({ PATH: '/nonexistent', CONTAINER_ENGINE: 'podman' })).toThrow(/\(podman is not installed\)/);
  });
});

describe('containerEngine', () => {
  it("gives Podman the project's containers.conf unless the caller names one", () => {
    expect(containerEngine('podman', {}).env).toEqual({ CONTAINERS_CONF: PODMAN_CONF });
    expect(containerEngine('podman', { CONTAINERS_CONF: '/etc/mine.conf' }).env).toEqual({});
    expect(containerEngine('docker', {}).env).toEqual({});
  });

  const build = { dockerfile: 'd/Dockerfile', context: 'ctx', tag: 'img:1', platform: 'linux/arm64', buildArgs: { A: 'b' } };

  it("builds with Podman for the platform asked for, on the host's network, on another base and with build volumes when asked", () => {
    expect(containerEngine('podman', {}).buildArgs({ ...build, from: 'base:1', volumes: ['/x:/y:ro'] })).toEqual([
      'build',
      '--network',
      'host',
      '--platform',
      'linux/arm64',
      '--from',
      'base:1',
      '--build-arg',
      'A=b',
      '-v',
      '/x:/y:ro',
      '-f',
      'd/Dockerfile',
      '-t',
      'img:1',
      'ctx',
    ]);
  });

  it('builds with Docker for the platform asked for, and refuses what its builder cannot do', () => {
    const docker = containerEngine('docker', {});
    expect(docker.buildArgs(build)).toEqual([
      'buildx',
      'build',
      '--provenance=false',
      '--load',
      '--platform',
      'linux/arm64',
      '--build-arg',
      'A=b',
      '-f',
      'd/Dockerfile',
      '-t',
      'img:1',
      'ctx',
    ]);
    expect(() => docker.buildArgs({ ...build, from: 'base:1' })).toThrow(ContainerEngineError);
  });
});
