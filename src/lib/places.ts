/**
 * A bounded number of places for work that takes a core and a heap of its own (worker threads): first come, first
 * served, each waiting a bounded time. A place is handed straight to the next in line when given back, so the count
 * of places in use only drops when nobody waits. Used by the spreadsheet readers and the document layout.
 */
export class Places {
  private used = 0;
  private readonly line: (() => void)[] = [];

  constructor(readonly size: number) {}

  /** How many places are taken now, and how many callers wait for one (for tests and diagnostics). */
  get inUse(): number {
    return this.used;
  }

  get waiting(): number {
    return this.line.length;
  }

  /**
   * A place, waiting at most `waitMs` when all are taken (0: none, answered at once); null when none freed in time.
   * Returns the function that gives it back (once; later calls do nothing).
   */
  async take(waitMs: number): Promise<(() => void) | null> {
    if (this.used < this.size) {
      this.used++;
    } else {
      if (waitMs <= 0) return null;
      const granted = await new Promise<boolean>((resolve) => {
        const waiter = () => { clearTimeout(timer); resolve(true); };
        const timer = setTimeout(() => {
          this.line.splice(this.line.indexOf(waiter), 1);
          resolve(false);
        }, waitMs);
        this.line.push(waiter);
      });
      if (!granted) return null;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.line.shift();
      if (next) next();
      else this.used--;
    };
  }
}
