/** The tab strip that picks the main area's view. */
import { useApp } from '../store';
import { VIEW_TABS } from './tabs';

export function ViewTabs() {
  const tab = useApp((s) => s.view.tab);
  const setView = useApp((s) => s.setView);
  return (
    <nav className="view-tabs" role="tablist" aria-label="Views">
      {VIEW_TABS.map((t) => (
        <button key={t.id} type="button" role="tab" id={`tab-${t.id}`} aria-selected={tab === t.id} aria-controls="view-area"
          title={`${t.help} (key: ${t.key.toUpperCase()})`} onClick={() => setView({ tab: t.id })}>
          {t.label}
        </button>
      ))}
      <button type="button" className="shortcuts-button" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)"
        onClick={() => setView({ shortcutsOpen: !useApp.getState().view.shortcutsOpen })}>?</button>
    </nav>
  );
}
