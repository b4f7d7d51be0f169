// Command queuing by device resource (seed 2.5.2). A waiting command starts when none of its
// resources is busy or claimed by a command nearer the front of the queue, so when a resource frees
// the front-most command blocked on it runs next, and nobody overtakes an earlier waiter on the
// same resource.
export interface Queued {
  readonly resources: readonly string[];
}

export class ResourceQueue<T extends Queued> {
  private readonly busy = new Set<string>();
  private readonly waiting: T[] = [];

  get length(): number {
    return this.waiting.length;
  }

  /** Adds a command; returns the commands (possibly including it) that may start now, in order. */
  enqueue(item: T): T[] {
    this.waiting.push(item);
    return this.drain();
  }

  /** Frees a finished command's resources; returns the commands that may start now, in order. */
  finish(item: T): T[] {
    for (const r of item.resources) this.busy.delete(r);
    return this.drain();
  }

  /** Takes a command out of the queue before it started; false if it was not waiting. */
  remove(item: T): boolean {
    const at = this.waiting.indexOf(item);
    if (at < 0) return false;
    this.waiting.splice(at, 1);
    return true;
  }

  isWaiting(item: T): boolean {
    return this.waiting.includes(item);
  }

  private drain(): T[] {
    const started: T[] = [];
    const claimed = new Set(this.busy);
    for (let i = 0; i < this.waiting.length; i++) {
      const item = this.waiting[i];
      if (item.resources.some((r) => claimed.has(r))) {
        for (const r of item.resources) claimed.add(r);
        continue;
      }
      for (const r of item.resources) {
        this.busy.add(r);
        claimed.add(r);
      }
      this.waiting.splice(i--, 1);
      started.push(item);
    }
    return started;
  }
}
