// One camera's live view: subscribes over /ws only while on screen, fits fps/height to its size,
// draws frames and overlays on a canvas, and says plainly when the camera is offline.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CameraInfo } from '../../../server/src/contracts/api-types';
import { FrameRenderer } from '../live/frame-renderer';
import { fitRequest } from '../live/subscription-plan';
import { useElementSize, useOnScreen } from '../hooks/use-observers';
import { live, motionStore } from '../state/live-state';
import { overlayStore } from '../state/overlay-prefs';
import { paths } from '../state/routes';
import { createStore, useStore } from '../state/store';
import { formatClock, formatRate } from '../format/format';
import { CameraStateBadge } from './camera-state-badge';

/** How many tiles are on screen now (each gets fewer fps when many are). */
const visibleTiles = createStore(0);

export interface LiveTileProps {
  camera: CameraInfo;
  /** The big single-camera view (higher fps, no link). */
  large?: boolean;
}

export function LiveTile({ camera, large = false }: LiveTileProps) {
  const boxRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const rendererRef = useRef<FrameRenderer | null>(null);
  const onScreen = useOnScreen(boxRef);
  const size = useElementSize(boxRef);
  const overlays = useStore(overlayStore);
  const tiles = useStore(visibleTiles);
  const motion = useStore(motionStore)[camera.name] === true;
  const articleRef = useRef<HTMLElement>(null);
  const timeRef = useRef<HTMLSpanElement>(null);
  const [hasFrame, setHasFrame] = useState(false);

  // Per-frame updates go straight to the DOM: re-rendering the tile 10 times a second per camera
  // would cost more than drawing the frame.
  const onDrawn = (h: { frame_time: number }, n: number): void => {
    if (articleRef.current) articleRef.current.dataset.frames = String(n);
    if (timeRef.current) timeRef.current.textContent = formatClock(h.frame_time);
    if (n === 1) setHasFrame(true);
  };
  const rendererOptions = { zones: camera.zones, overlays, onDrawn };

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const r = new FrameRenderer(canvas, rendererOptions);
    rendererRef.current = r;
    return () => {
      r.close();
      rendererRef.current = null;
    };
    // The renderer lives as long as the tile; options are pushed below.
  }, []);

  useEffect(() => {
    rendererRef.current?.setOptions(rendererOptions);
  }, [camera.zones, overlays]);

  useEffect(() => {
    rendererRef.current?.resize(size.width, size.height, window.devicePixelRatio);
  }, [size.width, size.height]);

  useEffect(() => {
    if (!onScreen) return;
    visibleTiles.update((n) => n + 1);
    return () => visibleTiles.update((n) => n - 1);
  }, [onScreen]);

  const request = fitRequest(size.height, window.devicePixelRatio, { large, visibleTiles: tiles, sourceHeight: camera.detect_height });
  const watchRef = useRef<ReturnType<typeof live.watchFrames> | null>(null);
  useEffect(() => {
    if (!onScreen || size.height === 0) return;
    const watch = live.watchFrames(camera.name, request, (f) => rendererRef.current?.push(f));
    watchRef.current = watch;
    return () => {
      watch.close();
      watchRef.current = null;
    };
  }, [onScreen, camera.name, size.height === 0]);

  useEffect(() => {
    watchRef.current?.update(request);
  }, [request.fps, request.height]);

  const online = camera.state === 'online';
  const ratio = camera.detect_width && camera.detect_height ? camera.detect_width / camera.detect_height : 16 / 9;
  // The large view is the camera page's main heading; grid tiles link to that page.
  const title = large ? <h1 class="tile-name">{camera.name}</h1> : <a class="tile-name" href={paths.camera(camera.name)}>{camera.name}</a>;

  return (
    <article ref={articleRef} class={`tile ${large ? 'tile-large' : ''} ${online ? '' : 'tile-down'}`} data-camera={camera.name} style={{ '--ar': ratio.toFixed(4) }} aria-label={`Camera ${camera.name}`}>
      <header class="tile-head">
        {title}
        <span class="tile-meta">
          {motion && online && <span class="motion-dot" title="Motion">motion</span>}
          <span class="tile-fps" title="Frames per second from the camera">{formatRate(camera.fps)} fps</span>
          <CameraStateBadge state={camera.state} />
        </span>
      </header>
      <div class="tile-view" ref={boxRef} style={{ aspectRatio: ratio.toFixed(4) }}>
        <canvas ref={canvasRef} class="tile-canvas" aria-hidden="true" />
        {!online && (
          <div class="tile-overlay" role="status">
            <strong>{camera.state === 'connecting' ? 'Connecting…' : `Camera ${camera.state}`}</strong>
            {camera.reason && <span>{camera.reason}</span>}
            {(camera.state === 'offline' || camera.state === 'failed') && <span class="muted">Vigil keeps retrying by itself.</span>}
          </div>
        )}
        {online && !hasFrame && (
          <div class="tile-overlay tile-waiting" role="status">
            <span class="spinner" aria-hidden="true" />
            Waiting for video…
          </div>
        )}
        <span class="tile-time" ref={timeRef} hidden={!hasFrame || !online} />
      </div>
    </article>
  );
}
