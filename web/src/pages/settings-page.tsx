// Settings: the running configuration (secrets shown as ***), the webhook test button (admin) and
// the recent deliveries.
import { useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import { ApiRequestError, errorMessage } from '../api/http-client';
import { ErrorBox, Loading } from '../components/feedback';
import { Card } from '../components/stat-list';
import { WebhookDeliveries } from '../components/webhook-deliveries';
import { yamlText } from '../format/yaml-text';
import { useAsync } from '../hooks/use-async';
import { useIsAdmin } from '../state/session';

function WebhookPanel() {
  const deliveries = useAsync((signal) => api.webhookDeliveries(signal), []);
  const [sending, setSending] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  const sendTest = async () => {
    setSending(true);
    setResult(null);
    try {
      const r = await api.webhookTest();
      const n = r.deliveries.length;
      setResult(
        n === 0
          ? { ok: false, text: 'No webhook listens to "test" messages: nothing was sent. Add "test" to a webhook’s events.' }
          : { ok: true, text: `Test queued for ${n} webhook${n === 1 ? '' : 's'}: ${r.deliveries.map((d) => d.target).join(', ')}. Its delivery shows below.` },
      );
      deliveries.retry();
      // The first attempt usually lands within a second or two: show its outcome without a click.
      if (n > 0) setTimeout(deliveries.retry, 2500);
    } catch (e) {
      setResult({ ok: false, text: `Test failed: ${errorMessage(e)}` });
    } finally {
      setSending(false);
    }
  };

  return (
    <Card
      title="Webhooks"
      extra={
        <span class="row">
          <button type="button" class="btn btn-small btn-ghost" onClick={deliveries.retry}>
            Refresh
          </button>
          <button type="button" class="btn btn-small btn-primary" disabled={sending} onClick={sendTest}>
            {sending ? 'Sending…' : 'Send test'}
          </button>
        </span>
      }
    >
      {result && (
        <p class={result.ok ? 'notice' : 'form-error'} role="status">
          {result.text}
        </p>
      )}
      {deliveries.state.status === 'loading' && <Loading label="Loading deliveries…" />}
      {deliveries.state.status === 'error' && <ErrorBox title="Cannot load deliveries" message={deliveries.state.message} onRetry={deliveries.retry} />}
      {deliveries.state.status === 'ready' && <WebhookDeliveries rows={deliveries.state.data} />}
    </Card>
  );
}

export function SettingsPage() {
  const admin = useIsAdmin();
  const config = useAsync(
    (signal) =>
      api.config(signal).catch((e: unknown) => {
        if (e instanceof ApiRequestError && e.status === 403) throw new Error('Only admins can see the configuration.');
        throw e;
      }),
    [],
  );
  return (
    <section aria-labelledby="settings-title">
      <div class="page-head">
        <h1 id="settings-title">Settings</h1>
      </div>
      {admin ? (
        <WebhookPanel />
      ) : (
        <Card title="Webhooks">
          <p class="muted">Sending a test and viewing deliveries needs an admin account.</p>
        </Card>
      )}
      <Card title="Running configuration" extra={<span class="muted">read-only · secrets shown as ***</span>}>
        {config.state.status === 'loading' && <Loading label="Loading configuration…" />}
        {config.state.status === 'error' && <ErrorBox title="Cannot load the configuration" message={config.state.message} onRetry={config.retry} />}
        {config.state.status === 'ready' && (
          <pre class="config" tabIndex={0} aria-label="Running configuration">
            {yamlText(config.state.data)}
          </pre>
        )}
      </Card>
    </section>
  );
}
