// The operations journal's step log: each begin, end or interrupt of a movement is one JSON line,
// written durably before the journal returns (journal before acting). It is the journal's
// hot path: one durable write of a small file, where a SQLite commit on the device's event loop
// cost ~100 µs of CPU in place (bench/deposit-only.ts). The SQLite store keeps what the log held
// once it is settled there (OperationsJournal); the log is then emptied. The only writer of its file.
import { closeSync, constants, existsSync, fdatasyncSync, fstatSync, fsyncSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export type Step =
  | {
    step: 'begin'; id: number; service: string; logicalName: string; command: string; xfs3Command: string;
    connection: number; requestId: number; request: string; input: string; startedMs: number;
  }
  | { step: 'end'; id: number; outcome: string; result: string; endedMs: number }
  | { step: 'interrupt'; id: number; outcome: string; endedMs: number };

export interface ParsedSteps {
  steps: Step[];
  /** Lines that are not a step: a torn last line (its flush never returned, so nothing was acted on) or damage. */
  damaged: number;
}

const isStep = (value: unknown): value is Step => {
  const v = value as Partial<Step> | null;
  return typeof v === 'object' && v !== null && Number.isSafeInteger(v.id) && (v.step === 'begin' || v.step === 'end' || v.step === 'interrupt');
};

/** Pure: the steps of a log file's text, in the order they were written. */
export function parseSteps(text: string): ParsedSteps {
  const steps: Step[] = [];
  let damaged = 0;
  const lines = text.split('\n');
  // The text after the last newline was never completed.
  if (lines[lines.length - 1] !== '') damaged++;
  for (const line of lines.slice(0, -1)) {
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      damaged++;
      continue;
    }
    if (isStep(value)) steps.push(value);
    else damaged++;
  }
  return { steps, damaged };
}

export function readSteps(path: string): ParsedSteps {
  return existsSync(path) ? parseSteps(readFileSync(path, 'utf8')) : { steps: [], damaged: 0 };
}

/**
 * POSIX: the file is opened O_DSYNC, so a write returns once its data (and the size that reaches it)
 * is on the disk: one system call per step instead of a write and an fdatasync. Windows has no such
 * open flag in Node; there each write is followed by fdatasync (FlushFileBuffers).
 */
const DURABLE_WRITES = process.platform !== 'win32' && typeof constants.O_DSYNC === 'number';

export class StepLog {
  readonly #fd: number;
  /** Where the next step goes: written at a position, not in append mode, which Windows does not let a file be truncated in. */
  #size: number;

  constructor(readonly path: string) {
    const created = !existsSync(path);
    // Only this account reads it: it holds the clients' requests and amounts, as the store does.
    this.#fd = openSync(path, DURABLE_WRITES ? constants.O_RDWR | constants.O_CREAT | constants.O_DSYNC : created ? 'w+' : 'r+', 0o600);
    this.#size = fstatSync(this.#fd).size;
    // A new file's name must survive a power cut too; Windows cannot flush a directory (NTFS journals it).
    if (created && process.platform !== 'win32') {
      const dir = openSync(dirname(path), 'r');
      try {
        fsyncSync(dir);
      } finally {
        closeSync(dir);
      }
    }
  }

  /** Durable on return; throws the file system's error otherwise. */
  append(step: Step): void {
    const line = Buffer.from(`${JSON.stringify(step)}\n`);
    writeSync(this.#fd, line, 0, line.length, this.#size);
    if (!DURABLE_WRITES) fdatasyncSync(this.#fd);
    this.#size += line.length;
  }

  /** Empties the log once its steps are settled in the store. */
  clear(): void {
    ftruncateSync(this.#fd, 0);
    fdatasyncSync(this.#fd);
    this.#size = 0;
  }

  close(): void {
    closeSync(this.#fd);
  }
}
