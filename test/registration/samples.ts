import type { RegistrationEvent } from '../../pipelines/registration/registration-event.ts';

/** Sample registration events of each type, for tests. Addresses are documentation ranges (RFC 5737/3849). */

export function registered(): RegistrationEvent {
  return {
    eventId: 'sw1-reg-000001',
    accountId: 'acct-1001',
    type: 'REGISTERED',
    timestamp: new Date('2026-03-01T08:15:02.125Z'),
    contact: 'sip:1001@192.168.1.20:5060;transport=udp',
    instanceId: '<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>',
    sourceIp: '192.0.2.10',
    sourcePort: 5060,
    userAgent: 'Yealink SIP-T46S 66.86.0.15',
    expiresSeconds: 3600,
    authFailureReason: null,
    realm: 'voip.example.net',
    softswitch: 'sw1',
  };
}

export function authFailed(): RegistrationEvent {
  return {
    ...registered(),
    eventId: 'sw1-reg-000002',
    type: 'AUTH_FAILED',
    timestamp: new Date('2026-03-01T08:16:00.000Z'),
    contact: 'sip:1001@203.0.113.66:5062',
    instanceId: null,
    sourceIp: '203.0.113.66',
    sourcePort: 5062,
    userAgent: 'friendly-scanner',
    expiresSeconds: null,
    authFailureReason: 'wrong password',
  };
}

export function expired(): RegistrationEvent {
  return {
    ...registered(),
    eventId: 'sw1-reg-000003',
    type: 'EXPIRED',
    timestamp: new Date('2026-03-01T09:15:02.125Z'),
    sourceIp: null,
    sourcePort: null,
    userAgent: null,
    expiresSeconds: null,
  };
}

export function unregistered(): RegistrationEvent {
  return {
    ...registered(),
    eventId: 'sw1-reg-000004',
    type: 'UNREGISTERED',
    timestamp: new Date('2026-03-01T18:00:00.000Z'),
    contact: '*',
    instanceId: null,
    expiresSeconds: 0,
  };
}
