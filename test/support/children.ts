import fs from 'node:fs';

/**
 * Process ids of this process's children running `name` (by /proc/<pid>/stat: command and
 * parent), so a test can hold that no ffmpeg outlives the request that started it.
 */
export function childProcesses(name: string): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // pid (comm) state ppid ...: comm may hold spaces, so split after its closing parenthesis.
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    if (comm === name && Number(fields[1]) === process.pid && fields[0] !== 'Z') found.push(Number(entry));
  }
  return found;
}

/** Waits until no child named `name` is left, up to `ms`; returns those still there. */
export async function childrenGone(name: string, ms = 5000): Promise<number[]> {
  const until = Date.now() + ms;
  let left = childProcesses(name);
  while (left.length && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 25));
    left = childProcesses(name);
  }
  return left;
}
