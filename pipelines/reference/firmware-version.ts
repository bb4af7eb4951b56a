/** Dotted numeric firmware versions (`66.86.0.15`, `10.1.54.13`). */
export const FIRMWARE_VERSION = /^\d+(\.\d+)*$/;

/** Negative, zero or positive as `a` is lower than, equal to or higher than `b`, segment by segment. */
export function compareFirmware(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i += 1) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
