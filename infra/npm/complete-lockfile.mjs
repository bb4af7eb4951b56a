// Adds to package-lock.json the entries of chdb's platform packages that npm left out.
//
// The npm registry reachable from our build machines only serves chdb's linux-x64 native package, so
// `npm install` writes a lockfile without the other platforms, and `npm ci` then refuses it ("Missing:
// @chdb/lib-darwin-arm64 from lock file"). The entries added here carry the platform fields only
// (os/cpu/libc, optional), like npm's own entries written from this registry (no resolved/integrity):
// `npm ci` skips them on other platforms and fetches them by name where they match.
// Run after any `npm install` that rewrites the lockfile: `npm run lock:complete`.
import { readFileSync, writeFileSync } from 'node:fs';

const lockPath = new URL('../../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const chdb = lock.packages['node_modules/chdb'];
if (chdb === undefined) throw new Error('chdb is not in package-lock.json');

const platformOf = (name) => {
  const match = /lib-(darwin|linux)-(arm64|x64)(-gnu)?$/.exec(name);
  if (match === null) throw new Error(`cannot tell the platform of ${name}`);
  return { os: [match[1]], cpu: [match[2]], ...(match[3] === undefined ? {} : { libc: ['glibc'] }) };
};

let added = 0;
for (const [name, version] of Object.entries(chdb.optionalDependencies ?? {})) {
  const key = `node_modules/${name}`;
  if (lock.packages[key] !== undefined) continue;
  lock.packages[key] = { version, license: 'Apache-2.0', optional: true, ...platformOf(name) };
  added++;
}
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: ${added} chdb platform entr${added === 1 ? 'y' : 'ies'} added`);
