import { execFile, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { containerRuntimeAvailable } from '../support/container-infrastructure.ts';

/** What the Docker CLI says: `docker info` exits 0 only when it reaches an engine. */
function dockerInfo(): { readonly cliInstalled: boolean; readonly engineAnswers: boolean } {
  const result = spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 20_000 });
  return { cliInstalled: result.error === undefined, engineAnswers: result.status === 0 };
}

const docker = dockerInfo();

describe('containerRuntimeAvailable', () => {
  it.skipIf(!docker.cliInstalled)('agrees with `docker info`', async () => {
    expect(await containerRuntimeAvailable()).toBe(docker.engineAnswers);
  });

  it('answers false, quietly, when the configured runtime accepts connections but never responds', async () => {
    // testcontainers caches its runtime configuration per process: probe from a child process whose
    // DOCKER_HOST points at a socket that swallows every request.
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const address = silent.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    try {
      // Asynchronous, so that this process keeps accepting the child's connections.
      const child = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '--eval', PROBE_SCRIPT],
        {
          cwd: fileURLToPath(new URL('../../', import.meta.url)),
          env: { ...process.env, DOCKER_HOST: `tcp://127.0.0.1:${address.port}`, DEBUG: '' },
          encoding: 'utf8',
          timeout: 30_000,
        },
      );
      expect(child.stderr).toBe('');
      expect(child.stdout).toBe('false\n');
      expect(sockets.size).toBeGreaterThan(0);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
});

const PROBE_SCRIPT = `
import { containerRuntimeAvailable } from './test/support/container-infrastructure.ts';
const available = await containerRuntimeAvailable({ timeoutMs: 1000 });
process.stdout.write(String(available) + '\\n');
process.exit(0);
`;
