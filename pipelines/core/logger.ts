import {
  pino,
  destination as pinoDestination,
  stdTimeFunctions,
  type Logger,
  type LoggerOptions,
  type DestinationStream,
} from 'pino';

export type { Logger } from 'pino';

export interface LoggerSettings {
  readonly level: string;
  readonly name: string;
}

/**
 * pino NDJSON to stderr (stdout stays free for command output such as reports).
 * Phone numbers never reach the log: callers log masked numbers (see `maskNumber`), and the
 * serialised fields named like numbers are masked here as a second line of defence.
 */
export function createLogger(settings: LoggerSettings, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    name: settings.name,
    level: settings.level,
    base: { pid: process.pid },
    timestamp: stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: {
      paths: ['caller', 'callee', '*.caller', '*.callee', 'number', '*.number'],
      censor: (value) => (typeof value === 'string' ? maskNumber(value) : '[redacted]'),
    },
  };
  return pino(options, destination ?? pinoDestination({ fd: 2, sync: false }));
}

/** Keeps the first 4 and last 2 characters of a phone number: enough to debug routing, not to identify. */
export function maskNumber(number: string): string {
  if (number.length <= 6) return '*'.repeat(number.length);
  return `${number.slice(0, 4)}${'*'.repeat(number.length - 6)}${number.slice(-2)}`;
}

/** A logger that writes nowhere, for unit tests of components that require one. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
