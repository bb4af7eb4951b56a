import { describe, expect, it } from 'vitest';
import {
  CsvRecordAssembler,
  type CsvDialect,
  type CsvOutcome,
} from '../../pipelines/softswitch/csv-record-assembler.ts';
import { LineSplitter } from '../../pipelines/softswitch/line-splitter.ts';

const dialect: CsvDialect = {
  delimiter: ',',
  allowSpacesAroundQuotes: false,
  maxRecordLines: 64,
  maxRecordChars: 1_048_576,
};

/** Tokenizes text fed in the given chunks, the way a file is read. */
function tokenize(chunks: readonly string[], overrides: Partial<CsvDialect> = {}): CsvOutcome[] {
  const settings = { ...dialect, ...overrides };
  const splitter = new LineSplitter(settings.maxRecordChars);
  const assembler = new CsvRecordAssembler(settings);
  const out: CsvOutcome[] = [];
  for (const chunk of chunks) for (const line of splitter.push(chunk)) out.push(...assembler.push(line));
  for (const line of splitter.end()) out.push(...assembler.push(line));
  out.push(...assembler.end());
  return out;
}

const fieldsOf = (outcomes: readonly CsvOutcome[]): (readonly string[] | string)[] =>
  outcomes.map((o) => (o.kind === 'record' ? o.fields : `problem@${o.line}: ${o.reason}`));

describe('CSV tokenizer', () => {
  it('splits plain and quoted fields, with doubled quotes and delimiters inside quotes', () => {
    const out = tokenize(['a,b,,c\n"x,1","say ""hi""","",plain\n']);
    expect(fieldsOf(out)).toEqual([
      ['a', 'b', '', 'c'],
      ['x,1', 'say "hi"', '', 'plain'],
    ]);
  });

  it('keeps newlines inside quoted fields (LF and CRLF kept as written) and numbers records by their first line', () => {
    const out = tokenize(['id,note\r\n1,"two\r\nlines"\r\n2,"three\nmore\nlines"\n3,end']);
    expect(out.map((o) => o.line)).toEqual([1, 2, 4, 7]);
    expect(fieldsOf(out)).toEqual([
      ['id', 'note'],
      ['1', 'two\r\nlines'],
      ['2', 'three\nmore\nlines'],
      ['3', 'end'],
    ]);
    expect(out[1]).toMatchObject({ raw: '1,"two\r\nlines"' });
  });

  it('strips CRLF, a UTF-8 byte order mark at the start only, and skips blank lines', () => {
    const out = tokenize(['\uFEFFa,b\r\n\r\n   \n"\uFEFFc",d\r\n']);
    expect(fieldsOf(out)).toEqual([
      ['a', 'b'],
      ['\uFEFFc', 'd'],
    ]);
    expect(out.map((o) => o.line)).toEqual([1, 4]);
  });

  it('gives the same records whatever the chunk boundaries', () => {
    const text = '\uFEFFh1,h2\r\n"a ""q""","b\r\nc"\n,\n"x",y\r\n"unterminated,\nz,w\n';
    const whole = tokenize([text]);
    for (const size of [1, 2, 3, 5, 7, 11]) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      expect(tokenize(chunks)).toEqual(whole);
    }
  });

  it('reports a quote inside an unquoted field and text after a closing quote, with the position', () => {
    const out = tokenize(['ab"c,d\n"ok"x,y\nfine,row\n']);
    expect(fieldsOf(out)).toEqual([
      'problem@1: quote inside an unquoted field at character 3',
      'problem@2: unexpected character after a closing quote at character 5',
      ['fine', 'row'],
    ]);
    expect(out[0]).toMatchObject({ raw: 'ab"c,d' });
  });

  it('reports an unterminated quote on its first line and parses the swallowed lines again', () => {
    const out = tokenize(['"a","b\n"c","d"\ne,f\n']);
    expect(fieldsOf(out)).toEqual(['problem@1: unterminated quoted field', ['c', 'd'], ['e', 'f']]);
    expect(out[0]).toMatchObject({ raw: '"a","b' });
  });

  it('reports an unterminated quote at end of input, then the lines after it', () => {
    const out = tokenize(['x,y\n"open\nplain,line\n']);
    expect(fieldsOf(out)).toEqual([['x', 'y'], 'problem@2: unterminated quoted field', ['plain', 'line']]);
  });

  it('gives up on a quoted field spanning more than maxRecordLines lines', () => {
    const out = tokenize(['"a\nb\nc\nd\ne\n'], { maxRecordLines: 3 });
    expect(fieldsOf(out)).toEqual(['problem@1: unterminated quoted field', ['b'], ['c'], ['d'], ['e']]);
    expect(fieldsOf(tokenize(['"a\nb\nc"\n'], { maxRecordLines: 3 }))).toEqual([['a\nb\nc']]);
  });

  it('bounds memory on an endless line: it is truncated and reported', () => {
    const long = 'x'.repeat(5000);
    const out = tokenize([long.slice(0, 2000), `${long.slice(2000)}\nok,1\n`], { maxRecordChars: 1024 });
    expect(fieldsOf(out)).toEqual(['problem@1: line longer than 1024 characters', ['ok', '1']]);
    expect(out[0]?.raw).toHaveLength(1024);
  });

  it('accepts spaces around quotes only when the dialect allows it (FreeSWITCH built-in template)', () => {
    expect(fieldsOf(tokenize(['"a", "b" ,c\n'], { allowSpacesAroundQuotes: true }))).toEqual([
      ['a', 'b', 'c'],
    ]);
    expect(fieldsOf(tokenize(['"a", "b"\n']))).toEqual([
      'problem@1: quote inside an unquoted field at character 6',
    ]);
  });

  it('uses another delimiter and treats commas as data then', () => {
    expect(fieldsOf(tokenize(['a;"b;c";d,e\n'], { delimiter: ';' }))).toEqual([['a', 'b;c', 'd,e']]);
  });

  it('keeps an empty last field and a lone CR as data', () => {
    expect(fieldsOf(tokenize(['a,\n"",""\nx\ry\n']))).toEqual([['a', ''], ['', ''], ['x\ry']]);
  });
});
