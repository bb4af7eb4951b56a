import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { openCdrFile } from '../../pipelines/softswitch/cdr-file.ts';

const ROWS = 200_000;
const MiB = 1_048_576;

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

/** Writes an Asterisk Master.csv of `rows` calls (every 1000th one broken), as cdr_csv would. */
async function writeMasterCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  const start = Date.UTC(2025, 9, 1, 6, 0, 0);
  const stamp = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
  for (let n = 0; n < rows; n++) {
    const account = 1000 + (n % 500);
    const begin = start + n * 7_000;
    const talk = n % 5 === 0 ? 0 : 30 + (n % 600);
    const answer = talk === 0 ? '' : `"${stamp(begin + 4000)}"`;
    const end = begin + 4000 + talk * 1000;
    const disposition = n % 1000 === 999 ? 'SOMETIMES' : talk === 0 ? 'NO ANSWER' : 'ANSWERED';
    const callee = `06399${String(n % 100_000).padStart(5, '0')}`;
    const line =
      `"${account}","${account}","${callee}","from-internal","""User ${account}"" <${account}>",` +
      `"PJSIP/${account}-${n.toString(16).padStart(8, '0')}","PJSIP/trunk-0000ffff","Dial","PJSIP/${callee}@trunk,60,tT",` +
      `"${stamp(begin)}",${answer},"${stamp(end)}",${(end - begin) / 1000},${talk},"${disposition}","DOCUMENTATION",` +
      `"${begin / 1000}.${n}",""\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
}

describe('a large Asterisk export', () => {
  const dirPromise = mkdtemp(join(tmpdir(), 'softswitch-large-'));
  afterAll(async () => {
    await rm(await dirPromise, { recursive: true, force: true });
  });

  it(`parses ${ROWS} rows in constant memory`, async () => {
    const path = join(await dirPromise, 'Master.csv');
    await writeMasterCsv(path, ROWS);
    const file = openCdrFile(path, { format: 'asterisk', timeZone: 'Europe/Paris' });

    let accepted = 0;
    let rejected = 0;
    let lastLine = 0;
    let linesOutOfOrder = 0;
    const heapSamples: number[] = [];
    const began = performance.now();
    for await (const batch of file.batches()) {
      for (const row of batch) {
        if (row.ok) accepted++;
        else rejected++;
        if (row.line !== lastLine + 1) linesOutOfOrder++;
        lastLine = row.line;
      }
      if (heapSamples.length < Math.floor((accepted + rejected) / 20_000)) heapSamples.push(heapAfterGc());
    }
    const seconds = (performance.now() - began) / 1000;

    expect(accepted + rejected).toBe(ROWS);
    expect(linesOutOfOrder).toBe(0);
    expect(rejected).toBe(ROWS / 1000);
    expect(file.progress).toMatchObject({
      bytesRead: file.totalBytes,
      rowsAccepted: accepted,
      rowsRejected: rejected,
    });
    expect(file.totalBytes).toBeGreaterThan(40 * MiB);
    // Retaining the rows would grow the heap by far more than the file size; streaming keeps it flat.
    const [first, ...later] = heapSamples;
    expect(later.length).toBeGreaterThanOrEqual(8);
    expect(Math.max(...later) - (first ?? 0)).toBeLessThan(8 * MiB);

    process.stdout.write(
      `softswitch large file: ${ROWS} rows, ${(file.totalBytes / MiB).toFixed(1)} MiB in ${seconds.toFixed(2)} s = ` +
        `${Math.round(ROWS / seconds)} rows/s (heap ${(Math.min(...heapSamples) / MiB).toFixed(1)}-${(Math.max(...heapSamples) / MiB).toFixed(1)} MiB)\n`,
    );
  });
});
