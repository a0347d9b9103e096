import { loadThreePartyDirectory, TestSystem, threePartyDirectory } from '../test/local/helpers.js';
const t = await TestSystem.start();
try {
  await loadThreePartyDirectory(t);
  await t.post('/v1/programs', threePartyDirectory.program);
  await t.post('/v1/programs/dn-2022-2026/submit');
  await t.settle();
  await new Promise((r) => setTimeout(r, 500));
  console.log(JSON.stringify(t.system.stepFunctions.listExecutions(), null, 1));
  console.log((await t.get('/v1/programs/dn-2022-2026/events')).body);
} finally { await t.stop(); }
