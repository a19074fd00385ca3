/**
 * Importing a lab from a .zip: extracted with extract-zip (yauzl underneath, which refuses
 * entries that would land outside the target folder) into a temporary folder, with limits
 * on entry count and unpacked size so a zip bomb cannot fill the disk; the lab folder is
 * the archive's root or its single top-level folder.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import extract from 'extract-zip';
import { LabCatalog } from './catalog';

/** Most entries and bytes a lab archive may unpack to. */
export const ZIP_LIMITS = { entries: 2000, bytes: 50 * 1024 * 1024 };

/** Imports `zipPath` into `into`; returns the new lab folder. */
export async function importLabZip(zipPath: string, into: string): Promise<string> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'netlab-lab-zip-'));
  try {
    let entries = 0;
    let bytes = 0;
    let refused: string | undefined;
    await extract(path.resolve(zipPath), {
      dir: tmp,
      onEntry: (entry, zip) => {
        entries++;
        bytes += entry.uncompressedSize;
        if (entries > ZIP_LIMITS.entries || bytes > ZIP_LIMITS.bytes) {
          refused = `${zipPath} unpacks to more than ${ZIP_LIMITS.entries} files or ${ZIP_LIMITS.bytes / 1024 / 1024} MB`;
          zip.close();
        }
      },
    });
    if (refused) throw new Error(refused);
    const top = fs.readdirSync(tmp).filter((n) => n !== '__MACOSX');
    const root = fs.existsSync(path.join(tmp, 'lab.yaml'))
      ? tmp
      : top.length === 1 && fs.existsSync(path.join(tmp, top[0]!, 'lab.yaml'))
        ? path.join(tmp, top[0]!)
        : undefined;
    if (!root) throw new Error(`${zipPath} holds no lab.yaml at its root or in one top-level folder`);
    const name = root === tmp ? path.basename(zipPath).replace(/\.zip$/i, '') : path.basename(root);
    return LabCatalog.importFolder(root, into, name);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
