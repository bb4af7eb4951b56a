import { describe, expect, it } from 'vitest';
import { IndexedHeap } from '../../pipelines/windowing/indexed-heap.ts';
import { MinHeap } from '../../pipelines/windowing/min-heap.ts';
import { seededRandom } from './event-stream.ts';

describe('MinHeap', () => {
  it('pops in order whatever the pushes and pops interleaving', () => {
    const random = seededRandom(3);
    const heap = new MinHeap<number>((a, b) => a < b);
    const mirror: number[] = [];
    for (let i = 0; i < 3_000; i++) {
      if (random() < 0.6 || heap.size === 0) {
        const value = Math.floor(random() * 500);
        heap.push(value);
        const at = mirror.findIndex((m) => m > value);
        mirror.splice(at < 0 ? mirror.length : at, 0, value);
      } else {
        const peeked = heap.peek();
        const popped = heap.pop();
        const expected = mirror.shift();
        if (peeked !== expected || popped !== expected)
          expect([i, peeked, popped]).toEqual([i, expected, expected]);
      }
      if (heap.size !== mirror.length) expect([i, heap.size]).toEqual([i, mirror.length]);
    }
    const rest: number[] = [];
    for (let v = heap.pop(); v !== undefined; v = heap.pop()) rest.push(v);
    expect(rest).toEqual(mirror);
    expect(rest.length).toBeGreaterThan(100);
    expect(heap.pop()).toBeUndefined();
  });
});

describe('IndexedHeap', () => {
  interface Item {
    readonly id: number;
    priority: number;
    heapIndex: number;
  }

  it('pops in order while items are inserted, re-prioritised and deleted at random', () => {
    const random = seededRandom(5);
    const heap = new IndexedHeap<Item>((a, b) =>
      a.priority !== b.priority ? a.priority < b.priority : a.id < b.id,
    );
    const inHeap = new Set<Item>();
    const order = (a: Item, b: Item): number => a.priority - b.priority || a.id - b.id;
    let mismatches = 0;
    for (let i = 0; i < 4_000; i++) {
      const action = random();
      const members = [...inHeap];
      const someone = members[Math.floor(random() * members.length)];
      if (action < 0.4 || someone === undefined) {
        const item = { id: i, priority: Math.floor(random() * 100), heapIndex: -1 };
        heap.update(item);
        inHeap.add(item);
      } else if (action < 0.6) {
        someone.priority = Math.floor(random() * 100);
        heap.update(someone);
      } else if (action < 0.75) {
        heap.delete(someone);
        inHeap.delete(someone);
        if (someone.heapIndex !== -1) mismatches++;
      } else {
        const expected = members.sort(order)[0];
        const popped = heap.pop();
        if (popped !== expected) mismatches++;
        if (popped !== undefined) inHeap.delete(popped);
      }
      if (heap.size !== inHeap.size) mismatches++;
    }
    const rest: Item[] = [];
    for (let item = heap.pop(); item !== undefined; item = heap.pop()) rest.push(item);
    expect(mismatches).toBe(0);
    expect(rest).toEqual([...inHeap].sort(order));
    expect(rest.length).toBeGreaterThan(20);
    expect(heap.pop()).toBeUndefined();
  });
});
