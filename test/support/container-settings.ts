/**
 * Pure derivations from docker-compose.yml for the test containers: what changes when the same
 * services run on random host ports instead of the fixed ones of the compose stack.
 */

export interface KafkaListener {
  readonly name: string;
  readonly host: string;
  readonly port: number;
}

/** `PLAINTEXT://kafka:9092,HOST://localhost:29092` to its listeners. */
export function parseListeners(value: string): KafkaListener[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const match = /^([A-Za-z0-9_]+):\/\/(.*):(\d+)$/.exec(entry);
      if (match === null) throw new Error(`not a Kafka listener: "${entry}"`);
      const [, name = '', host = '', port = ''] = match;
      return { name, host, port: Number(port) };
    });
}

export function formatListeners(listeners: readonly KafkaListener[]): string {
  return listeners.map(({ name, host, port }) => `${name}://${host}:${port}`).join(',');
}

/** The listener that the compose stack advertises to clients on the Docker host (host `localhost`). */
export function hostListener(advertisedListeners: string): KafkaListener {
  const listener = parseListeners(advertisedListeners).find(({ host }) => host === 'localhost');
  if (listener === undefined) {
    throw new Error(
      `no listener advertised on localhost in KAFKA_ADVERTISED_LISTENERS="${advertisedListeners}"`,
    );
  }
  return listener;
}

/** Advertised listeners with the host listener moved to where the test runner reaches the container. */
export function advertiseHostListenerAt(advertisedListeners: string, host: string, port: number): string {
  const { name } = hostListener(advertisedListeners);
  return formatListeners(
    parseListeners(advertisedListeners).map((listener) =>
      listener.name === name ? { name, host, port } : listener,
    ),
  );
}

/** The same URL (credentials, path) on another host and port. */
export function rebaseUrl(url: string, host: string, port: number): string {
  const rebased = new URL(url);
  rebased.hostname = host;
  rebased.port = String(port);
  return withoutTrailingSlash(rebased.toString());
}

/** The URL with these credentials (URL-encoded); unchanged when no user is given. */
export function withCredentials(url: string, user: string | undefined, password: string | undefined): string {
  if (user === undefined || user === '') return url;
  const authenticated = new URL(url);
  authenticated.username = encodeURIComponent(user);
  authenticated.password = encodeURIComponent(password ?? '');
  return withoutTrailingSlash(authenticated.toString());
}

/** For logs and descriptions: the URL without its password. */
export function redactUrl(url: string): string {
  const redacted = new URL(url);
  if (redacted.password !== '') redacted.password = '***';
  return withoutTrailingSlash(redacted.toString());
}

function withoutTrailingSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}
