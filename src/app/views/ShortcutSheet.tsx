/** The `?` sheet: every keyboard shortcut, generated from the same lists the key handler uses. */
import { useApp } from '../store';
import { OTHER_SHORTCUTS, VIEW_TABS } from './tabs';

export function ShortcutSheet() {
  const open = useApp((s) => s.view.shortcutsOpen);
  if (!open) return null;
  const close = () => useApp.getState().setView({ shortcutsOpen: false });
  return (
    <div className="sheet-backdrop" onClick={close}>
      <section role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" className="sheet" onClick={(e) => e.stopPropagation()}>
        <h2>Keyboard shortcuts</h2>
        <table>
          <tbody>
            {VIEW_TABS.map((t) => (
              <tr key={t.id}><th><kbd>{t.key.toUpperCase()}</kbd></th><td>{t.label}: {t.help}</td></tr>
            ))}
            {OTHER_SHORTCUTS.map((s) => (
              <tr key={s.key}><th><kbd>{s.key}</kbd></th><td>{s.what}</td></tr>
            ))}
          </tbody>
        </table>
        <button type="button" onClick={close} autoFocus>Close</button>
      </section>
    </div>
  );
}
