import { describe, expect, it } from 'vitest';
import {
  REGISTRATION_EVENT_TYPES,
  isRegistrationEventType,
  registrationEventProblem,
  type RegistrationEvent,
} from '../../pipelines/registration/registration-event.ts';
import { authFailed, expired, registered, unregistered } from './samples.ts';

function problemOf(event: RegistrationEvent, changes: Partial<RegistrationEvent>): string | undefined {
  return registrationEventProblem({ ...event, ...changes });
}

describe('registrationEventProblem', () => {
  it('accepts a well-formed event of every type', () => {
    for (const event of [registered(), authFailed(), expired(), unregistered()]) {
      expect(registrationEventProblem(event), event.type).toBeUndefined();
    }
  });

  it('accepts events with only what their type needs', () => {
    const bare = {
      contact: null,
      instanceId: null,
      sourceIp: null,
      sourcePort: null,
      userAgent: null,
      expiresSeconds: null,
      authFailureReason: null,
      realm: null,
    };
    expect(problemOf(registered(), { ...bare, contact: 'sip:1001@192.0.2.10', expiresSeconds: 0 })).toBe(
      undefined,
    );
    expect(problemOf(authFailed(), { ...bare, sourceIp: '2001:db8::7' })).toBeUndefined();
    expect(problemOf(expired(), { ...bare, contact: 'sip:1001@192.0.2.10' })).toBeUndefined();
    expect(problemOf(unregistered(), bare)).toBeUndefined();
    expect(problemOf(unregistered(), { ...bare, contact: '*' })).toBeUndefined();
  });

  it('REGISTERED needs a contact (not "*") and a non-negative expiresSeconds', () => {
    const event = registered();
    expect(problemOf(event, { contact: null })).toBe('a REGISTERED event needs a contact');
    expect(problemOf(event, { contact: '  ' })).toBe('a REGISTERED event needs a contact');
    expect(problemOf(event, { contact: '*' })).toBe('a REGISTERED event cannot have the contact "*"');
    expect(problemOf(event, { expiresSeconds: null })).toBe('a REGISTERED event needs expiresSeconds');
    expect(problemOf(event, { expiresSeconds: -1 })).toBe('expiresSeconds must not be negative');
    expect(problemOf(event, { expiresSeconds: 0 })).toBeUndefined();
  });

  it('AUTH_FAILED needs a sourceIp, and a sourceIp must be an IP address', () => {
    expect(problemOf(authFailed(), { sourceIp: null })).toBe('an AUTH_FAILED event needs a sourceIp');
    expect(problemOf(authFailed(), { sourceIp: 'pbx.example.net' })).toBe('sourceIp is not an IP address');
    expect(problemOf(registered(), { sourceIp: '192.0.2.300' })).toBe('sourceIp is not an IP address');
  });

  it('EXPIRED needs the contact whose binding expired', () => {
    expect(problemOf(expired(), { contact: null })).toBe('an EXPIRED event needs a contact');
    expect(problemOf(expired(), { contact: '*' })).toBe('an EXPIRED event cannot have the contact "*"');
  });

  it('UNREGISTERED refuses an empty contact (null or "*" mean every binding)', () => {
    expect(problemOf(unregistered(), { contact: '' })).toMatch(/contact is empty/);
  });

  it('refuses empty identifiers, an invalid instant and an impossible port', () => {
    expect(problemOf(registered(), { eventId: ' ' })).toBe('eventId is empty');
    expect(problemOf(registered(), { accountId: '' })).toBe('accountId is empty');
    expect(problemOf(registered(), { timestamp: new Date(Number.NaN) })).toBe(
      'timestamp is not a valid instant',
    );
    expect(problemOf(registered(), { sourcePort: 0 })).toBe('sourcePort is outside 1-65535');
    expect(problemOf(registered(), { sourcePort: 65_536 })).toBe('sourcePort is outside 1-65535');
    expect(problemOf(registered(), { sourcePort: 65_535 })).toBeUndefined();
  });

  it('never quotes the event values in its reasons', () => {
    const secret = 'sip:+33612345678@198.51.100.9';
    const reasons = [
      problemOf(registered(), { contact: '*', instanceId: secret }),
      problemOf(expired(), { contact: null, userAgent: secret }),
      problemOf(authFailed(), { sourceIp: secret }),
    ];
    for (const reason of reasons) {
      expect(reason).toBeDefined();
      expect(reason).not.toMatch(/612345678|198\.51/);
    }
  });
});

describe('isRegistrationEventType', () => {
  it('knows exactly the schema symbols', () => {
    expect(REGISTRATION_EVENT_TYPES).toEqual(['REGISTERED', 'AUTH_FAILED', 'EXPIRED', 'UNREGISTERED']);
    for (const type of REGISTRATION_EVENT_TYPES) expect(isRegistrationEventType(type)).toBe(true);
    for (const other of ['registered', 'REFRESHED', '', 1, null])
      expect(isRegistrationEventType(other)).toBe(false);
  });
});
