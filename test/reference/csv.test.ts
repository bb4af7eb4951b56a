import { describe, expect, it } from 'vitest';
import { parseCsv, toTable } from '../../pipelines/reference/csv.ts';
import { ProblemList } from '../../pipelines/reference/problems.ts';

describe('CSV reader', () => {
  it('reads quoted fields with escaped quotes, commas and newlines, keeping record start lines', () => {
    const problems = new ProblemList();
    const records = parseCsv(
      'a,b\n"x ""y""","1,2"\n\n"multi\nline",z\r\nlast, trimmed \n',
      problems.inFile('f.csv'),
    );
    expect(problems.all()).toEqual([]);
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x "y"', '1,2'] },
      { line: 4, fields: ['multi\nline', 'z'] },
      { line: 6, fields: ['last', 'trimmed'] },
    ]);
  });

  it('reports an unterminated quote with its line', () => {
    const problems = new ProblemList();
    parseCsv('a,b\n1,"open\n2,3\n', problems.inFile('f.csv'));
    expect(problems.all()).toEqual([{ file: 'f.csv', line: 2, message: 'unterminated quoted field' }]);
  });

  it('maps columns by header name, CGRateS-style # header, case-insensitively, or by position', () => {
    const problems = new ProblemList();
    const file = problems.inFile('f.csv');
    const named = toTable(parseCsv('#prefix,ID\n33,FR\n# a comment\n', file), ['Id', 'Prefix'], file, {
      header: 'optional',
    });
    expect(named?.rows.map((r) => [r.line, r.get('Id'), r.get('Prefix')])).toEqual([[2, 'FR', '33']]);
    const positional = toTable(parseCsv('FR,33\n', file), ['Id', 'Prefix'], file, { header: 'optional' });
    expect(positional?.rows.map((r) => [r.get('Id'), r.get('Prefix')])).toEqual([['FR', '33']]);
    expect(problems.all()).toEqual([]);
  });
});
