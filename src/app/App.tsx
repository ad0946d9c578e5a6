/** Matchscope's one screen: toolbar, the two panes, the side panel, the status line. */
import { useEffect, useRef } from 'react';
import { useApp } from './store';
import { currentParams, type Settings } from './store/settings';
import { settingsFromQuery, settingsToQuery } from './url';
import { loadFile, nudgeQuery, recompute, startEngine } from './engine/controller';
import { DEFAULT_SAMPLE_ID } from './samples';
import { ViewArea } from './views/ViewArea';
import { ViewTabs } from './views/ViewTabs';
import { ShortcutSheet } from './views/ShortcutSheet';
import { isViewTab, VIEW_TABS } from './views/tabs';
import { insideRect, paneRects } from './canvas/paneLayout';
import { Toolbar } from './panels/Toolbar';
import { QueryPanel } from './panels/QueryPanel';
import { MatchesPanel } from './panels/MatchesPanel';
import { DescriptorInfo } from './panels/DescriptorInfo';
import { ExportPanel, openSessionText } from './panels/ExportPanel';
import { StatusBar } from './panels/StatusBar';
import { EvaluatePanel } from './eval/EvaluatePanel';
import { Diagnostics } from './panels/Diagnostics';
import { FineTunePanel } from './finetune/FineTunePanel';
import type { Side } from '../worker/handlers';

/** Settings that change what is computed (not just how it is drawn). */
const computeKey = (s: Settings) => JSON.stringify([s.descriptorId, currentParams(s), s.stride, s.targetStride, s.mutual, s.ratio, s.refine, s.search, s.dmin, s.dmax, s.precision]);

let started = false;

export function App() {
  const main = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (started) return; // StrictMode mounts twice in development; the engine starts once.
    started = true;
    const s = useApp.getState();
    s.setSettings(settingsFromQuery(window.location.search, s.settings));
    const view = new URLSearchParams(window.location.search).get('view');
    if (isViewTab(view)) s.setView({ tab: view });
    let key = computeKey(useApp.getState().settings);
    let timer: ReturnType<typeof setTimeout> | undefined;
    useApp.subscribe((st) => {
      const k = computeKey(st.settings);
      const url = settingsToQuery(st.settings, currentParams(st.settings), st.view.tab);
      if (url !== window.location.search) history.replaceState(null, '', url);
      if (k === key) return;
      key = k;
      clearTimeout(timer);
      timer = setTimeout(() => void recompute(), 120);
    });
    // ?sample=ID picks the built-in pair shown first; ?sample=none starts empty.
    void startEngine(new URLSearchParams(window.location.search).get('sample') ?? DEFAULT_SAMPLE_ID);
  }, []);

  useEffect(() => {
    // Arrow keys walk the query one pixel (Shift: ten) unless a form field has the keyboard.
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (t.closest('input, select, textarea')) return;
      const view = useApp.getState().view;
      if (e.key === '?' || (e.key === 'Escape' && view.shortcutsOpen)) {
        useApp.getState().setView({ shortcutsOpen: e.key === '?' && !view.shortcutsOpen });
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const tab = VIEW_TABS.find((v) => v.key === e.key.toLowerCase());
      if (tab) {
        useApp.getState().setView({ tab: tab.id });
        return;
      }
      const step = e.shiftKey ? 10 : 1;
      const d = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }[e.key];
      if (!d) return;
      e.preventDefault();
      nudgeQuery(d[0], d[1]);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    const onPaste = (e: ClipboardEvent) => {
      const file = Array.from(e.clipboardData?.files ?? []).find((f) => f.type.startsWith('image/'));
      if (!file) return;
      const hovered = useApp.getState().view.hover?.side;
      const side: Side = hovered ?? (useApp.getState().images.source ? 'target' : 'source');
      void loadFile(side, file, file.name || `pasted.${file.type.split('/')[1]}`);
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, []);

  const onDrop = (e: React.DragEvent) => {
    e.preventDefault();
    const files = Array.from(e.dataTransfer.files);
    if (files.length === 0) return;
    // A dropped .json is a session file, not an image.
    const session = files.find((f) => f.name.toLowerCase().endsWith('.json') || f.type === 'application/json');
    if (session) {
      void session.text().then((t) => openSessionText(t, session.name));
      return;
    }
    // The panes' rects are laid out in the view area, below the tab strip.
    const box = (main.current!.querySelector('.view-area') ?? main.current!).getBoundingClientRect();
    const imgs = Object.values(useApp.getState().images).filter((i) => i !== null);
    const aspect = imgs.length ? imgs.reduce((a, i) => a + i.width / i.height, 0) / imgs.length : 4 / 3;
    const rects = paneRects(box.width, box.height, aspect);
    const second = insideRect(rects[1], e.clientX - box.left, e.clientY - box.top);
    if (files.length >= 2) {
      void loadFile('source', files[0], files[0].name).then(() => loadFile('target', files[1], files[1].name));
    } else {
      void loadFile(second ? 'target' : 'source', files[0], files[0].name);
    }
  };

  return (
    <div className="app">
      <Toolbar />
      <div className="workspace">
        <main ref={main} className="panes" onDragOver={(e) => e.preventDefault()} onDragEnter={(e) => e.preventDefault()} onDrop={onDrop}
          aria-label="Image panes: drop an image on either side">
          <ViewTabs />
          <ViewArea />
        </main>
        <aside className="side-panel" aria-label="Details">
          <QueryPanel />
          <MatchesPanel />
          <ExportPanel />
          <DescriptorInfo />
          <EvaluatePanel />
          <FineTunePanel />
          <Diagnostics />
        </aside>
      </div>
      <StatusBar />
      <ShortcutSheet />
    </div>
  );
}
