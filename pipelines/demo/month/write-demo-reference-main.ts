/**
 * Regenerates infra/reference/demo (the demo reference set for the default options: 2026-03, 300 accounts):
 *   npx tsx pipelines/demo/month/write-demo-reference-main.ts
 * test/demo/demo-reference.test.ts fails when the checked-in files differ from what this writes.
 */
import { DEMO_REFERENCE_DIRECTORY, writeDemoReferenceData } from './write-demo-reference.ts';

await writeDemoReferenceData(DEMO_REFERENCE_DIRECTORY);
