import { describe, expect, it } from 'vitest';
import { Budget } from './budget.ts';

describe('Budget', () => {
  it('hands amounts out in order up to the limit; a late request does not overtake a waiting one', async () => {
    const budget = new Budget(2);
    const got: string[] = [];
    const ask = (name: string, amount: number) => budget.take(amount).then(() => void got.push(name));
    const a = ask('a', 1);
    const b = ask('b', 1);
    const c = ask('c', 1);
    await Promise.all([a, b]);
    expect(got).toEqual(['a', 'b']);
    budget.give(1);
    // Asked after c, while c waits for the amount just given back.
    const d = ask('d', 1);
    await c;
    await Promise.resolve();
    expect(got).toEqual(['a', 'b', 'c']);
    budget.give(1);
    await d;
    expect(got).toEqual(['a', 'b', 'c', 'd']);
  });

  it('lets a request larger than the limit through once the budget is empty', async () => {
    const budget = new Budget(10);
    await budget.take(4);
    let big = false;
    const waiting = budget.take(25).then(() => (big = true));
    await Promise.resolve();
    expect(big).toBe(false);
    budget.give(4);
    await waiting;
    expect(big).toBe(true);
  });

  it('with() holds the amount while the function runs and gives it back when it throws', async () => {
    const budget = new Budget(1);
    await expect(budget.with(1, () => Promise.reject(new Error('unreadable')))).rejects.toThrow('unreadable');
    // Given back: the next one goes through at once.
    expect(await budget.with(1, async () => 'next')).toBe('next');
  });
});
