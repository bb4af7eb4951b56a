import { describe, expect, it } from 'vitest';
import { loadReferenceData } from '../../pipelines/reference/load-reference-data.ts';
import { readCharges, readDisputes, readServices } from '../../pipelines/invoicing/billing-files.ts';
import { loadBillingData } from '../../pipelines/invoicing/load-billing-data.ts';
import { ProblemList, formatProblem } from '../../pipelines/reference/problems.ts';
import { parseYamlFile } from '../../pipelines/reference/yaml-file.ts';

function parse<T>(
  text: string,
  reader: (file: NonNullable<ReturnType<typeof parseYamlFile>>, p: ReturnType<ProblemList['inFile']>) => T[],
) {
  const problems = new ProblemList();
  const fileProblems = problems.inFile('f.yaml');
  const file = parseYamlFile(text, fileProblems);
  const values = file === undefined ? [] : reader(file, fileProblems);
  return { values, problems: problems.all().map(formatProblem) };
}

describe('billing data files', () => {
  it('reads charges with exact amounts, and reports every problem with its line', () => {
    const ok = parse(
      "charges:\n  - { id: a, customerId: C-1, date: '2026-02-03', label: Frais, amount: '0.10', service: hosted-telephony }\n",
      readCharges,
    );
    expect(ok.problems).toEqual([]);
    expect(ok.values[0]?.amount.toFixed()).toBe('0.1');
    const bad = parse(
      [
        'charges:',
        "  - { id: a, customerId: C-1, date: '2026-02-30', label: Frais, amount: '-3', service: Hosted }",
        "  - { id: a, customerId: C-1, date: '2026-02-03', label: Frais, amount: '3', service: x, extra: 1 }",
      ].join('\n'),
      readCharges,
    );
    expect(bad.values).toEqual([]);
    expect(bad.problems).toEqual([
      'f.yaml:2: charges[0].date: expected a date YYYY-MM-DD, got string "2026-02-30"',
      'f.yaml:2: charges[0].amount: must not be negative, got "-3"',
      'f.yaml:2: charges[0].service: "Hosted" is not a service name (lowercase letters, digits, dashes: access-link)',
      'f.yaml:3: charges[1].extra: unknown key; known keys are id, customerId, date, label, amount, service',
      'f.yaml:3: charges[1].id: duplicate charge id "a" (first on line 2)',
    ]);
  });

  it('refuses a recurring service named hosted-telephony (the plan bills it) and an end before the start', () => {
    const bad = parse(
      "services:\n  - { id: s, customerId: C-1, service: hosted-telephony, label: x, monthlyAmount: '1', from: '2026-02-03', to: '2026-02-01' }\n",
      readServices,
    );
    expect(bad.problems).toEqual([
      'f.yaml:2: services[0].service: hosted-telephony is billed from the plan (per SIP account), not here',
      'f.yaml:2: services[0].to: 2026-02-01 is before from 2026-02-03',
    ]);
  });

  it('requires resolvedOn and agreedAmount together on a dispute', () => {
    const bad = parse(
      "disputes:\n  - { invoiceId: F-1, amount: '10', raisedOn: '2026-02-03', goodFaith: true, resolvedOn: '2026-02-10' }\n",
      readDisputes,
    );
    expect(bad.problems).toEqual([
      'f.yaml:2: disputes[0].agreedAmount: resolvedOn and agreedAmount go together',
    ]);
  });

  it('loads the demo billing data against the demo reference data', async () => {
    const reference = await loadReferenceData('infra/reference/demo');
    const data = await loadBillingData('infra/billing/demo', new Set(reference.customers.map((c) => c.id)));
    expect(data.charges.map((c) => c.id)).toEqual(['CHG-2026-0001', 'CHG-2026-0002', 'CHG-2026-0003']);
    expect(data.services).toHaveLength(3);
    expect(data.contracts).toHaveLength(4);
    expect(data.payments).toHaveLength(1);
    expect(data.disputes).toHaveLength(1);
    expect(await loadBillingData(undefined)).toMatchObject({ charges: [], services: [] });
  });
});
