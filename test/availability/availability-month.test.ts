import { describe, expect, it } from 'vitest';
import {
  computeAvailabilityMonth,
  isCustomerActiveIn,
} from '../../pipelines/availability/availability-month.ts';
import { customer, LATER, outage } from './fixtures.ts';

const customers = [
  customer('C-1'),
  customer('C-2', { slaEligible: false }),
  customer('C-3', { orderDate: '2026-07-01' }), // starts the month after
  customer('C-4', { terminationDate: '2026-05-31' }), // gone the month before
  customer('C-5', { orderDate: '2026-06-30', terminationDate: '2026-06-30' }), // one day in June
];

describe('the rows of a month', () => {
  it('knows which customers are in service during the month', () => {
    expect(customers.filter((c) => isCustomerActiveIn(c, '2026-06')).map((c) => c.id)).toEqual([
      'C-1',
      'C-2',
      'C-5',
    ]);
  });

  it('gives every active customer hosted-telephony and every service that failed, plus the failing customers', () => {
    const result = computeAvailabilityMonth({
      month: '2026-06',
      customers,
      until: LATER,
      tickets: [
        outage('2026-06-10T10:00:00Z', 300, {
          ticketNumber: 'T-1',
          customerId: 'C-1',
          service: 'access-link',
        }),
        outage('2026-06-11T10:00:00Z', 300, { ticketNumber: 'T-2', customerId: 'C-2' }),
        outage('2026-06-12T10:00:00Z', 30, { ticketNumber: 'T-3', customerId: 'C-9' }), // not in the reference data
        outage('2026-06-13T10:00:00Z', 30, { ticketNumber: 'T-4', customerId: 'C-4' }), // terminated customer
        outage('2026-05-13T10:00:00Z', 30, { ticketNumber: 'T-5', customerId: 'C-1', service: 'sip-trunk' }), // May
      ],
    });
    expect(result.rows.map((r) => `${r.customerId}/${r.service}`)).toEqual([
      'C-1/access-link',
      'C-1/hosted-telephony',
      'C-2/access-link',
      'C-2/hosted-telephony',
      'C-4/hosted-telephony',
      'C-5/access-link',
      'C-5/hosted-telephony',
      'C-9/hosted-telephony',
    ]);
    const row = (key: string) => result.rows.find((r) => `${r.customerId}/${r.service}` === key);
    expect(row('C-1/access-link')).toMatchObject({
      unavailableMinutes: 300,
      slaEligible: true,
      tickets: ['T-1'],
    });
    expect(row('C-1/access-link')?.creditRate.toString()).toBe('0.1'); // 99.305555 %
    expect(row('C-1/hosted-telephony')?.availabilityPercent.toString()).toBe('100');
    expect(row('C-2/hosted-telephony')).toMatchObject({ unavailableMinutes: 300, slaEligible: false });
    expect(row('C-2/hosted-telephony')?.creditRate.toString()).toBe('0');
    expect(row('C-9/hosted-telephony')).toMatchObject({ slaEligible: false });
    expect(result.unknownCustomers).toEqual(['C-9']);
    expect(result.repairs.map((r) => r.ticketNumber)).toEqual(['T-1', 'T-2', 'T-3', 'T-4']);
  });
});
