// The core through its worker, as the app runs it, in a process of its own: the main thread here
// holds what the app's main thread holds (the host and its calls), not the benchmark's arrays of
// millions of ids. Prints each phase's time and the longest block of this process's event loop
// meanwhile.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { CoreHost, type WorkerFiles } from '../worker/host';
import { mustOk as must } from './stats';

const [dbPath, user, from, to, checkFile, backupOut, filesJson] = process.argv.slice(2);
const password = process.env.SLENKSTIS_PASSWORD ?? '';
const files = JSON.parse(filesJson) as WorkerFiles;

const host = new CoreHost({ dbPath, files });
const phases: Record<string, { ms: number; loop_max_ms: number }> = {};
const measured = async (name: string, fn: () => Promise<unknown>) => {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const t = process.hrtime.bigint();
  await fn();
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  loop.disable();
  phases[name] = { ms: Math.round(ms), loop_max_ms: Math.round(loop.max / 1e5) / 10 };
};
try {
  // The app starts the core's thread when its window opens (the first screen asks the session's
  // state); a person then takes more than a second to type the password.
  must(await host.call('session.status', {}), 'status');
  await new Promise((r) => setTimeout(r, 1000));
  await measured('first_login', async () => must(await host.call('session.login', { userName: user, password }), 'login'));
  await measured('daily_backup_after_login', () => host.backup(false));
  await measured('report_year_monthly', async () => must(await host.call('reports.run', { from, to, siteIds: [], monthly: true }), 'report'));
  await measured('workbook_full_year', async () => must(await host.call('reports.workbook', { from, to, siteIds: [], template: 'full' }), 'workbook'));
  await measured('register_check_50k', async () => must(await host.callLocal('register.check', { files: [{ name: 'check.csv', path: checkFile }] }), 'register check'));
  await measured('backup_now', async () => must(await host.callLocal('backup.now', { out: backupOut }), 'backup'));
} finally {
  await host.close();
}
process.stdout.write(JSON.stringify(phases));
