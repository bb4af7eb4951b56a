/** An item that knows its place in an IndexedHeap: -1 when it is not in one. */
export interface HeapSlot {
  heapIndex: number;
}

/**
 * A binary min-heap whose items record their own index, so an item whose ordering key changed can be
 * moved (`update`) or taken out (`delete`) in O(log n) without stale copies. An item is in at most one heap.
 * `less` must be a total order over the items in the heap for a deterministic pop order.
 */
export class IndexedHeap<T extends HeapSlot> {
  private readonly items: T[] = [];

  constructor(private readonly less: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  /** Inserts the item, or restores the order after its key changed if it is already in. */
  update(item: T): void {
    if (item.heapIndex < 0) {
      item.heapIndex = this.items.length;
      this.items.push(item);
      this.siftUp(item.heapIndex);
      return;
    }
    this.siftDown(this.siftUp(item.heapIndex));
  }

  pop(): T | undefined {
    const top = this.items[0];
    if (top !== undefined) this.delete(top);
    return top;
  }

  delete(item: T): void {
    const index = item.heapIndex;
    if (index < 0) return;
    item.heapIndex = -1;
    const last = this.items.pop() as T;
    if (index === this.items.length) return;
    this.items[index] = last;
    last.heapIndex = index;
    this.siftDown(this.siftUp(index));
  }

  private siftUp(start: number): number {
    const items = this.items;
    const item = items[start] as T;
    let index = start;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = items[parentIndex] as T;
      if (!this.less(item, parent)) break;
      items[index] = parent;
      parent.heapIndex = index;
      index = parentIndex;
    }
    items[index] = item;
    item.heapIndex = index;
    return index;
  }

  private siftDown(start: number): void {
    const items = this.items;
    const length = items.length;
    const item = items[start] as T;
    let index = start;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      let child = left;
      if (right < length && this.less(items[right] as T, items[left] as T)) child = right;
      const smallest = items[child] as T;
      if (!this.less(smallest, item)) break;
      items[index] = smallest;
      smallest.heapIndex = index;
      index = child;
    }
    items[index] = item;
    item.heapIndex = index;
  }
}
