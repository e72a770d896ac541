// The app's DHIS2 export: the same payload as `slenkstis dhis2`, from the one report engine.
import type { z } from 'zod';
import type { Ctx } from '../services/context';
import { runReport } from '../reports';
import type { dhis2ExportInput, dhis2ExportOutput } from '../../shared/data-schemas';
import { buildDhis2Payload } from './payload';

export function dhis2Export(ctx: Ctx, input: z.output<typeof dhis2ExportInput>): z.output<typeof dhis2ExportOutput> {
  return buildDhis2Payload(input.mapping, input.from, input.to, (i) => runReport(ctx.store, i, undefined, ctx.today()));
}
