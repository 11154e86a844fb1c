/** Files the user pastes, drops or picks become file parts (data URLs); oversized ones are refused in words. */
import type { DraftFile } from "../../store/drafts-model";
import { errorMessage } from "../../store/error-message";

/** Largest attachment accepted (per file). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** "1.5 MB", "820 KB". */
export function sizeWords(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** The mime type to send: the browser's, else text/plain for common text names, else octet-stream. */
export function mimeOf(file: { name: string; type: string }): string {
  if (file.type) return file.type;
  return /\.(txt|md|ts|tsx|js|jsx|json|css|html|py|rs|go|sh|ya?ml|toml|csv|log)$/i.test(file.name) ? "text/plain" : "application/octet-stream";
}

/** Reads a file as a data URL. */
function dataUrl(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error("could not read the file"));
    reader.readAsDataURL(file);
  });
}

let counter = 0;
/** A local id for a chip. */
export const chipId = (): string => `att_${Date.now().toString(36)}_${(counter++).toString(36)}`;

/**
 * Turns picked files into draft files. Oversized or unreadable ones are left out and named in
 * `refused` (words); the rest are attached, so nothing else the user had is dropped.
 */
export async function readAttachments(files: readonly File[]): Promise<{ attached: DraftFile[]; refused: string[] }> {
  const attached: DraftFile[] = [];
  const refused: string[] = [];
  for (const file of files) {
    const name = file.name || "pasted file";
    if (file.size > MAX_ATTACHMENT_BYTES) {
      refused.push(`${name} is ${sizeWords(file.size)}; attachments can be at most ${sizeWords(MAX_ATTACHMENT_BYTES)}. It was not attached.`);
      continue;
    }
    try {
      const mime = mimeOf({ name, type: file.type });
      const url = (await dataUrl(file)).replace(/^data:[^;,]*/, `data:${mime}`);
      attached.push({ id: chipId(), mime, url, filename: name, size: file.size });
    } catch (err) {
      refused.push(`${name} could not be read (${errorMessage(err)}). It was not attached.`);
    }
  }
  return { attached, refused };
}

/** The draft file an @-mention of `path` (relative to `directory`) adds. */
export function mentionFile(directory: string | null, path: string): DraftFile {
  const absolute = path.startsWith("/") || !directory ? path : `${directory.replace(/\/$/, "")}/${path}`;
  const url = `file://${absolute.split("/").map(encodeURIComponent).join("/")}`;
  const filename = path.split("/").filter(Boolean).pop() ?? path;
  return { id: chipId(), mime: "text/plain", url, filename, size: 0 };
}
