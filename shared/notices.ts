// Notices the main process sends the window (over NOTICE_IPC) about work going on behind it:
// a long job's progress, the day's backup, a stopped core. One shape for the core's worker,
// the main process and the window.
import { z } from 'zod';

export const noticeSchema = z.union([
  z.object({ type: z.literal('progress'), channel: z.string(), phase: z.string(), done: z.number(), total: z.number() }),
  z.object({ type: z.literal('backup'), state: z.literal('running'), onQuit: z.boolean().optional() }),
  z.object({ type: z.literal('backup'), state: z.literal('done'), file: z.string().nullable() }),
  z.object({ type: z.literal('backup'), state: z.literal('failed'), message: z.string() }),
  z.object({ type: z.literal('stopped') }),
]);

export type Notice = z.output<typeof noticeSchema>;
