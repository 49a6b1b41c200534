import { ExpiringCache } from '../../src/modules/media/index.js';

describe('ExpiringCache (the streaming look-ups)', () => {
  let now = 0;
  const cache = () => new ExpiringCache<string>(5_000, 3, () => now);

  beforeEach(() => {
    now = 1_000_000;
  });

  it('shares one load between concurrent misses for a key', async () => {
    const c = cache();
    let loads = 0;
    let release!: (v: string) => void;
    const load = () => {
      loads += 1;
      return new Promise<string>((resolve) => (release = resolve));
    };
    const all = Promise.all(Array.from({ length: 50 }, () => c.get('k', load)));
    release('v');
    expect(await all).toEqual(Array(50).fill('v'));
    expect(loads).toBe(1);
  });

  it('loads again once the entry is well past its lifetime, or after delete', async () => {
    const c = cache();
    let loads = 0;
    const load = async () => `v${++loads}`;
    expect(await c.get('k', load)).toBe('v1');
    now += 4_999;
    expect(await c.get('k', load)).toBe('v1');
    expect(loads).toBe(1);
    now += 10_000;
    expect(await c.get('k', load)).toBe('v2');
    c.delete('k');
    expect(await c.get('k', load)).toBe('v3');
  });

  it('answers a just-expired entry while one refresh runs, then the refreshed value', async () => {
    const c = cache();
    let loads = 0;
    let release!: (v: string) => void;
    const load = () => {
      loads += 1;
      return loads === 1 ? Promise.resolve('old') : new Promise<string>((resolve) => (release = resolve));
    };
    expect(await c.get('k', load)).toBe('old');
    now += 5_000;
    expect(await Promise.all([c.get('k', load), c.get('k', load), c.get('k', load)])).toEqual(['old', 'old', 'old']);
    expect(loads).toBe(2);
    release('new');
    await new Promise((r) => setImmediate(r));
    expect(await c.get('k', load)).toBe('new');
    expect(loads).toBe(2);
  });

  it('drops the entry when its refresh fails, so the next request sees the error', async () => {
    const c = cache();
    let fail = false;
    const load = async () => {
      if (fail) throw new Error('banned');
      return 'actor';
    };
    expect(await c.get('k', load)).toBe('actor');
    now += 5_000;
    fail = true;
    expect(await c.get('k', load)).toBe('actor');
    await new Promise((r) => setImmediate(r));
    await expect(c.get('k', load)).rejects.toThrow('banned');
  });

  it('does not keep a failed load', async () => {
    const c = cache();
    await expect(c.get('k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await c.get('k', async () => 'ok')).toBe('ok');
  });

  it('holds at most its size, dropping the oldest entry', async () => {
    const c = cache();
    let loads = 0;
    const load = async () => `v${++loads}`;
    for (const k of ['a', 'b', 'c', 'd']) await c.get(k, load);
    expect(await c.get('d', load)).toBe('v4');
    expect(await c.get('a', load)).toBe('v5');
  });
});
