// `npm run screenshots`: copies the images the `sample` integration suite took in the real workbench
// (artifacts/integration/sample/) into media/screenshots/, where the README and the walkthrough
// use them by relative path. They ship inside the package, so they resolve on the marketplace
// and in VS Code's extension page without any repository URL.
const fs = require('node:fs');
const path = require('node:path');

const repo = path.join(__dirname, '..');
const from = path.join(process.env.PULSE_ARTIFACTS_DIR ?? path.join(repo, 'artifacts', 'integration'), 'sample');
const to = path.join(repo, 'media', 'screenshots');
const NAMES = ['record', 'status-bar-tooltip', 'statusBar', 'dashboard', 'dashboard-light', 'sessionsView', 'label', 'pause', 'export', 'privacy'];

fs.mkdirSync(to, { recursive: true });
const missing = NAMES.filter((n) => !fs.existsSync(path.join(from, `${n}.png`)));
if (missing.length > 0) {
  console.error(`[screenshots] not taken: ${missing.join(', ')} (in ${from}); did the sample suite pass?`);
  process.exit(1);
}
for (const n of NAMES) {
  fs.copyFileSync(path.join(from, `${n}.png`), path.join(to, `${n}.png`));
  console.log(`[screenshots] media/screenshots/${n}.png (${Math.round(fs.statSync(path.join(to, `${n}.png`)).size / 1024)} KB)`);
}
