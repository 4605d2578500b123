// A labelled list of figures (a <dl>), used by the system page cards.
import type { ComponentChildren } from 'preact';

export interface Stat {
  label: string;
  value: ComponentChildren;
  /** Draws attention (skipped frames, failures). */
  warn?: boolean;
  hint?: string;
}

export function StatList({ items }: { items: Stat[] }) {
  return (
    <dl class="stats">
      {items.map((s) => (
        <div key={s.label} class={s.warn ? 'stat stat-warn' : 'stat'} title={s.hint}>
          <dt>{s.label}</dt>
          <dd>{s.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Card({ title, children, extra }: { title: ComponentChildren; children: ComponentChildren; extra?: ComponentChildren }) {
  return (
    <section class="panel card">
      <div class="panel-head">
        <h2>{title}</h2>
        {extra}
      </div>
      {children}
    </section>
  );
}
