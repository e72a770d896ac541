// The register channels of the app: a dry run and an import of files sent as base64, and an
// export answered as base64 files. Manager only (spec/domain.md: imports and exports).
import type { z } from 'zod';
import { audit } from '../audit';
import type { Ctx } from '../services/context';
import type { registerExportInput, registerExportOutput, registerFilesInput } from '../../shared/data-schemas';
import { decodeFiles, importRegister, type ImportReport } from './import';
import { exportRegister, type ExportResult } from './export';

type FilesInput = z.output<typeof registerFilesInput>;

export function checkRegisterFiles(ctx: Ctx, input: FilesInput): ImportReport {
  return importRegister(ctx, decodeFiles(input.files), { dryRun: true });
}

export function importRegisterFiles(ctx: Ctx, input: FilesInput): ImportReport {
  return importRegister(ctx, decodeFiles(input.files), { dryRun: false });
}

/** An export, written to the audit log: records leaving the encrypted file are. */
export function exportAudited(ctx: Ctx, format: 'csv' | 'xlsx', range: { from: string | null; to: string | null }): ExportResult {
  const result = exportRegister(ctx.store, format, range);
  ctx.store.tx(() => audit(ctx.store, ctx.actor, 'export', 'register', null, null, {
    format, from: range.from, to: range.to, visits: result.visits, activities: result.activities,
  }));
  return result;
}

export function exportRegisterFiles(ctx: Ctx, input: z.output<typeof registerExportInput>): z.output<typeof registerExportOutput> {
  const result = exportAudited(ctx, input.format, { from: input.from, to: input.to });
  return {
    files: result.files.map((f) => ({ name: f.name, mimeType: f.mimeType, dataBase64: f.bytes.toString('base64') })),
    visits: result.visits, rows: result.rows, activities: result.activities, notes: result.notes,
  };
}
