// A budget of some amount (bytes of images read ahead, files asked for at once), handed out first come, first served.

/**
 * Amounts handed out in the order asked for, up to a limit; a request larger than the limit waits for an empty budget
 * (so one always goes through). An amount given back goes to the waiters first: a late request never overtakes one
 * that waits.
 */
export class Budget {
  private used = 0;
  private readonly queue: { amount: number; go: () => void }[] = [];
  constructor(private readonly limit: number) {}

  take(amount: number): Promise<void> {
    if (!this.queue.length && this.fits(amount)) {
      this.used += amount;
      return Promise.resolve();
    }
    return new Promise((go) => this.queue.push({ amount, go }));
  }

  give(amount: number) {
    this.used -= amount;
    while (this.queue.length && this.fits(this.queue[0].amount)) {
      const next = this.queue.shift()!;
      this.used += next.amount;
      next.go();
    }
  }

  /** Run `fn` holding `amount` of the budget. */
  async with<T>(amount: number, fn: () => Promise<T>): Promise<T> {
    await this.take(amount);
    try {
      return await fn();
    } finally {
      this.give(amount);
    }
  }

  private fits(amount: number) {
    return this.used === 0 || this.used + amount <= this.limit;
  }
}
