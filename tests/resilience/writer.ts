// A child process for the crash and concurrency tests: opens the database the way the app
// does (through a staff login) and records visits through the real service in a loop, printing
// "saved <id>" after each save has returned. Killed with SIGKILL by the crash test.
import { Core } from '../../db/core';

const [dbPath, userName, countArg, tag] = process.argv.slice(2);
const password = process.env.SLENKSTIS_PASSWORD ?? '';
const count = Number(countArg ?? '1000000');

const core = new Core(dbPath);
const login = await core.call('session.login', { userName, password });
if (!login.ok) {
  process.stderr.write(`login failed: ${login.error.message}\n`);
  process.exit(3);
}
const sites = await core.call('sites.list', {});
const siteId = sites.ok && sites.value.length > 0 ? sites.value[0].id : null;
process.stdout.write('ready\n');
for (let i = 0; i < count; i++) {
  const r = await core.call('visits.create', {
    date: '2026-11-20',
    anonymousCount: 1,
    kind: 'outreach',
    siteId,
    note: `${tag ?? 'w'}-${i}`,
    supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 1 + (i % 9) }, { itemKey: 'alcohol_pad', direction: 'out', quantity: 2 }],
    services: [{ type: 'information', units: 1 }],
  });
  if (!r.ok) {
    process.stdout.write(`error ${r.error.code} ${r.error.message}\n`);
    process.exit(1);
  }
  process.stdout.write(`saved ${r.value.id}\n`);
}
core.close();
process.stdout.write('done\n');
