import { isIPv6 } from 'node:net';
import type { AccountContext } from '../../reference/reference-types.ts';
import type { AlertEmitter } from '../alert-emitter.ts';
import type { CallFacts } from '../call-facts.ts';
import type { CustomerThresholds } from '../customer-thresholds.ts';
import { MetricInput, MetricWindows, type MetricWindowsSpec } from '../metric-windows.ts';
import { networkOf } from '../network-prefix.ts';
import type { RegistrationFacts } from '../registration-facts.ts';

/** What every rule gets from the detector. */
export interface RuleDeps {
  readonly alerts: AlertEmitter;
  readonly thresholds: CustomerThresholds;
  readonly allowedLatenessMs: number;
}

/**
 * One fraud rule. The detector calls it for every outbound non-emergency call that is not late, and for
 * every registration event that is not late; alerts go to the shared AlertEmitter.
 */
export interface FraudRule {
  /** Its name in snapshots. */
  readonly name: string;
  onCall?(call: CallFacts): void;
  onRegistration?(event: RegistrationFacts, context: AccountContext | undefined): void;
  /** Event time advanced: close windows, forget state no record can reach any more. */
  advanceWatermark(watermark: number): void;
  /** The longest time span its state covers (windows): alerts of older windows can be forgotten. */
  readonly horizonMs: number;
  readonly windowCount: number;
  snapshot(): unknown;
  restore(saved: unknown): void;
}

/** A rule made of one window set: most rules. */
export abstract class WindowedRule implements FraudRule {
  abstract readonly name: string;
  protected readonly windows: MetricWindows;
  protected readonly input: MetricInput;
  private readonly windowSizeMs: number;

  constructor(spec: Omit<MetricWindowsSpec, 'allowedLatenessMs'>, deps: RuleDeps) {
    this.windows = new MetricWindows({ ...spec, allowedLatenessMs: deps.allowedLatenessMs }, deps.alerts);
    this.input = new MetricInput(spec.combine.length);
    this.windowSizeMs = spec.scope.window.sizeMs;
  }

  get horizonMs(): number {
    return this.windowSizeMs;
  }

  advanceWatermark(watermark: number): void {
    this.windows.advanceWatermark(watermark);
  }

  get windowCount(): number {
    return this.windows.windowCount;
  }

  snapshot(): unknown {
    return this.windows.snapshot();
  }

  restore(saved: unknown): void {
    this.windows.restore(saved);
  }
}

/**
 * `ip:<address>` for IPv4; `ip:<network>/64` for IPv6, where one host commonly holds a whole /64 and can
 * rotate addresses within it.
 */
export function ipKey(ip: string): string {
  return isIPv6(ip) && !/^::ffff:\d/i.test(ip) ? `ip:${networkOf(ip, 32, 64) ?? ip}` : `ip:${ip}`;
}
