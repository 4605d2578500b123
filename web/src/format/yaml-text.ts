// Pure: a JSON value (the running config) as YAML-like text for reading (not for parsing back).

const PLAIN = /^[A-Za-z0-9_./@:+-][A-Za-z0-9_ ./@:+*-]*$/;
/** Strings YAML would read as something else: booleans, null, numbers. */
const RESERVED = /^(true|false|null|yes|no|on|off|~|[-+]?(\d[\d_]*\.?\d*|\.\d+)([eE][-+]?\d+)?|0x[0-9a-f]+|[-+]?\.inf|\.nan)$/i;

function scalar(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') {
    if (v === '' || !PLAIN.test(v) || RESERVED.test(v) || v.endsWith(' ') || v.includes(': ')) return JSON.stringify(v);
    return v;
  }
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function isInline(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return true;
  if (Array.isArray(v)) return v.every((x) => x === null || typeof x !== 'object' || (Array.isArray(x) && x.every((y) => typeof y !== 'object' || y === null)));
  return Object.keys(v).length === 0;
}

function inline(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(inline).join(', ')}]`;
  if (v !== null && typeof v === 'object') return '{}';
  return scalar(v);
}

function key(k: string): string {
  return PLAIN.test(k) && !RESERVED.test(k) ? k : JSON.stringify(k);
}

function lines(v: unknown, indent: string, out: string[]): void {
  if (Array.isArray(v)) {
    for (const item of v) {
      if (isInline(item)) out.push(`${indent}- ${inline(item)}`);
      else {
        const sub: string[] = [];
        lines(item, `${indent}  `, sub);
        // The first line of the item sits after the dash.
        out.push(`${indent}- ${(sub[0] ?? '').trimStart()}`, ...sub.slice(1));
      }
    }
    return;
  }
  if (v !== null && typeof v === 'object') {
    for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
      if (isInline(val)) out.push(`${indent}${key(k)}: ${inline(val)}`);
      else {
        out.push(`${indent}${key(k)}:`);
        lines(val, `${indent}  `, out);
      }
    }
    return;
  }
  out.push(`${indent}${scalar(v)}`);
}

export function yamlText(value: unknown): string {
  const out: string[] = [];
  lines(value, '', out);
  return out.join('\n');
}
