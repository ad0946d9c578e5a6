/**
 * A worker thread of `matchscope eval --suite`: starts its own backend, then evaluates the pairs it is
 * sent one at a time, reporting each finished descriptor so the main thread can draw the progress bar.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { BackendOption } from '../args';
import { startBackend } from '../backend';
import { oneLine } from '../errors';
import { evaluatePairJob, type PairJob } from './evalPair';

export type WorkerMessage =
  | { kind: 'ready' }
  | { kind: 'step'; pair: string; descriptor: string }
  | { kind: 'done'; result: Awaited<ReturnType<typeof evaluatePairJob>> }
  | { kind: 'failed'; pair: string; message: string };

const port = parentPort!;
const post = (m: WorkerMessage) => port.postMessage(m);
const log = { progress: () => {}, notice: (m: string) => process.stderr.write(`\nmatchscope: ${m}\n`) };

await startBackend((workerData as { backend: BackendOption }).backend, log);
port.on('message', (job: PairJob) => {
  evaluatePairJob(job, log, (descriptor) => post({ kind: 'step', pair: job.name, descriptor }))
    .then((result) => post({ kind: 'done', result }))
    .catch((e: unknown) => post({ kind: 'failed', pair: job.name, message: oneLine(e) }));
});
post({ kind: 'ready' });
