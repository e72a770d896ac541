// Files in and out of the renderer, which cannot touch the disk: a chosen file is read into
// base64 for the core, and a file the core made is handed to the browser as a download
// (Chromium and Electron both save an <a download> of a blob URL).

/** A file the core answered: its name, type and bytes as base64. */
export interface CoreFile {
  name: string;
  mimeType: string;
  dataBase64: string;
}

export function base64ToBlob(dataBase64: string, mimeType: string): Blob {
  const binary = atob(dataBase64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type: mimeType });
}

declare global {
  interface Window {
    /** The system's dialogs, in the Electron app (the preload); absent in a plain browser. */
    dialogs?: { chooseFolder(): Promise<unknown>; save(file: CoreFile): Promise<unknown> };
  }
}

/** How saving a file ended: saved, cancelled by the person, or not saved (the disk full, or another reason). */
export type SaveOutcome = 'saved' | 'cancelled' | 'disk_full' | 'failed';

/**
 * Saves a file the core made: in the app through the system's save dialog (the main process
 * writes it whole or not at all); in a plain browser as a download. A cancel and a failure are
 * told apart: a manager must never read "exported" for a file that was not saved.
 */
export async function downloadFile(file: CoreFile): Promise<SaveOutcome> {
  if (window.dialogs) {
    const r = await window.dialogs.save({ name: file.name, mimeType: file.mimeType, dataBase64: file.dataBase64 });
    if (typeof r !== 'object' || r === null || !('ok' in r)) return 'failed';
    // Saved: the answer names the file; cancelled: null; not saved: an error (its field the system's code).
    if (r.ok === true) return 'value' in r && typeof r.value === 'string' ? 'saved' : 'cancelled';
    const field = 'error' in r && typeof r.error === 'object' && r.error !== null && 'field' in r.error ? r.error.field : null;
    return field === 'ENOSPC' ? 'disk_full' : 'failed';
  }
  downloadBlob(file.name, base64ToBlob(file.dataBase64, file.mimeType));
  return 'saved';
}

/** A folder chosen in the system's dialog (the app only); null when cancelled or not available. */
export async function chooseFolder(): Promise<string | null> {
  if (!window.dialogs) return null;
  const r = await window.dialogs.chooseFolder();
  return typeof r === 'object' && r !== null && 'ok' in r && r.ok && 'value' in r && typeof r.value === 'string' ? r.value : null;
}

export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The download has taken the blob by the next tick; a minute is generous.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * A chosen file's bytes as base64, reporting how much was read (0..1): a register of a few
 * hundred thousand rows takes a moment to read.
 */
export function fileToBase64(file: File, onProgress?: (fraction: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress?.(e.loaded / e.total);
    };
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.onload = () => {
      const url = String(reader.result ?? '');
      onProgress?.(1);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.readAsDataURL(file);
  });
}

/** A chosen file as text (the DHIS2 mapping is JSON). */
export function fileToText(file: File): Promise<string> {
  return file.text();
}
