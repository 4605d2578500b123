// Toggle buttons for the live overlays (aria-pressed, so screen readers announce on/off).
import type { OverlayToggles } from '../live/overlay-draw';
import { overlayStore, toggleOverlay } from '../state/overlay-prefs';
import { useStore } from '../state/store';

const ITEMS: Array<{ key: keyof OverlayToggles; label: string }> = [
  { key: 'objects', label: 'Objects' },
  { key: 'zones', label: 'Zones' },
  { key: 'motion', label: 'Motion' },
  { key: 'regions', label: 'Regions' },
];

export function OverlayTogglesBar() {
  const overlays = useStore(overlayStore);
  return (
    <div class="toggles" role="group" aria-label="Overlays">
      {ITEMS.map(({ key, label }) => (
        <button type="button" key={key} class={`toggle toggle-${key}`} aria-pressed={overlays[key]} onClick={() => toggleOverlay(key)}>
          {label}
        </button>
      ))}
    </div>
  );
}
