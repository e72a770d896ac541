// The register channels of the app: a dry run and an import of files sent as base64, and an
// export answered as base64 files. Manager only (spec/domain.md: imports and exports).
import type { z } from 'zod';
import { audit } from '../audit';
import type { Ctx } from '../services/context';
import { readFileSync } from 'node:fs';
import { unreadableFile } from '../fsx';
import { say, text } from '../../shared/core-messages';
import type { registerExportInput, registerExportOutput, registerFilesLocalInput } from '../../shared/data-schemas';
import { decodeFiles, importRegister, NOTHING_IMPORTED, type ImportReport, type RegisterFile } from './import';
import { exportRegister, type ExportResult } from './export';

type FilesInput = z.output<typeof registerFilesLocalInput>;

/**
 * The files' bytes: sent as base64 by the window, or named by path by a local caller (the
 * command line). A path that cannot be read is a problem of the answer, like a bad row: nothing
 * is imported.
 */
function filesOf(input: FilesInput, lang: Ctx['lang']): { files: RegisterFile[]; unreadable: ImportReport['errors'] } {
  const files: RegisterFile[] = [];
  const unreadable: ImportReport['errors'] = [];
  for (const f of input.files) {
    if ('dataBase64' in f) {
      files.push(...decodeFiles([f]));
      continue;
    }
    const problem = unreadableFile(f.path);
    if (problem) {
      unreadable.push({ file: f.name, sheet: null, row: null, column: null, message: say(lang, problem) });
      continue;
    }
    try {
      files.push({ name: f.name, bytes: readFileSync(f.path) });
    } catch {
      unreadable.push({ file: f.name, sheet: null, row: null, column: null, message: say(lang, text('file.unreadable')) });
    }
  }
  return { files, unreadable };
}

function importFiles(ctx: Ctx, input: FilesInput, dryRun: boolean): Promise<ImportReport> {
  const { files, unreadable } = filesOf(input, ctx.lang);
  if (unreadable.length > 0) return Promise.resolve({ imported: { ...NOTHING_IMPORTED }, errors: unreadable, warnings: [] });
  return importRegister(ctx, files, { dryRun });
}

export function checkRegisterFiles(ctx: Ctx, input: FilesInput): Promise<ImportReport> {
  return importFiles(ctx, input, true);
}

export function importRegisterFiles(ctx: Ctx, input: FilesInput): Promise<ImportReport> {
  return importFiles(ctx, input, false);
}

/** An export, written to the audit log: records leaving the encrypted file are. */
export async function exportAudited(ctx: Ctx, format: 'csv' | 'xlsx', range: { from: string | null; to: string | null }): Promise<ExportResult> {
  const result = await exportRegister(ctx.store, format, range, ctx.step, ctx.lang);
  ctx.store.tx(() => audit(ctx.store, ctx.actor, 'export', 'register', null, null, {
    format, from: range.from, to: range.to, visits: result.visits, activities: result.activities, overdoses: result.overdoses, care: result.care,
  }));
  return result;
}

export async function exportRegisterFiles(ctx: Ctx, input: z.output<typeof registerExportInput>): Promise<z.output<typeof registerExportOutput>> {
  const result = await exportAudited(ctx, input.format, { from: input.from, to: input.to });
  return {
    files: result.files.map((f) => ({ name: f.name, mimeType: f.mimeType, dataBase64: f.bytes.toString('base64') })),
    visits: result.visits, rows: result.rows, activities: result.activities, overdoses: result.overdoses, care: result.care, notes: result.notes,
  };
}
