// Which overlays the live views draw; remembered in localStorage across visits.
import type { OverlayToggles } from '../live/overlay-draw';
import { createStore } from './store';

const KEY = 'vigil.overlays';
const DEFAULTS: OverlayToggles = { objects: true, zones: false, motion: false, regions: false };

function load(): OverlayToggles {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<OverlayToggles> | null;
    if (!raw || typeof raw !== 'object') return DEFAULTS;
    const pick = (k: keyof OverlayToggles): boolean => (typeof raw[k] === 'boolean' ? (raw[k] as boolean) : DEFAULTS[k]);
    return { objects: pick('objects'), zones: pick('zones'), motion: pick('motion'), regions: pick('regions') };
  } catch {
    return DEFAULTS;
  }
}

export const overlayStore = createStore<OverlayToggles>(load());

overlayStore.subscribe((v) => {
  try {
    localStorage.setItem(KEY, JSON.stringify(v));
  } catch {
    // Private mode or full storage: the choice lasts for this visit only.
  }
});

export function toggleOverlay(key: keyof OverlayToggles): void {
  overlayStore.update((prev) => ({ ...prev, [key]: !prev[key] }));
}
