import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Partitioners, type PartitionMetadata } from 'kafkajs';
import { MessagePartitioner, murmur2, partitionForKey } from '../../pipelines/kafka/message-partitioner.ts';

function partitionMetadata(count: number, leaderless: readonly number[] = []): PartitionMetadata[] {
  return Array.from({ length: count }, (_, partitionId) => ({
    partitionErrorCode: 0,
    partitionId,
    leader: leaderless.includes(partitionId) ? -1 : 1,
    replicas: [1],
    isr: [1],
  }));
}

const stringKeys = [
  '',
  'a',
  'ab',
  'abc',
  'abcd',
  'abcde',
  '+33612345678',
  'call-0001',
  'Zürich ☎ 東京',
  ...Array.from({ length: 300 }, (_, i) => `cdr-${i}-${'x'.repeat(i % 13)}`),
];
const bufferKeys = Array.from({ length: 300 }, (_, i) => randomBytes(i % 40));

describe('partition assignment', () => {
  it('matches the murmur2 reference values of the Java client', () => {
    // From org.apache.kafka.common.utils.UtilsTest#testMurmur2.
    expect(murmur2(Buffer.from('21'))).toBe(-973932308);
    expect(murmur2(Buffer.from('foobar'))).toBe(-790332482);
    expect(murmur2(Buffer.from('a-little-bit-long-string'))).toBe(-985981536);
    expect(murmur2(Buffer.from('a-little-bit-longer-string'))).toBe(-1486304829);
    expect(murmur2(Buffer.from('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8'))).toBe(-58897971);
    expect(murmur2(Buffer.from([0x61, 0x62, 0x63]))).toBe(479470107);
  });

  it('puts keyed messages where kafkajs DefaultPartitioner puts them', () => {
    for (const count of [1, 2, 3, 6, 12, 100]) {
      const kafkajs = Partitioners.DefaultPartitioner();
      const ours = new MessagePartitioner();
      const metadata = partitionMetadata(count);
      const partitions = { count, available: metadata.map((p) => p.partitionId) };
      for (const key of [...stringKeys, ...bufferKeys]) {
        const message = { key, value: 'v' };
        const expected = kafkajs({ topic: 't', partitionMetadata: metadata, message });
        expect(ours.partitionOf('t', message, partitions)).toBe(expected);
        expect(partitionForKey(key, count)).toBe(expected);
      }
    }
  });

  it('keeps an explicit partition', () => {
    const partitioner = new MessagePartitioner();
    expect(
      partitioner.partitionOf('t', { key: 'k', value: 'v', partition: 4 }, { count: 6, available: [] }),
    ).toBe(4);
  });

  it('spreads unkeyed messages round-robin over partitions that have a leader', () => {
    const partitioner = new MessagePartitioner();
    const partitions = { count: 4, available: [0, 2, 3] };
    const chosen = Array.from({ length: 9 }, () => partitioner.partitionOf('t', { value: 'v' }, partitions));
    expect(new Set(chosen)).toEqual(new Set([0, 2, 3]));
    for (let i = 3; i < chosen.length; i++) expect(chosen[i]).toBe(chosen[i - 3]);
    const noLeaders = Array.from({ length: 4 }, () =>
      partitioner.partitionOf('u', { value: 'v', key: null }, { count: 4, available: [] }),
    );
    expect(new Set(noLeaders)).toEqual(new Set([0, 1, 2, 3]));
  });
});
