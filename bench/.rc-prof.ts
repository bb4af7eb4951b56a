import { prepareRatingCoreInput, POLL_EVERY } from './rating-core-input.ts';
const input = await prepareRatingCoreInput({ month: '2026-03', accounts: 1000, progress: () => undefined });
for (let r = 0; r < 2; r++) {
  const p = input.newProcessor(); p.addInput('x'); let n = 0; const t = performance.now();
  for (const item of input.inputs) { p.add(item, 'x'); if (++n % POLL_EVERY === 0) p.poll(); }
  p.flush(); console.log('all', performance.now() - t);
  const q = input.newProcessor(); q.addInput('x'); n = 0; const t2 = performance.now();
  for (const item of input.inputs) { if (item.kind !== 'call') continue; q.add(item, 'x'); if (++n % POLL_EVERY === 0) q.poll(); }
  q.flush(); console.log('calls only', performance.now() - t2);
}
await input.close();
process.exit(0);
