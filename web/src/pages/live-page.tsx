// Live: every camera in a grid, streaming only while its tile is on screen.
import { CameraListGate } from '../components/camera-list-gate';
import { Empty } from '../components/feedback';
import { LiveTile } from '../components/live-tile';
import { OverlayTogglesBar } from '../components/overlay-toggles';

export function LivePage() {
  return (
    <section aria-labelledby="live-title">
      <div class="page-head">
        <h1 id="live-title">Live</h1>
        <OverlayTogglesBar />
      </div>
      <CameraListGate>
        {(cameras) =>
          cameras.length === 0 ? (
            <Empty>No cameras are configured. Add one under <code>cameras:</code> in the configuration file.</Empty>
          ) : (
            <div class={`grid grid-${Math.min(cameras.length, 4)}`}>
              {cameras.map((c) => (
                <LiveTile key={c.name} camera={c} />
              ))}
            </div>
          )
        }
      </CameraListGate>
    </section>
  );
}
