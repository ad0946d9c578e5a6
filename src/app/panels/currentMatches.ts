/** The matches on screen as the matches document (JSON or CSV export), in original pixels. */
import { useApp } from '../store';
import type { LoadedImage } from '../store/images';
import { buildMatchesDocument, type MatchesDocument } from '../../engine/io/matchesDocument';

const ref = (i: LoadedImage) => ({ path: i.name, width: i.width, height: i.height, workingWidth: i.workingWidth, workingHeight: i.workingHeight });

export function currentMatchesDocument(): MatchesDocument | null {
  const { images, compute } = useApp.getState();
  if (!compute || !images.source || !images.target) return null;
  return buildMatchesDocument({
    source: ref(images.source), target: ref(images.target),
    descriptor: { id: compute.descriptorId, params: compute.params, dim: compute.dim },
    settings: { ...compute.options, metric: compute.metric, nnKernel: compute.matches.nnKernel ?? null },
    backend: compute.backend, timingsMs: compute.timingsMs, matches: compute.matches,
  });
}
