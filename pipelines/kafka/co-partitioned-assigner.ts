import {
  AssignerProtocol,
  type Assigner,
  type Assignment,
  type GroupMember,
  type GroupMemberAssignment,
  type PartitionAssigner,
} from 'kafkajs';
import { PipelineError } from '../core/errors.ts';

/**
 * Consumer-group assignment for co-partitioned topics: topics keyed the same way (by SIP account) with
 * the same partition count, so partition i of every topic holds the same accounts. The assigner hands
 * out partition NUMBERS, and a member that gets number i gets partition i of every subscribed topic:
 * one instance then sees an account's calls and registrations together.
 *
 * Every topic the group subscribes to is treated as co-partitioned. The assigner refuses (throws
 * KAFKA_NOT_CO_PARTITIONED, not retriable, after logging why) when their partition counts differ or
 * when members subscribe to different topics: any assignment would then split accounts across
 * instances. kafkajs reports the error as a consumer CRASH with `restart: false`, so the group stops
 * instead of rating with half the evidence.
 *
 * Use: `kafka.consumer({ groupId, partitionAssigners: [coPartitionedAssigner] })` on every member.
 */

export const CO_PARTITIONED_ASSIGNER_NAME = 'CoPartitionedAssigner';
const PROTOCOL_VERSION = 0;

/** Partition numbers per member id. */
export type PartitionsByMember = ReadonlyMap<string, readonly number[]>;

/**
 * Spreads partition numbers 0..partitionCount-1 over the members: each gets floor(P/n) or ceil(P/n).
 * Without `previous`, partition i goes to the i-th member (by sorted member id) modulo n, i.e.
 * round-robin. With `previous` (the last assignment this leader computed), members keep what they
 * held as far as balance allows, and only the rest moves (sticky). Pure and deterministic: the
 * result depends on the member set, not its order. Entries of `previous` for unknown members,
 * out-of-range or duplicated partitions are ignored.
 */
export function assignPartitionNumbers(
  memberIds: readonly string[],
  partitionCount: number,
  previous: PartitionsByMember = new Map(),
): Map<string, number[]> {
  if (!Number.isSafeInteger(partitionCount) || partitionCount < 0) {
    throw new RangeError(`partition count must be a non-negative integer, got ${partitionCount}`);
  }
  const members = [...new Set(memberIds)].sort();
  const assigned = new Map<string, number[]>(members.map((member) => [member, []]));
  if (members.length === 0) return assigned;

  const held = partitionsStillHeld(members, partitionCount, previous);
  const capacity = capacities(members, partitionCount, held);
  const taken = new Set<number>();
  for (const member of members) {
    const kept = (held.get(member) ?? []).slice(0, capacity.get(member) ?? 0);
    assigned.set(member, kept);
    for (const partition of kept) taken.add(partition);
  }
  let next = 0;
  for (let partition = 0; partition < partitionCount; partition++) {
    if (taken.has(partition)) continue;
    // Total capacity equals the partition count, so some member always has room.
    for (;;) {
      const member = members[next % members.length] ?? '';
      next++;
      const mine = assigned.get(member) ?? [];
      if (mine.length < (capacity.get(member) ?? 0)) {
        mine.push(partition);
        break;
      }
    }
  }
  for (const partitions of assigned.values()) partitions.sort((a, b) => a - b);
  return assigned;
}

/** What each member held before and may keep: valid, each partition to its first holder only. */
function partitionsStillHeld(
  members: readonly string[],
  partitionCount: number,
  previous: PartitionsByMember,
): Map<string, number[]> {
  const claimed = new Set<number>();
  const held = new Map<string, number[]>();
  for (const member of members) {
    const mine = [...new Set(previous.get(member) ?? [])]
      .filter((p) => Number.isInteger(p) && p >= 0 && p < partitionCount && !claimed.has(p))
      .sort((a, b) => a - b);
    for (const partition of mine) claimed.add(partition);
    held.set(member, mine);
  }
  return held;
}

/** floor(P/n) each; the P mod n extra partitions go to the members that held the most (fewer moves). */
function capacities(
  members: readonly string[],
  partitionCount: number,
  held: ReadonlyMap<string, readonly number[]>,
): Map<string, number> {
  const base = Math.floor(partitionCount / members.length);
  const extra = partitionCount % members.length;
  const heldCount = (member: string): number => held.get(member)?.length ?? 0;
  const byHeld = [...members].sort((a, b) => heldCount(b) - heldCount(a) || (a < b ? -1 : a > b ? 1 : 0));
  return new Map(byHeld.map((member, rank) => [member, base + (rank < extra ? 1 : 0)]));
}

/**
 * The common partition count of co-partitioned topics. Throws KAFKA_NOT_CO_PARTITIONED (not retriable)
 * when they differ, naming each topic's count; KAFKA_UNAVAILABLE (retriable) when a topic has no
 * partition metadata yet.
 */
export function coPartitionCount(partitionCounts: ReadonlyMap<string, number>): number {
  for (const [topic, count] of partitionCounts) {
    if (count === 0) {
      throw new PipelineError('KAFKA_UNAVAILABLE', `no partition metadata for topic ${topic}`, {
        retriable: true,
        details: { topic },
      });
    }
  }
  const counts = new Set(partitionCounts.values());
  if (counts.size > 1) {
    const listed = [...partitionCounts].map(([topic, count]) => `${topic}: ${count}`).join(', ');
    throw new PipelineError(
      'KAFKA_NOT_CO_PARTITIONED',
      `co-partitioned topics must have the same partition count, got ${listed}; ` +
        'give them the same count (an account would otherwise be split across instances)',
      { details: { partitionCounts: Object.fromEntries(partitionCounts) } },
    );
  }
  return counts.values().next().value ?? 0;
}

/** Throws KAFKA_NOT_CO_PARTITIONED when a member does not subscribe to exactly `topics`. */
function checkSubscriptions(members: readonly GroupMember[], topics: readonly string[]): void {
  const expected = [...new Set(topics)].sort().join(',');
  for (const { memberId, memberMetadata } of members) {
    const subscribed = [...new Set(AssignerProtocol.MemberMetadata.decode(memberMetadata)?.topics ?? [])]
      .sort()
      .join(',');
    if (subscribed !== expected) {
      throw new PipelineError(
        'KAFKA_NOT_CO_PARTITIONED',
        `every member of a co-partitioned group must subscribe to the same topics: ` +
          `member ${memberId} subscribes to [${subscribed}], the leader to [${expected}]`,
        { details: { memberId, subscribed, expected } },
      );
    }
  }
}

/** One member's share: partition i of every topic for each partition number i it was given. */
function memberAssignment(topics: readonly string[], partitions: readonly number[]): Buffer {
  const assignment: Assignment = {};
  for (const topic of topics) assignment[topic] = [...partitions];
  return AssignerProtocol.MemberAssignment.encode({
    version: PROTOCOL_VERSION,
    assignment,
    userData: Buffer.alloc(0),
  });
}

/**
 * The kafkajs PartitionAssigner. Only the group leader's instance assigns; it remembers its last
 * assignment and keeps it sticky (a new leader starts from round-robin, which is still correct).
 */
export const coPartitionedAssigner: PartitionAssigner = ({ cluster, groupId, logger }): Assigner => {
  let previous: PartitionsByMember = new Map();

  function partitionsByMember(
    members: readonly GroupMember[],
    topics: readonly string[],
  ): Map<string, number[]> {
    checkSubscriptions(members, topics);
    const counts = new Map(topics.map((topic) => [topic, cluster.findTopicPartitionMetadata(topic).length]));
    return assignPartitionNumbers(
      members.map(({ memberId }) => memberId),
      coPartitionCount(counts),
      previous,
    );
  }

  return {
    name: CO_PARTITIONED_ASSIGNER_NAME,
    version: PROTOCOL_VERSION,

    assign({ members, topics }): Promise<GroupMemberAssignment[]> {
      let assigned: Map<string, number[]>;
      try {
        assigned = partitionsByMember(members, topics);
      } catch (error) {
        if (error instanceof PipelineError) {
          logger.error(`refusing to assign partitions: ${error.message}`, { groupId, ...error.details });
        }
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
      previous = assigned;
      logger.info('co-partitioned assignment', {
        groupId,
        topics,
        partitionsByMember: Object.fromEntries(assigned),
      });
      return Promise.resolve(
        [...assigned].map(([memberId, partitions]) => ({
          memberId,
          memberAssignment: memberAssignment(topics, partitions),
        })),
      );
    },

    protocol({ topics }) {
      return {
        name: CO_PARTITIONED_ASSIGNER_NAME,
        metadata: AssignerProtocol.MemberMetadata.encode({
          version: PROTOCOL_VERSION,
          topics,
          userData: Buffer.alloc(0),
        }),
      };
    },
  };
};
