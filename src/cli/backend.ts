/** Starting a tfjs backend in Node: wasm first, cpu as the fallback (see engine/tf/backends.ts). */
import '../engine/tf/registerNode';
import { NODE_ENVIRONMENT } from '../engine/tf/registerNode';
import { activateBackend, backendOrder, type BackendChoice } from '../engine/tf/backends';
import type { BackendOption } from './args';
import { CliError } from './errors';
import { since, type Log } from './log';

export async function startBackend(pref: BackendOption, log: Log): Promise<BackendChoice> {
  const t0 = performance.now();
  let choice: BackendChoice;
  try {
    choice = await activateBackend(backendOrder(pref, NODE_ENVIRONMENT));
  } catch (e) {
    throw new CliError(e instanceof Error ? e.message : String(e));
  }
  const failed = choice.attempts.filter((a) => !a.ok);
  if (pref !== 'auto' && choice.id !== pref) {
    log.notice(`--backend ${pref} failed (${failed.map((a) => a.error).join('; ')}); using ${choice.id}`);
  }
  log.progress(`backend ${choice.id} (${choice.reason}), ready in ${since(t0).toFixed(0)} ms`);
  return choice;
}
