// A second process that writes visits in a loop, for the "backup while another process
// writes" test: node --import tsx tests/backup/writer.ts DB USER PASSWORD
// Prints "ready" once logged in, stops on "stop" on standard input, then prints "done N".
import { unlockWithPassword } from '../../db/vault';
import { makeCtx } from '../../db/services/context';
import { createVisit } from '../../db/services/visits';
import { visitInput } from '../../shared/schemas';

const [path, user, password] = process.argv.slice(2);
const { vault, staff } = await unlockWithPassword(path, user, password);
const ctx = makeCtx(vault.store, { staffId: staff.id, userName: staff.user_name, role: staff.role }, vault);
let stop = false;
process.stdin.on('data', (d) => {
  if (d.toString().includes('stop')) stop = true;
});
process.stdout.write('ready\n');
let n = 0;
while (!stop && n < 200_000) {
  createVisit(ctx, visitInput.parse({
    date: '2024-01-01', anonymousCount: 1 + (n % 3), kind: 'outreach',
    supplies: [{ itemKey: 'syringe', direction: 'out', quantity: 1 + (n % 10) }, { itemKey: 'condom', direction: 'out', quantity: 2 }],
  }));
  n++;
  if (n % 20 === 0) await new Promise((r) => setImmediate(r));
}
vault.store.close();
process.stdout.write(`done ${n}\n`);
process.stdin.destroy();
