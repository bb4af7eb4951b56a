/** A case-insensitive test for User-Agents containing one of the configured scanner patterns. */
export function scannerMatcher(patterns: readonly string[]): (userAgent: string | null) => boolean {
  if (patterns.length === 0) return () => false;
  const escaped = patterns.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const regex = new RegExp(escaped.join('|'), 'i');
  return (userAgent) => userAgent !== null && userAgent !== '' && regex.test(userAgent);
}
