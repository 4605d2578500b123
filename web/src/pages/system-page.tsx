// System: per-camera rates and drops, the detector, CPU/memory, storage with days left, webhook
// health and the version; live from the `stats` topic after a first /api/stats.
import type { StatsSnapshot } from '../../../server/src/contracts/api-types';
import { api } from '../api/endpoints';
import { CameraStateBadge } from '../components/camera-state-badge';
import { ErrorBox, Loading } from '../components/feedback';
import { Card, StatList } from '../components/stat-list';
import { formatBytes, formatDuration, formatMs, formatPercent, formatRate } from '../format/format';
import { useAsync } from '../hooks/use-async';
import { statsStore } from '../state/live-state';
import { useStore } from '../state/store';

function Cameras({ stats }: { stats: StatsSnapshot }) {
  const names = Object.keys(stats.cameras).sort();
  if (names.length === 0) return <Card title="Cameras">No cameras running.</Card>;
  return (
    <div class="cards">
      {names.map((name) => {
        const c = stats.cameras[name];
        if (!c) return null;
        return (
          <Card key={name} title={name} extra={<CameraStateBadge state={c.state} />}>
            <StatList
              items={[
                { label: 'Capture fps', value: formatRate(c.camera_fps), hint: 'Frames per second read from the camera' },
                { label: 'Process fps', value: formatRate(c.process_fps), hint: 'Frames per second checked for motion' },
                { label: 'Detect fps', value: formatRate(c.detection_fps), hint: 'Detector runs per second' },
                { label: 'Skipped fps', value: formatRate(c.skipped_fps), warn: c.skipped_fps > 0, hint: 'Frames that needed detection while the detector was busy' },
                { label: 'Skipped', value: c.skipped.toLocaleString(), warn: c.skipped > 0 },
                { label: 'Dropped', value: c.dropped.toLocaleString() },
                { label: 'Reconnects', value: c.reconnects.toLocaleString(), warn: c.reconnects > 0 },
                { label: 'Motion', value: formatPercent(c.motion_share * 100), hint: 'Share of frames with motion, last minute' },
                { label: 'Detector time', value: formatMs(c.detector_ms) },
                { label: 'Detection', value: c.detect_enabled ? 'on' : 'off' },
              ]}
            />
          </Card>
        );
      })}
    </div>
  );
}

function StorageCard({ stats }: { stats: StatsSnapshot }) {
  const s = stats.service.storage;
  if (!s) return <Card title="Storage">Not measured yet.</Card>;
  const usedShare = s.total > 0 ? s.used / s.total : 0;
  return (
    <Card title="Storage">
      <meter class="meter" min={0} max={1} low={0.7} high={0.9} optimum={0.2} value={usedShare} aria-label={`Disk ${Math.round(usedShare * 100)}% used`} />
      <StatList
        items={[
          { label: 'Used', value: `${formatBytes(s.used)} of ${formatBytes(s.total)}` },
          { label: 'Free', value: formatBytes(s.free), warn: s.total > 0 && s.free / s.total < 0.1 },
          { label: 'Vigil media', value: formatBytes(s.media_bytes) },
          { label: 'Recording fits', value: s.days_left === null ? 'unknown yet' : `${s.days_left.toFixed(s.days_left < 10 ? 1 : 0)} days`, warn: s.days_left !== null && s.days_left < 2, hint: 'Days the current recording rate fits in the storage budget' },
        ]}
      />
    </Card>
  );
}

function Overview({ stats, version }: { stats: StatsSnapshot; version: string | null }) {
  const d = stats.detectors;
  const w = stats.webhooks;
  return (
    <div class="cards">
      <Card title="Service">
        <StatList
          items={[
            { label: 'Version', value: version ?? stats.service.version },
            { label: 'Uptime', value: formatDuration(stats.service.uptime) },
            { label: 'CPU', value: formatPercent(stats.service.cpu_percent), warn: stats.service.cpu_percent > 90 },
            { label: 'Memory (RSS)', value: formatBytes(stats.service.rss) },
            { label: 'Heap used', value: formatBytes(stats.service.heap_used) },
            { label: 'Load average', value: stats.service.load_avg.map((l) => l.toFixed(2)).join(' ') || '—' },
          ]}
        />
      </Card>
      <Card title="Detector">
        <StatList
          items={[
            { label: 'Workers ready', value: `${d.ready} / ${d.workers}`, warn: d.ready < d.workers },
            { label: 'Inference', value: formatMs(d.inference_speed) },
            { label: 'Inferences', value: d.inferences.toLocaleString() },
            { label: 'Queue', value: String(d.queue) },
            { label: 'Timeouts', value: String(d.timeouts), warn: d.timeouts > 0 },
            { label: 'Failures', value: String(d.failures), warn: d.failures > 0 },
            { label: 'Restarts', value: String(d.restarts), warn: d.restarts > 0 },
          ]}
        />
      </Card>
      <StorageCard stats={stats} />
      <Card title="Webhooks">
        {w ? (
          <StatList
            items={[
              { label: 'Health', value: w.failed > 0 || w.last_error ? 'errors seen' : 'healthy', warn: w.failed > 0 },
              { label: 'Delivered', value: w.delivered.toLocaleString() },
              { label: 'Pending', value: w.pending.toLocaleString(), warn: w.pending > 10 },
              { label: 'Failed', value: w.failed.toLocaleString(), warn: w.failed > 0 },
              { label: 'Last error', value: w.last_error ?? 'none' },
            ]}
          />
        ) : (
          <p class="muted">No webhooks configured.</p>
        )}
      </Card>
    </div>
  );
}

export function SystemPage() {
  const first = useAsync((signal) => api.stats(signal), []);
  const version = useAsync((signal) => api.version(signal), []);
  const liveStats = useStore(statsStore);
  const stats = liveStats ?? (first.state.status === 'ready' ? first.state.data : null);

  return (
    <section aria-labelledby="system-title">
      <div class="page-head">
        <h1 id="system-title">System</h1>
        <p class="muted">{liveStats ? 'Updating live' : ''}</p>
      </div>
      {!stats && first.state.status === 'loading' && <Loading label="Loading system stats…" />}
      {!stats && first.state.status === 'error' && <ErrorBox title="Cannot load system stats" message={first.state.message} onRetry={first.retry} />}
      {stats && (
        <>
          <Overview stats={stats} version={version.state.status === 'ready' ? version.state.data.version : null} />
          <h2 class="section-title">Cameras</h2>
          <Cameras stats={stats} />
        </>
      )}
    </section>
  );
}
