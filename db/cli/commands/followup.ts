import { COMMON, json, openCore, parse, UsageError, type Io } from '../io';

/**
 * followup [--format json]: today's follow-up list, as the Follow-up screen shows it to the same
 * account, through followup.list. JSON to standard output (README, "Command line"): medical staff
 * and managers get {"view": "medical", "date", "notSeenWeeks", "clients": [{"clientId",
 * "clientCode", "lastVisit", "reasons": [{"kind", …}]}]}; any other account {"view": "desk",
 * "date", "clients": [{"clientId", "clientCode"}]} — never why.
 */
export async function run(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, { ...COMMON, format: { type: 'string' } });
  if ((values.format ?? 'json') !== 'json') throw new UsageError('--format must be json.');
  const core = await openCore(values, io);
  try {
    io.out(json(await core.call('followup.list', {})));
    return 0;
  } finally {
    core.close();
  }
}
