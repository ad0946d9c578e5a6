/**
 * Export and sharing: matches as CSV, the heatmap and the current view as PNG, and the session file that
 * restores settings, view and query point when it is opened (or dropped) again.
 */
import { useRef } from 'react';
import Konva from 'konva';
import { useApp } from '../store';
import { matchesCsv } from '../../engine/io/matchesDocument';
import { currentMatchesDocument } from './currentMatches';
import { heatmapCanvas } from '../canvas/useHeatmapCanvas';
import { imageStamps, restoreSession } from '../engine/controller';
import { buildSession, parseSession, SessionError } from '../session/session';
import { workingScale } from '../store/images';
import { toOriginal } from '../../engine/core/workingSize';
import { canvasBlob, downloadBlob } from './download';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Opens a session file's text: validated first, then applied; problems go to the alert line. */
export async function openSessionText(text: string, name: string): Promise<void> {
  const set = useApp.getState().set;
  try {
    const doc = parseSession(text);
    const note = await restoreSession(doc);
    set({ error: null });
    useApp.getState().setNotice('session', note ?? `Session “${name}” restored.`);
  } catch (e) {
    set({ error: `Could not open the session “${name}”: ${e instanceof SessionError ? e.message : message(e)}. Nothing was changed.` });
  }
}

export function ExportPanel() {
  const compute = useApp((s) => s.compute);
  const query = useApp((s) => s.query);
  const images = useApp((s) => s.images);
  const pick = useRef<HTMLInputElement>(null);

  const csv = () => {
    const doc = currentMatchesDocument();
    if (doc) downloadBlob(new Blob([matchesCsv(doc)], { type: 'text/csv' }), `matches-${doc.descriptor.id}.csv`);
  };

  const heatmapPng = async () => {
    const r = query?.result;
    const over = r && images[r.from === 'source' ? 'target' : 'source'];
    if (!r || !over) return;
    const { view } = useApp.getState();
    // The colours on screen (same range and colour map), at the image's original size: each working pixel
    // becomes the block of original pixels it stands for.
    const small = heatmapCanvas(r, view.colorMap, view.heatmapRange).canvas;
    const full = document.createElement('canvas');
    full.width = over.width;
    full.height = over.height;
    const ctx = full.getContext('2d')!;
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(small, 0, 0, over.width, over.height);
    const from = images[r.from]!;
    const s = workingScale(from);
    const name = `heatmap-${r.descriptorId}-${r.from}-${Math.round(toOriginal(r.x, s.sx))}-${Math.round(toOriginal(r.y, s.sy))}.png`;
    downloadBlob(await canvasBlob(full), name);
  };

  const viewPng = async () => {
    const stage = Konva.stages.find((st) => st.container().closest('#view-area'));
    if (!stage) {
      useApp.getState().set({ error: 'This view has no canvas to export.' });
      return;
    }
    // Twice the screen resolution, so lines and text stay sharp in a paper figure.
    const canvas = stage.toCanvas({ pixelRatio: 2 });
    downloadBlob(await canvasBlob(canvas), `matchscope-${useApp.getState().view.tab}.png`);
  };

  const saveSession = async () => {
    const st = useApp.getState();
    let q = null;
    if (st.query && st.images[st.query.from]) {
      const sc = workingScale(st.images[st.query.from]!);
      q = { from: st.query.from, x: toOriginal(st.query.x, sc.sx), y: toOriginal(st.query.y, sc.sy) };
    }
    const doc = buildSession({ images: await imageStamps(), settings: st.settings, view: st.view, query: q });
    downloadBlob(new Blob([JSON.stringify(doc, null, 1)], { type: 'application/json' }), 'matchscope-session.json');
  };

  return (
    <section aria-labelledby="export-h">
      <h2 id="export-h">Export and session</h2>
      <div className="button-row">
        <button type="button" onClick={csv} disabled={!compute}>Matches CSV</button>
        <button type="button" onClick={() => void heatmapPng()} disabled={!query?.result} title="The query's heatmap in the colours shown, at the other image's original size.">Heatmap PNG</button>
        <button type="button" onClick={() => void viewPng()} title="The current view's canvas at twice the screen resolution.">View PNG</button>
      </div>
      <div className="button-row">
        <button type="button" onClick={() => void saveSession()} title="Settings, view and query point, with the images' names and SHA-256 (not the images).">Save session</button>
        <button type="button" onClick={() => pick.current?.click()}>Open session…</button>
        <input ref={pick} type="file" accept=".json,application/json" hidden aria-label="Session file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void f.text().then((t) => openSessionText(t, f.name));
          }} />
      </div>
    </section>
  );
}
