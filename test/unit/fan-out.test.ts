import { describe, expect, it } from 'vitest';
import { fanOut } from '#shared/fan-out.js';
import { throwForTickRetry } from '#shared/tick-budget.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Function: fanOut', () => {
  it('works on at most `concurrency` items at once and on every item once', async () => {
    // Arrange
    const items = Array.from({ length: 50 }, (_, index) => index);
    const seen: number[] = [];
    let running = 0;
    let most = 0;

    // Act
    const result = await fanOut(items, { concurrency: 16 }, async (item) => {
      running += 1;
      most = Math.max(most, running);
      await pause(2);
      seen.push(item);
      running -= 1;
    });

    // Assert
    expect(most).toBe(16);
    expect([...seen].sort((a, b) => a - b)).toEqual(items);
    expect(result).toEqual({ failed: [], left: [] });
  });

  it('keeps each failure and goes on with the other items', async () => {
    const result = await fanOut([1, 2, 3, 4], { concurrency: 2 }, async (item) => {
      if (item % 2 === 0) throw new Error(`item ${item}`);
    });
    expect(result.failed.map(({ item, error }) => [item, (error as Error).message])).toEqual([
      [2, 'item 2'],
      [4, 'item 4'],
    ]);
    expect(result.left).toEqual([]);
  });

  it('starts nothing new once the time left falls below the reserve, and says what was left', async () => {
    // Arrange: 10 s of budget, each item takes 1 s of it, 3 s kept in reserve.
    let timeLeft = 10_000;
    const done: number[] = [];

    // Act
    const result = await fanOut([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], { concurrency: 1, timeLeftMs: () => timeLeft, reserveMs: 3_000 }, async (item) => {
      timeLeft -= 1_000;
      done.push(item);
    });

    // Assert
    expect(done).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(result.left).toEqual([9, 10]);
  });
});

describe('Function: throwForTickRetry', () => {
  it('fails the tick, naming the failed milestones and counting what was left, so its retry goes on', () => {
    const item = (sk: string) => ({ pk: 'PROGRAM#a', sk });
    const name = (milestone: { sk: string }) => milestone.sk;
    expect(() => throwForTickRetry('due stages to start', 5, { failed: [], left: [] }, name)).not.toThrow();
    expect(() =>
      throwForTickRetry('due stages to start', 5, { failed: [{ item: item('MILESTONE#final_review'), error: new Error('throttled') }], left: [item('x'), item('y')] }, name),
    ).toThrow(
      'Of 5 due stages to start, 1 failed (MILESTONE#final_review) and 2 were left for lack of time; the tick is retried.',
    );
  });
});
