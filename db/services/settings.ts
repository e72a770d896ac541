// The cabinet's settings: read (each stored value checked against its field, else the default)
// and a manager's update.
import { qb } from '../store';
import { audit } from '../audit';
import { CoreError } from '../errors';
import type { ChannelOutput, ParsedInput } from '../../shared/api';
import { DEFAULT_CODE_PATTERN } from '../../shared/codes';
import { settingsRecord } from '../../shared/schemas';
import type { Ctx } from './context';

type Settings = ChannelOutput<'settings.get'>;
export const SETTING_DEFAULTS: Settings = {
  codePattern: DEFAULT_CODE_PATTERN,
  regularMinVisitDays: 3,
  pwidPopulationEstimate: null,
  idleLockMinutes: 5,
  testDueMonths: 6,
  language: 'lt',
  coverageLowBelow: 100,
  coverageHighFrom: 200,
  cabinetName: '',
};

export function getSettings(ctx: Pick<Ctx, 'store'>): Settings {
  // Each stored value that has its field's shape, else the default: the record as a whole is then checked.
  const merged: Record<string, unknown> = { ...SETTING_DEFAULTS };
  for (const [key, field] of Object.entries(settingsRecord.shape)) {
    const value = ctx.store.setting<unknown>(key, field, undefined);
    if (value !== undefined) merged[key] = value;
  }
  return settingsRecord.parse(merged);
}

export function updateSettings(ctx: Ctx, input: ParsedInput<'settings.update'>): Settings {
  return ctx.store.tx(() => {
    const before = getSettings(ctx);
    const next = settingsRecord.parse({ ...before, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) });
    if (next.coverageLowBelow >= next.coverageHighFrom) throw new CoreError('validation', 'The low coverage limit must be below the high one.', 'coverageHighFrom');
    for (const [key, v] of Object.entries(input)) {
      if (v === undefined) continue;
      ctx.store.run(
        qb.insertInto('settings').values({ key, value: JSON.stringify(v) })
          .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value') }))),
      );
    }
    audit(ctx.store, ctx.actor, 'update', 'settings', null, before, next);
    return next;
  });
}
