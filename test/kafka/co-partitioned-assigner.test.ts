import { describe, expect, it } from 'vitest';
import { AssignerProtocol, type Cluster, type Logger, type PartitionMetadata } from 'kafkajs';
import { PipelineError } from '../../pipelines/core/errors.ts';
import {
  CO_PARTITIONED_ASSIGNER_NAME,
  assignPartitionNumbers,
  coPartitionCount,
  coPartitionedAssigner,
  type PartitionsByMember,
} from '../../pipelines/kafka/co-partitioned-assigner.ts';

const MEMBER_COUNTS = [1, 2, 3, 4, 5];
const PARTITION_COUNTS = [0, 1, 2, 3, 4, 5, 6, 7, 12, 16, 31];

function memberIds(count: number): string[] {
  // Deliberately not in sorted order: the result must not depend on the order members are listed in.
  return Array.from({ length: count }, (_, i) => `consumer-${(i * 7) % 10}-${i}`).reverse();
}

function expectBalancedCover(assigned: PartitionsByMember, members: readonly string[], count: number): void {
  expect([...assigned.keys()].sort()).toEqual([...members].sort());
  const all = [...assigned.values()].flat().sort((a, b) => a - b);
  expect(all, 'every partition exactly once').toEqual(Array.from({ length: count }, (_, i) => i));
  const floor = Math.floor(count / members.length);
  for (const [member, partitions] of assigned) {
    expect(partitions.length, member).toBeGreaterThanOrEqual(floor);
    expect(partitions.length, member).toBeLessThanOrEqual(Math.ceil(count / members.length));
    expect(partitions, `${member} sorted`).toEqual([...partitions].sort((a, b) => a - b));
  }
}

describe('assignPartitionNumbers', () => {
  for (const memberCount of MEMBER_COUNTS) {
    for (const partitionCount of PARTITION_COUNTS) {
      it(`${memberCount} members, ${partitionCount} partitions: round-robin by sorted member id`, () => {
        const members = memberIds(memberCount);
        const assigned = assignPartitionNumbers(members, partitionCount);

        expectBalancedCover(assigned, members, partitionCount);
        const sorted = [...members].sort();
        for (let partition = 0; partition < partitionCount; partition++) {
          const owner = sorted[partition % memberCount] ?? '';
          expect(assigned.get(owner), `partition ${partition}`).toContain(partition);
        }
        expect(assignPartitionNumbers([...members].reverse(), partitionCount)).toEqual(assigned);
      });
    }
  }

  it('keeps partitions where they were when a member joins (sticky)', () => {
    for (const memberCount of [1, 2, 3, 4]) {
      for (const partitionCount of [1, 4, 7, 12, 16]) {
        const members = memberIds(memberCount);
        const before = assignPartitionNumbers(members, partitionCount);
        const joined = [...members, 'consumer-new'];

        const after = assignPartitionNumbers(joined, partitionCount, before);

        expectBalancedCover(after, joined, partitionCount);
        let moved = 0;
        for (const member of members) {
          const kept = after.get(member) ?? [];
          for (const partition of kept) expect(before.get(member)).toContain(partition);
          moved += (before.get(member)?.length ?? 0) - kept.length;
        }
        // Only what the newcomer takes moves.
        expect(moved).toBe(after.get('consumer-new')?.length);
      }
    }
  });

  it('gives the departed member partitions to the others and moves nothing else', () => {
    for (const memberCount of [2, 3, 4, 5]) {
      for (const partitionCount of [1, 5, 12, 16]) {
        const members = memberIds(memberCount);
        const before = assignPartitionNumbers(members, partitionCount);
        const [, ...remaining] = members;

        const after = assignPartitionNumbers(remaining, partitionCount, before);

        expectBalancedCover(after, remaining, partitionCount);
        for (const member of remaining) {
          for (const partition of before.get(member) ?? []) expect(after.get(member)).toContain(partition);
        }
      }
    }
  });

  it('gives one remaining member every partition', () => {
    const before = assignPartitionNumbers(['a', 'b', 'c'], 6);
    expect(assignPartitionNumbers(['b'], 6, before)).toEqual(new Map([['b', [0, 1, 2, 3, 4, 5]]]));
  });

  it('ignores unusable history: unknown members, out-of-range and doubly held partitions', () => {
    const previous = new Map([
      ['a', [5, 5, 9, -1, 1.5]],
      ['b', [5, 0]],
      ['gone', [1, 2]],
    ]);

    const assigned = assignPartitionNumbers(['a', 'b'], 6, previous);

    expectBalancedCover(assigned, ['a', 'b'], 6);
    expect(assigned.get('a')).toContain(5);
    expect(assigned.get('b')).toContain(0);
    expect(assigned.get('b')).not.toContain(5);
  });

  it('rebalances a member that held more than its share', () => {
    const assigned = assignPartitionNumbers(['a', 'b'], 4, new Map([['a', [0, 1, 2, 3]]]));
    expect(assigned).toEqual(
      new Map([
        ['a', [0, 1]],
        ['b', [2, 3]],
      ]),
    );
  });

  it('gives members beyond the partition count nothing, and no members nothing', () => {
    const assigned = assignPartitionNumbers(['a', 'b', 'c'], 2);
    expect(assigned).toEqual(
      new Map([
        ['a', [0]],
        ['b', [1]],
        ['c', []],
      ]),
    );
    expect(assignPartitionNumbers([], 4).size).toBe(0);
  });

  it('rejects a partition count that is not a non-negative integer', () => {
    expect(() => assignPartitionNumbers(['a'], -1)).toThrow(RangeError);
    expect(() => assignPartitionNumbers(['a'], 2.5)).toThrow(RangeError);
  });
});

describe('coPartitionCount', () => {
  it('returns the common count', () => {
    expect(
      coPartitionCount(
        new Map([
          ['calls', 12],
          ['registrations', 12],
        ]),
      ),
    ).toBe(12);
  });

  it('refuses topics with different counts, naming each count', () => {
    const counts = new Map([
      ['calls', 12],
      ['registrations', 6],
    ]);
    let error: unknown;
    try {
      coPartitionCount(counts);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(PipelineError);
    const pipelineError = error as PipelineError;
    expect(pipelineError.code).toBe('KAFKA_NOT_CO_PARTITIONED');
    expect(pipelineError.retriable).toBe(false);
    expect(pipelineError.message).toMatch(/calls: 12, registrations: 6/);
    expect(pipelineError.details['partitionCounts']).toEqual({ calls: 12, registrations: 6 });
  });

  it('reports a topic without partition metadata as retriable', () => {
    expect(() => coPartitionCount(new Map([['calls', 0]]))).toThrow(
      expect.objectContaining({ code: 'KAFKA_UNAVAILABLE', retriable: true }) as Error,
    );
  });
});

/** The kafkajs adapter, with a cluster stub that only answers partition metadata. */
describe('coPartitionedAssigner (kafkajs adapter)', () => {
  function partitions(count: number): PartitionMetadata[] {
    return Array.from({ length: count }, (_, partitionId) => ({
      partitionErrorCode: 0,
      partitionId,
      leader: 1,
      replicas: [1],
      isr: [1],
    }));
  }

  function assignerFor(counts: Record<string, number>): {
    assigner: ReturnType<typeof coPartitionedAssigner>;
    errors: string[];
  } {
    const errors: string[] = [];
    const cluster = {
      findTopicPartitionMetadata: (topic: string) => partitions(counts[topic] ?? 0),
    } as unknown as Cluster;
    const logger = {
      info: () => undefined,
      warn: () => undefined,
      debug: () => undefined,
      error: (message: string) => errors.push(message),
    } as unknown as Logger;
    return { assigner: coPartitionedAssigner({ cluster, groupId: 'g', logger }), errors };
  }

  function member(assigner: ReturnType<typeof coPartitionedAssigner>, memberId: string, topics: string[]) {
    return { memberId, memberMetadata: assigner.protocol({ topics }).metadata };
  }

  it('gives each member the same partition numbers of every topic', async () => {
    const { assigner } = assignerFor({ calls: 5, registrations: 5 });
    const topics = ['calls', 'registrations'];

    const result = await assigner.assign({
      members: [member(assigner, 'm2', topics), member(assigner, 'm1', topics)],
      topics,
    });

    const decoded = Object.fromEntries(
      result.map(({ memberId, memberAssignment }) => [
        memberId,
        AssignerProtocol.MemberAssignment.decode(memberAssignment)?.assignment,
      ]),
    );
    expect(decoded).toEqual({
      m1: { calls: [0, 2, 4], registrations: [0, 2, 4] },
      m2: { calls: [1, 3], registrations: [1, 3] },
    });
    expect(assigner.name).toBe(CO_PARTITIONED_ASSIGNER_NAME);
  });

  it('stays sticky across assignments made by the same leader', async () => {
    const { assigner } = assignerFor({ calls: 4, registrations: 4 });
    const topics = ['calls', 'registrations'];
    const assignmentOf = async (ids: string[]): Promise<Record<string, number[] | undefined>> => {
      const result = await assigner.assign({
        members: ids.map((id) => member(assigner, id, topics)),
        topics,
      });
      return Object.fromEntries(
        result.map(({ memberId, memberAssignment }) => [
          memberId,
          AssignerProtocol.MemberAssignment.decode(memberAssignment)?.assignment['calls'],
        ]),
      );
    };

    expect(await assignmentOf(['b'])).toEqual({ b: [0, 1, 2, 3] });
    // Round-robin alone would give 'a' (first by id) partitions 0 and 2; sticky keeps b's first half.
    expect(await assignmentOf(['a', 'b'])).toEqual({ a: [2, 3], b: [0, 1] });
  });

  it('refuses topics with different partition counts, logging why', async () => {
    const { assigner, errors } = assignerFor({ calls: 12, registrations: 6 });
    const topics = ['calls', 'registrations'];

    const outcome = assigner.assign({ members: [member(assigner, 'm1', topics)], topics });

    await expect(outcome).rejects.toMatchObject({ code: 'KAFKA_NOT_CO_PARTITIONED', retriable: false });
    expect(errors).toEqual([expect.stringMatching(/calls: 12, registrations: 6/)]);
  });

  it('refuses members that subscribe to different topics', async () => {
    const { assigner } = assignerFor({ calls: 4, registrations: 4 });

    const outcome = assigner.assign({
      members: [member(assigner, 'm1', ['calls', 'registrations']), member(assigner, 'm2', ['calls'])],
      topics: ['registrations', 'calls'],
    });

    await expect(outcome).rejects.toThrow(/member m2 subscribes to \[calls\]/);
  });
});
