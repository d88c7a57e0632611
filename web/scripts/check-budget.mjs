// The first load's JavaScript and CSS (what index.html names: its entry script, module preloads and
// style sheets), gzipped, must stay within the budget; pages loaded later do not count. Fails the build.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const BUDGET_BYTES = 150 * 1024;
const dist = new URL('../dist/', import.meta.url).pathname;
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const assets = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((match) => match[1]);
if (assets.length === 0) {
  console.error('check-budget: index.html names no script or style sheet; the build looks broken');
  process.exit(1);
}
let total = 0;
for (const asset of new Set(assets)) {
  const gzipped = gzipSync(readFileSync(join(dist, asset)), { level: 9 }).length;
  total += gzipped;
  console.log(`check-budget: ${asset} ${(gzipped / 1024).toFixed(1)} KB gzipped`);
}
console.log(`check-budget: first load ${(total / 1024).toFixed(1)} KB of JS and CSS gzipped (budget ${BUDGET_BYTES / 1024} KB)`);
if (total > BUDGET_BYTES) {
  console.error('check-budget: over budget');
  process.exit(1);
}
