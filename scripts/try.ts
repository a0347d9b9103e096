import { act, loadThreePartyDirectory, TestSystem, threePartyDirectory } from '../test/local/helpers.js';

const t = await TestSystem.start();
try {
  await loadThreePartyDirectory(t);
  console.log(await t.post('/v1/programs', threePartyDirectory.program).then((r) => r.status));
  console.log(await t.post('/v1/programs/dn-2022-2026/submit'));
  await t.settle();
  console.log((await t.outbox()).map((e) => `${e.destination.to} | ${e.subject}`));
  const link = await t.latestLink('ca.reviewer@example.vn');
  const r = await act(link, 'approve');
  console.log(r.status, r.html.slice(0, 200));
  await t.settle();
  console.log((await t.get('/v1/programs/dn-2022-2026')).body);
  console.log(t.system.stepFunctions.listExecutions());
} finally {
  await t.stop();
}
