import { TrackBatcher } from '../../src/modules/imports/track-batcher.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('TrackBatcher', () => {
  it('writes a full batch at once and a partial one only when its oldest item waited maxWaitMs', async () => {
    const written: { size: number; at: number }[] = [];
    const start = Date.now();
    const batcher = new TrackBatcher<number>(async (batch) => void written.push({ size: batch.length, at: Date.now() - start }), { first: 4, max: 4, maxWaitMs: 300, inFlight: 1 });
    batcher.add(1);
    await sleep(200);
    for (const n of [2, 3, 4]) batcher.add(n);
    await sleep(20);
    expect(written.map((w) => w.size)).toEqual([4]);
    // This one came at ~220 ms: the timer armed for the first item (due at 300) must not take it.
    batcher.add(5);
    await sleep(200);
    expect(written.map((w) => w.size)).toEqual([4]);
    await sleep(250);
    expect(written.map((w) => w.size)).toEqual([4, 1]);
    expect(written[1]!.at).toBeGreaterThanOrEqual(500);
    await batcher.drain();
  });

  it('doubles the batch size up to max, and drain writes what is left', async () => {
    const sizes: number[] = [];
    const batcher = new TrackBatcher<number>(async (batch) => void sizes.push(batch.length), { first: 2, max: 8, maxWaitMs: 10_000, inFlight: 2 });
    for (let i = 0; i < 17; i++) batcher.add(i);
    await batcher.drain();
    expect(sizes).toEqual([2, 4, 8, 3]);
  });
});
