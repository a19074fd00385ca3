/**
 * Atomic file writes for progress: write a temp file beside the target, fsync it, rename
 * it over the target, fsync the folder. A crash or kill at any point leaves either the old
 * file or the new one, never a torn mix. The fs calls are injectable so a test can
 * interrupt a write midway.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The fs calls an atomic write makes (node:fs by default). */
export interface AtomicFs {
  openSync(p: string, flags: string, mode?: number): number;
  writeSync(fd: number, data: string): number;
  fsyncSync(fd: number): void;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  unlinkSync(p: string): void;
  mkdirSync(p: string, opts: { recursive: true }): unknown;
}

let counter = 0;

/** Writes `data` to `file` atomically. Throws (leaving the old file) when any step fails. */
export function writeFileAtomic(file: string, data: string, io: AtomicFs = fs): void {
  const dir = path.dirname(file);
  io.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${counter++}.tmp`);
  let fd: number | undefined;
  try {
    fd = io.openSync(tmp, 'w', 0o600);
    // Written in pieces so a large progress file (a cluster snapshot) is not one huge string op.
    for (let i = 0; i < data.length; i += 64 * 1024) io.writeSync(fd, data.slice(i, i + 64 * 1024));
    io.fsyncSync(fd);
    io.closeSync(fd);
    fd = undefined;
    io.renameSync(tmp, file);
  } catch (e) {
    if (fd !== undefined) {
      try {
        io.closeSync(fd);
      } catch {
        /* already failing: the original error matters */
      }
    }
    try {
      io.unlinkSync(tmp);
    } catch {
      /* the temp file may not exist */
    }
    throw e;
  }
  // The rename is durable only once the folder entry is on disk too (best effort: not on Windows).
  try {
    const dfd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(dfd);
    } finally {
      fs.closeSync(dfd);
    }
  } catch {
    /* directories cannot be fsynced on every platform */
  }
}
