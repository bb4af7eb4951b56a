import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../../pipelines/config/options.ts';
import { PipelineError } from '../../pipelines/core/errors.ts';
import {
  assertNumberingOptions,
  numberingOptionsSpec,
  parseNumberingOptions,
} from '../../pipelines/numbering/numbering-options.ts';
import {
  DEFAULT_HIGH_RISK_COUNTRIES,
  DEFAULT_HIGH_RISK_PREFIXES,
} from '../../pipelines/numbering/high-risk-default.ts';

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}

const defaults = parseNumberingOptions();

describe('numbering options', () => {
  it('rejects invalid options with CONFIG_INVALID, naming the bad item but not echoing prefixes', () => {
    const attempt = (input: Record<string, unknown>) => () => parseNumberingOptions(input);
    expect(attempt({ highRiskPrefixes: ['33a'] })).toThrow(/highRiskPrefixes\[0\]: expected 1 to 15 digits/);
    expect(attempt({ highRiskPrefixes: ['1234567890123456'] })).toThrow(/highRiskPrefixes\[0\]/);
    expect(attempt({ highRiskCountries: ['UK'] })).toThrow(/highRiskCountries\[0\]: "UK" is not an ISO/);
    expect(attempt({ highRiskCountries: ['fr'] })).toThrow(/highRiskCountries\[0\]/);
    expect(attempt({ trunkPrefix: '0a' })).toThrow(/numbering.trunkPrefix/);
    expect(attempt({ defaultCountry: 'BE' })).toThrow(/numbering.defaultCountry.*one of FR/);
    expect(attempt({ unknownOption: true })).toThrow(/unknown option/);
    const error = thrownBy(attempt({ highRiskPrefixes: ['3361234567x'] }));
    expect(error).toBeInstanceOf(PipelineError);
    expect((error as PipelineError).code).toBe('CONFIG_INVALID');
    expect((error as PipelineError).message).not.toContain('3361234567');
  });

  it('has documented defaults', () => {
    expect(defaults).toMatchObject({
      defaultCountry: 'FR',
      trunkPrefix: '',
      e164WithoutPlus: false,
      overseasAsNational: false,
    });
    expect(defaults.highRiskPrefixes).toContain('881');
    expect(defaults.highRiskCountries).toContain('CU');
  });

  it('reads the environment, lists as comma-separated values', () => {
    const options = resolveOptions('numbering', numberingOptionsSpec, [], {
      NUMBERING_TRUNK_PREFIX: '0',
      NUMBERING_E164_WITHOUT_PLUS: 'true',
      NUMBERING_HIGH_RISK_PREFIXES: '+881, 3389',
      NUMBERING_HIGH_RISK_COUNTRIES: 'none',
      NUMBERING_OVERSEAS_AS_NATIONAL: 'yes',
    });
    expect(options).toMatchObject({
      trunkPrefix: '0',
      e164WithoutPlus: true,
      highRiskPrefixes: ['+881', '3389'],
      highRiskCountries: ['none'],
      overseasAsNational: true,
    });
    expect(() => {
      assertNumberingOptions(options);
    }).not.toThrow();
  });

  it('ships a default list that passes its own validation', () => {
    expect(DEFAULT_HIGH_RISK_PREFIXES.length).toBeGreaterThan(10);
    expect(DEFAULT_HIGH_RISK_COUNTRIES.length).toBeGreaterThan(10);
    expect(new Set(DEFAULT_HIGH_RISK_PREFIXES).size).toBe(DEFAULT_HIGH_RISK_PREFIXES.length);
    expect(new Set(DEFAULT_HIGH_RISK_COUNTRIES).size).toBe(DEFAULT_HIGH_RISK_COUNTRIES.length);
    expect(() => {
      assertNumberingOptions(defaults);
    }).not.toThrow();
  });
});
