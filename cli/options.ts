import { InvalidArgumentError } from 'commander';

/**
 * The one parser of integer options: digits only (no "1e3", "0x10" or "2.0"), within bounds.
 * Commander names the option in its message and the CLI exits with the usage code.
 */
export function integerOption(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`must be an integer from ${min} to ${max}`);
    }
    return n;
  };
}
