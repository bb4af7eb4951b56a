import { ClickHouseError } from '@clickhouse/client';
import { describe, expect, it } from 'vitest';
import { toClickHouseError } from '../../pipelines/clickhouse/errors.ts';
import { PipelineError } from '../../pipelines/core/errors.ts';

function networkError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:8123`), { code });
}

describe('toClickHouseError', () => {
  it.each([
    ['connection refused', networkError('ECONNREFUSED')],
    ['connection reset', networkError('ECONNRESET')],
    ['refused on every address', new AggregateError([networkError('ECONNREFUSED')], '')],
    ['client request timeout', new Error('Timeout error.')],
    ['connection attempt cut off by the timeout', new Error('')],
    ['socket hang up', new Error('socket hang up')],
    ['gateway page', new Error('<html><h1>502 Bad Gateway</h1></html>')],
    [
      'server overloaded',
      new ClickHouseError({ code: '202', type: 'TOO_MANY_SIMULTANEOUS_QUERIES', message: 'x' }),
    ],
    ['too many parts', new ClickHouseError({ code: '252', type: 'TOO_MANY_PARTS', message: 'x' })],
    ['18.x server timeout', new Error('Code: 159, e.displayText() = DB::Exception: Timeout exceeded')],
  ])('classifies %s as retriable CLICKHOUSE_UNAVAILABLE', (_name, error) => {
    const mapped = toClickHouseError(error);
    expect(mapped).toMatchObject({ code: 'CLICKHOUSE_UNAVAILABLE', retriable: true });
    expect(mapped.cause).toBe(error);
  });

  it.each([
    ['unknown table', new ClickHouseError({ code: '60', type: 'UNKNOWN_TABLE', message: 'no t' })],
    ['syntax error', new ClickHouseError({ code: '62', type: 'SYNTAX_ERROR', message: 'bad' })],
    ['18.x parse error', new Error('Code: 27, e.displayText() = DB::Exception: Cannot parse input')],
    ['client-side misuse', new Error('Cannot decode the response as JSON')],
  ])('classifies %s as non-retriable CLICKHOUSE_QUERY_FAILED', (_name, error) => {
    expect(toClickHouseError(error)).toMatchObject({ code: 'CLICKHOUSE_QUERY_FAILED', retriable: false });
  });

  it('keeps the server code and type in details', () => {
    const mapped = toClickHouseError(
      new Error('Code: 27, e.displayText() = DB::Exception: Cannot parse input'),
    );
    expect(mapped.details).toEqual({ clickhouseCode: 27 });
    const current = toClickHouseError(
      new ClickHouseError({ code: '60', type: 'UNKNOWN_TABLE', message: 'x' }),
    );
    expect(current.details).toEqual({ clickhouseCode: 60, clickhouseType: 'UNKNOWN_TABLE' });
  });

  it('masks phone-number-like digit runs quoted back by the server', () => {
    const mapped = toClickHouseError(
      new ClickHouseError({
        code: '27',
        type: 'CANNOT_PARSE_INPUT_ASSERTION_FAILED',
        message: 'Cannot parse input: expected , before: "+33612345678","callee":"0612345678"',
      }),
    );
    expect(mapped.message).not.toContain('33612345678');
    expect(mapped.message).not.toContain('0612345678');
    expect(mapped.message).toContain('+336******78');
  });

  it('passes PipelineErrors through unchanged', () => {
    const original = new PipelineError('MIGRATION_FAILED', 'x');
    expect(toClickHouseError(original)).toBe(original);
  });
});
