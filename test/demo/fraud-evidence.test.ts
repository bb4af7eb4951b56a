import { describe, expect, it } from 'vitest';
import {
  durationText,
  evidenceSummary,
  moneyText,
  parisTime,
  type AlertEvidence,
} from '../../pipelines/demo/fraud-evidence.ts';

const at = (iso: string): Date => new Date(iso);

function alert(
  rule: string,
  counts: AlertEvidence['counts'],
  samples: AlertEvidence['samples'],
): AlertEvidence {
  return { rule, detectedAt: at('2026-03-21T01:45:48Z'), reason: `critical: ${rule}`, counts, samples };
}

describe('the demo fraud section wording', () => {
  it('prints Paris local time on either side of the summer-time change', () => {
    expect(parisTime(at('2026-03-21T01:10:44.564Z'))).toBe('2026-03-21 02:10:44');
    expect(parisTime(at('2026-03-29T00:59:59Z'))).toBe('2026-03-29 01:59:59');
    expect(parisTime(at('2026-03-29T01:00:00Z'))).toBe('2026-03-29 03:00:00');
  });

  it('prints durations for a reader and amounts rounded to the cent', () => {
    expect([0, 45_400, 60_000, 278_000, 660_000, 4_920_000, -4_920_000].map(durationText)).toEqual([
      '0 s',
      '45 s',
      '1 min',
      '4 min 38 s',
      '11 min',
      '1 h 22 min',
      '1 h 22 min',
    ]);
    expect(moneyText('89.5584', 'EUR')).toBe('89.56 EUR');
    expect(moneyText('150.005', 'EUR')).toBe('150.01 EUR');
    expect(moneyText(undefined, 'EUR')).toBe('?');
  });

  it('sums up brute force from the counts and the registration samples', () => {
    const failure = (s: number): AlertEvidence['samples'][number] => ({
      kind: 'registration',
      id: `r${s}`,
      at: at(`2026-03-21T01:45:${String(s).padStart(2, '0')}Z`),
      summary: 'auth-failure from 203.0.113.77 UA friendly-scanner',
    });
    expect(
      evidenceSummary(alert('credential-brute-force', { failures: 30 }, [failure(3), failure(40)])),
    ).toBe('30 auth failures from 203.0.113.77 in 45 s');
    const success = {
      kind: 'registration' as const,
      id: 'r99',
      at: at('2026-03-21T01:45:48Z'),
      summary: 'registered from 203.0.113.77 UA sipcli/v1.8',
    };
    expect(evidenceSummary(alert('brute-force-then-success', { failures: 60 }, [failure(0), success]))).toBe(
      'success from the same IP (203.0.113.77) after 60 auth failures in 48 s',
    );
    expect(
      evidenceSummary(alert('scanner-user-agent', { attempts: 61, successes: 1 }, [failure(0), success])),
    ).toBe('registered or called with a scanner User-Agent (sipcli/v1.8)');
  });

  it('quotes only the visible head of masked callees, never a full number', () => {
    const call = (id: string, summary: string): AlertEvidence['samples'][number] => ({
      kind: 'call',
      id,
      at: at('2026-03-21T01:34:48Z'),
      summary,
    });
    const text = evidenceSummary(
      alert('irsf-burst', { calls: 30, minutes: 22.78, cost: '89.5584', currency: 'EUR' }, [
        call('a', '+674*****07 14 s 2.70 EUR'),
        call('b', '+252*******00 43 s 1.70 EUR'),
        call('c', '+682***71 27 s 2.70 EUR'),
      ]),
    );
    expect(text).toBe(
      '30 calls to high-risk/premium numbers (+674..., +252..., ...) in 11 min: 22.78 min, 89.56 EUR',
    );
    expect(text).not.toMatch(/\d{5,}/);
  });
});
