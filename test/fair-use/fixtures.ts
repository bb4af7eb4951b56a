import { PipelineError } from '../../pipelines/core/errors.ts';
import type {
  FairUseCall,
  FairUseDestination,
  FairUseRegistration,
  FairUseTerms,
} from '../../pipelines/fair-use/fair-use-terms.ts';

export const ACCOUNT = 'acct-0001';

/** Catalogue double: Yealink phones are the operator's, anything else is third-party. */
export function matchDevice(userAgent: string): { approved: boolean; deviceId?: string } {
  if (userAgent.startsWith('Yealink')) return { approved: true, deviceId: 'yealink-t4x' };
  if (userAgent.startsWith('Snom OLD')) return { approved: false, deviceId: 'snom-d7x' };
  return { approved: false };
}

export const APPROVED_UA = 'Yealink SIP-T46U 108.86.0.20';

export function terms(overrides: Partial<FairUseTerms> = {}): FairUseTerms {
  return {
    customerId: 'cust-01',
    telecomProfessional: false,
    includedClasses: ['national-fixed', 'national-mobile'],
    limits: { maxDistinctNumbers: 150, maxConcurrentCalls: 3, maxRegisteredDevices: 3 },
    breachPolicy: 'rest-of-month',
    requireCatalogueDevice: true,
    matchDevice,
    ...overrides,
  };
}

/** The i-th French mobile number, E.164. */
export function mobile(i: number): FairUseDestination {
  return { class: 'national-mobile', number: `+336${String(i).padStart(8, '0')}` };
}
export function fixed(i: number): FairUseDestination {
  return { class: 'national-fixed', number: `+331${String(i).padStart(8, '0')}` };
}
export const EMERGENCY: FairUseDestination = { class: 'emergency', number: '112' };
export const UK: FairUseDestination = { class: 'international', number: '+442071234567' };

export interface CallSpec {
  readonly id: string;
  readonly start: string | number;
  /** Seconds from start to end (default 60). */
  readonly seconds?: number;
  /** Billable seconds (default: `seconds`; 0 for an unanswered call). */
  readonly billable?: number;
  readonly userAgent?: string | null;
  readonly account?: string;
}

export function call(spec: CallSpec): FairUseCall {
  const startMs = typeof spec.start === 'number' ? spec.start : Date.parse(spec.start);
  const seconds = spec.seconds ?? 60;
  return {
    callId: spec.id,
    accountId: spec.account ?? ACCOUNT,
    startTime: new Date(startMs),
    endTime: new Date(startMs + seconds * 1000),
    billableSeconds: spec.billable ?? seconds,
    userAgent: spec.userAgent === undefined ? APPROVED_UA : spec.userAgent,
  };
}

export function registration(
  spec: Partial<FairUseRegistration> & Pick<FairUseRegistration, 'eventId' | 'timestamp'>,
): FairUseRegistration {
  return {
    accountId: ACCOUNT,
    type: 'REGISTERED',
    contact: 'sip:1001@192.0.2.10:5060',
    instanceId: null,
    userAgent: APPROVED_UA,
    expiresSeconds: 3600,
    ...spec,
  };
}

export function at(iso: string): Date {
  return new Date(iso);
}

export function errorCode(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof PipelineError) return error.code;
    throw error;
  }
  return 'no error';
}
