import { describe, expect, it } from 'vitest';
import { PipelineError } from '../../pipelines/core/errors.ts';
import { compileReferenceData } from '../../pipelines/reference/compile-reference-data.ts';
import { loadReferenceData } from '../../pipelines/reference/load-reference-data.ts';
import { formatProblem } from '../../pipelines/reference/problems.ts';
import { NATIVE_HEADER, copyOfSample, onlyProblem, problemsOf, sampleWith } from './reference-fixtures.ts';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const customer = (fields: string) => `customers:
  - id: C-1001
    name: Boulangerie Martin SARL
    category: business
    slaEligible: true
    planId: illimite-national
    orderDate: '2025-09-12'
  - id: C-1002
    name: Cabinet Durand
${fields}`;
const second = `    category: business
    slaEligible: false
    planId: illimite-national
    orderDate: '2026-01-20'
`;
const accounts = (extra: string) => `accounts:
  - { accountId: c1001-boutique, customerId: C-1001, activeFrom: '2025-09-15' }
${extra}`;

describe('customers.yaml validation', () => {
  // The sample accounts refer to customers C-1001..C-3001; keep only the first one in these tests.
  const only = (text: string) => ({ 'customers.yaml': text, 'sip-accounts.yaml': accounts('') });

  it('rejects a customer whose plan does not exist', async () => {
    await onlyProblem(only(customer(second.replace('planId: illimite-national', 'planId: gold'))), {
      file: 'customers.yaml',
      line: 8,
      field: 'customers[1].planId',
      message: /customer "C-1002": unknown plan "gold"/,
    });
  });

  it('rejects an unknown category, naming the telecom-professional kinds', async () => {
    await onlyProblem(only(customer(second.replace('category: business', 'category: reseller'))), {
      file: 'customers.yaml',
      line: 10,
      field: 'customers[1].category',
      message:
        /expected one of business, operator, teleshop, telemarketing, call-centre, prepaid-cards, voice-services/,
    });
  });

  it('requires the order date and checks the termination date', async () => {
    await onlyProblem(only(customer(second.replace("    orderDate: '2026-01-20'\n", ''))), {
      file: 'customers.yaml',
      line: 8,
      field: 'customers[1].orderDate',
      message: /required/,
    });
    await onlyProblem(only(customer(`${second}    terminationDate: '2025-12-31'\n`)), {
      file: 'customers.yaml',
      line: 14,
      field: 'customers[1].terminationDate',
      message: /before the order date 2026-01-20/,
    });
    await onlyProblem(only(customer(second.replace("'2026-01-20'", "'2026-02-30'"))), {
      file: 'customers.yaml',
      line: 13,
      field: 'customers[1].orderDate',
      message: /expected a date YYYY-MM-DD/,
    });
  });

  it('rejects duplicate ids, unquoted numeric ids, unknown keys and bad overrides', async () => {
    await onlyProblem(only(customer(second).replace('id: C-1002', 'id: C-1001')), {
      file: 'customers.yaml',
      line: 8,
      field: 'customers[1].id',
      message: /duplicate customer id "C-1001" \(first on line 2\)/,
    });
    await onlyProblem(only(customer(second).replace('id: C-1002', 'id: 1002')), {
      file: 'customers.yaml',
      line: 8,
      field: 'customers[1].id',
      message: /quote it/,
    });
    await onlyProblem(only(customer(`${second}    vip: true\n`)), {
      file: 'customers.yaml',
      line: 14,
      field: 'customers[1].vip',
      message: /unknown key/,
    });
    await onlyProblem(
      only(customer(`${second}    overrides:\n      limits:\n        maxConcurrentCalls: 0\n`)),
      {
        file: 'customers.yaml',
        line: 16,
        field: 'customers[1].overrides.limits.maxConcurrentCalls',
        message: /at least 1/,
      },
    );
    await onlyProblem(
      only(customer(`${second}    overrides:\n      thresholds:\n        maxCallsPerHour: lots\n`)),
      {
        file: 'customers.yaml',
        line: 16,
        field: 'customers[1].overrides.thresholds.maxCallsPerHour',
        message: /non-negative number/,
      },
    );
  });

  it('reports YAML syntax errors with their line', async () => {
    const problem = await onlyProblem(only(customer(`${second}    label: x: y\n`)), {
      file: 'customers.yaml',
      line: 14,
      field: undefined,
      message: /invalid YAML: Nested mappings are not allowed/,
    });
    expect(formatProblem(problem)).toMatch(/^customers\.yaml:14: invalid YAML/);
  });
});

describe('SIP accounts validation', () => {
  it('rejects an account whose customer does not exist (YAML)', async () => {
    await onlyProblem(
      {
        'sip-accounts.yaml': accounts(
          "  - { accountId: ghost, customerId: C-9999, activeFrom: '2026-01-01' }\n",
        ),
      },
      {
        file: 'sip-accounts.yaml',
        line: 3,
        field: 'accounts[1].customerId',
        message: /account "ghost": unknown customer "C-9999"/,
      },
    );
  });

  it('rejects an account whose customer does not exist (CSV), and duplicates across the two files', async () => {
    const csv =
      'account_id,customer_id,label,active_from,active_to\nc1001-x,C-1001,,2026-01-01,\nghost,C-9999,Ghost,2026-01-01,\n';
    await onlyProblem(
      { 'sip-accounts.yaml': accounts(''), 'sip-accounts.csv': csv },
      { file: 'sip-accounts.csv', line: 3, field: 'customer_id', message: /unknown customer "C-9999"/ },
    );
    await onlyProblem(
      {
        'sip-accounts.yaml': accounts(''),
        'sip-accounts.csv': csv.replace('ghost,C-9999', 'c1001-boutique,C-1001'),
      },
      {
        file: 'sip-accounts.csv',
        line: 3,
        field: undefined,
        message: /duplicate account id "c1001-boutique" \(first in sip-accounts.yaml:2\)/,
      },
    );
  });

  it('checks the active dates', async () => {
    await onlyProblem(
      {
        'sip-accounts.yaml': accounts(
          "  - { accountId: x, customerId: C-1001, activeFrom: '2026-02-01', activeTo: '2026-01-31' }\n",
        ),
      },
      {
        file: 'sip-accounts.yaml',
        line: 3,
        field: 'accounts[1].activeTo',
        message: /before activeFrom 2026-02-01/,
      },
    );
    await onlyProblem(
      {
        'sip-accounts.yaml': undefined,
        'sip-accounts.csv': 'account_id,customer_id,active_from\nc1001-x,C-1001,01/02/2026\n',
      },
      { file: 'sip-accounts.csv', line: 2, field: 'active_from', message: /expected a date YYYY-MM-DD/ },
    );
  });

  it('requires one of the two account files', async () => {
    await onlyProblem(
      { 'sip-accounts.yaml': undefined },
      {
        file: 'sip-accounts.yaml',
        line: undefined,
        field: undefined,
        message: /missing required file \(or sip-accounts.csv\)/,
      },
    );
  });
});

const plan = (fields: string) => `plans:
  - id: illimite-national
    name: Illimité National fixe et mobile
    includedClasses: [national-fixed, national-mobile]
    tariffId: tarif-standard
    monthlyFee: '29.90'
  - id: pro-minute
    name: Pro
${fields}`;
const proFields = `    includedClasses: []
    tariffId: tarif-pro
    monthlyFee: '9.90'
`;

describe('plans.yaml validation', () => {
  it('rejects a plan whose tariff does not exist', async () => {
    await onlyProblem(
      { 'plans.yaml': plan(proFields.replace('tarif-pro', 'tarif-gold')) },
      {
        file: 'plans.yaml',
        line: 7,
        field: 'plans[1].tariffId',
        message: /plan "pro-minute": unknown tariff "tarif-gold"/,
      },
    );
  });

  it('rejects unknown destination classes, money as a YAML number, negative fees and bad policies', async () => {
    await onlyProblem(
      { 'plans.yaml': plan(proFields.replace('[]', '[national-fixed, emergency]')) },
      {
        file: 'plans.yaml',
        line: 9,
        field: 'plans[1].includedClasses[1]',
        message: /unknown destination class "emergency"/,
      },
    );
    await onlyProblem(
      { 'plans.yaml': plan(proFields.replace("'9.90'", '9.90')) },
      { file: 'plans.yaml', line: 11, field: 'plans[1].monthlyFee', message: /quoted decimal string/ },
    );
    await onlyProblem(
      { 'plans.yaml': plan(proFields.replace("'9.90'", "'-9.90'")) },
      { file: 'plans.yaml', line: 11, field: 'plans[1].monthlyFee', message: /must not be negative/ },
    );
    await onlyProblem(
      { 'plans.yaml': plan(`${proFields}    breachPolicy: never\n`) },
      {
        file: 'plans.yaml',
        line: 12,
        field: 'plans[1].breachPolicy',
        message: /expected one of rest-of-month, whole-month/,
      },
    );
    await onlyProblem(
      { 'plans.yaml': plan(`${proFields}    limits: { maxDistinctNumbers: 0 }\n`) },
      { file: 'plans.yaml', line: 12, field: 'plans[1].limits.maxDistinctNumbers', message: /at least 1/ },
    );
  });
});

const devices = (entry: string) => `devices:
  - id: yealink-t4x
    vendor: Yealink
    model: T4x
    pattern: '^Yealink SIP-T4'
  - id: broken
    vendor: Acme
    model: Phone
${entry}`;

describe('devices.yaml validation', () => {
  it('rejects an invalid regular expression, naming the entry', async () => {
    await onlyProblem(
      { 'devices.yaml': devices("    pattern: '^Acme (SIP'\n") },
      {
        file: 'devices.yaml',
        line: 9,
        field: 'devices[1].pattern',
        message: /device "broken": invalid regular expression/,
      },
    );
  });

  it('requires exactly one of pattern and prefix, and a dotted minimum firmware', async () => {
    await onlyProblem(
      { 'devices.yaml': devices('') },
      {
        file: 'devices.yaml',
        line: 6,
        field: 'devices[1]',
        message: /exactly one of pattern \(regex\) or prefix/,
      },
    );
    await onlyProblem(
      { 'devices.yaml': devices("    prefix: Acme\n    pattern: '^Acme'\n") },
      { file: 'devices.yaml', line: 9, field: 'devices[1].prefix', message: /exactly one of/ },
    );
    await onlyProblem(
      { 'devices.yaml': devices("    prefix: Acme\n    minFirmware: 'v2'\n") },
      { file: 'devices.yaml', line: 10, field: 'devices[1].minFirmware', message: /dotted version/ },
    );
    await onlyProblem(
      { 'devices.yaml': devices("    prefix: Acme\n    firmwarePattern: '\\d+'\n") },
      {
        file: 'devices.yaml',
        line: 10,
        field: 'devices[1].firmwarePattern',
        message: /exactly one capture group/,
      },
    );
  });
});

const nativeRow = (overrides: Partial<Record<string, string>> = {}) => {
  const values = {
    tariff_id: 'tarif-standard',
    version: '2026-09',
    effective_from: '2026-09-01',
    currency: 'EUR',
    destination_id: 'FR_FIXED',
    prefix: '331',
    connect_fee: '0',
    price_per_minute: '0.02',
    increments: '60/1',
    rounding_decimals: '4',
    rounding_mode: 'half-up',
    ...overrides,
  };
  return NATIVE_HEADER.split(',')
    .map((column) => values[column as keyof typeof values])
    .join(',');
};
const extraTariff = (...rows: string[]) => ({ 'tariffs/zz-extra.csv': [NATIVE_HEADER, ...rows].join('\n') });

describe('native tariff CSV validation', () => {
  it('accepts a valid extra version', async () => {
    const result = compileReferenceData(
      await sampleWith(extraTariff(nativeRow(), nativeRow({ prefix: '336' }))),
    );
    expect(result.ok).toBe(true);
  });

  it('rejects negative prices and bad increments', async () => {
    await onlyProblem(extraTariff(nativeRow({ price_per_minute: '-0.02' })), {
      file: 'tariffs/zz-extra.csv',
      line: 2,
      field: 'price_per_minute',
      message: /must not be negative/,
    });
    await onlyProblem(extraTariff(nativeRow(), nativeRow({ prefix: '336', connect_fee: 'free' })), {
      file: 'tariffs/zz-extra.csv',
      line: 3,
      field: 'connect_fee',
      message: /expected a decimal number/,
    });
    for (const increments of ['0/1', '60', '60/1.5', '-1/1']) {
      await onlyProblem(extraTariff(nativeRow({ increments })), {
        file: 'tariffs/zz-extra.csv',
        line: 2,
        field: 'increments',
        message: /positive whole seconds/,
      });
    }
  });

  it('rejects a duplicate prefix within a version, naming both lines', async () => {
    await onlyProblem(
      extraTariff(nativeRow(), nativeRow({ prefix: '336' }), nativeRow({ destination_id: 'X' })),
      {
        file: 'tariffs/zz-extra.csv',
        line: 4,
        field: 'prefix',
        message: /duplicate prefix 331 in tariff "tarif-standard" version "2026-09" \(first on line 2\)/,
      },
    );
  });

  it('rejects unknown rounding modes, bad dates and currencies', async () => {
    await onlyProblem(extraTariff(nativeRow({ rounding_mode: 'bankers' })), {
      file: 'tariffs/zz-extra.csv',
      line: 2,
      field: 'rounding_mode',
      message:
        /unknown rounding mode "bankers"; expected one of up, down, half-up, half-even, \*up, \*down, \*middle/,
    });
    await onlyProblem(extraTariff(nativeRow({ rounding_decimals: '12' })), {
      file: 'tariffs/zz-extra.csv',
      line: 2,
      field: 'rounding_decimals',
      message: /0 to 10/,
    });
    await onlyProblem(extraTariff(nativeRow({ effective_from: '2026-09-01T00:00:00Z' })), {
      file: 'tariffs/zz-extra.csv',
      line: 2,
      field: 'effective_from',
      message: /YYYY-MM-DD \(00:00 Europe\/Paris\)/,
    });
    await onlyProblem(extraTariff(nativeRow({ currency: 'euro' })), {
      file: 'tariffs/zz-extra.csv',
      line: 2,
      field: 'currency',
      message: /ISO 4217/,
    });
  });

  it('rejects rows of one version that disagree on its date, currency or rounding', async () => {
    await onlyProblem(extraTariff(nativeRow(), nativeRow({ prefix: '336', rounding_mode: 'up' })), {
      file: 'tariffs/zz-extra.csv',
      line: 3,
      field: 'rounding_mode',
      message: /version "2026-09": up differs from half-up on line 2/,
    });
  });

  it('rejects a version label used twice and two versions taking effect at the same instant', async () => {
    await onlyProblem(extraTariff(nativeRow({ version: '2026-01', effective_from: '2026-09-01' })), {
      file: 'tariffs/zz-extra.csv',
      line: 2,
      field: 'version',
      message: /version "2026-01" is defined twice \(also tariffs\/tarif-standard.csv:2\)/,
    });
    await onlyProblem(extraTariff(nativeRow({ effective_from: '2026-03-15' })), {
      file: 'tariffs/zz-extra.csv',
      line: 2,
      field: 'effective_from',
      message: /take effect at the same instant 2026-03-14T23:00:00.000Z/,
    });
  });

  it('rejects a header with a missing or unknown column', async () => {
    const header = NATIVE_HEADER.replace(',increments', ',increment');
    const problems = problemsOf(
      compileReferenceData(await sampleWith({ 'tariffs/zz-extra.csv': `${header}\n${nativeRow()}` })),
    );
    expect(problems.map((p) => [p.file, p.line, p.field])).toEqual([
      ['tariffs/zz-extra.csv', 1, 'increment'],
      ['tariffs/zz-extra.csv', 1, 'increments'],
    ]);
  });
});

describe('missing files and reporting', () => {
  it('names each missing required file', async () => {
    const problems = problemsOf(
      compileReferenceData(await sampleWith({ 'customers.yaml': undefined, 'devices.yaml': undefined })),
    );
    expect(problems).toEqual([
      { file: 'customers.yaml', message: 'missing required file' },
      { file: 'devices.yaml', message: 'missing required file' },
    ]);
  });

  it('reports every problem of every file at once', async () => {
    const copy = await copyOfSample();
    try {
      await writeFile(join(copy.directory, 'plans.yaml'), plan(proFields.replace('tarif-pro', 'tarif-gold')));
      await writeFile(join(copy.directory, 'devices.yaml'), devices("    pattern: '(['\n"));
      await writeFile(
        join(copy.directory, 'tariffs', 'extra.csv'),
        `${NATIVE_HEADER}\n${nativeRow({ price_per_minute: '-1' })}\n`,
      );
      const error = await loadReferenceData(copy.directory).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(PipelineError);
      const failure = error as PipelineError;
      expect(failure.code).toBe('REFERENCE_DATA_INVALID');
      expect(failure.details['problems']).toHaveLength(3);
      expect(failure.message).toContain('(3 problem(s))');
      expect(failure.message).toContain(
        'plans.yaml:7: plans[1].tariffId: plan "pro-minute": unknown tariff "tarif-gold"',
      );
      expect(failure.message).toContain(
        'devices.yaml:9: devices[1].pattern: device "broken": invalid regular expression',
      );
      expect(failure.message).toContain('tariffs/extra.csv:2: price_per_minute: must not be negative');
    } finally {
      await copy.remove();
    }
  });

  it('fails clearly on a directory that does not exist', async () => {
    await expect(loadReferenceData('/nonexistent/reference')).rejects.toThrow(
      /cannot read reference directory \/nonexistent\/reference/,
    );
  });
});
