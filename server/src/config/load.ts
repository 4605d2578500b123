// Loads the YAML config: parse with positions, apply env overrides, validate with the one schema,
// and turn every problem into `key.path: message (line N)`.
import fs from 'node:fs';
import path from 'node:path';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import { configSchema, type VigilConfig } from './schema';
import { DEMO_VIDEO } from '../lib/paths';
import { isSecretKey } from '../lib/redact';

export interface ConfigProblem {
  path: string;
  message: string;
  line?: number;
}

export type LoadResult =
  | { ok: true; config: VigilConfig; file: string | null; demo: boolean }
  | { ok: false; problems: ConfigProblem[]; file: string | null };

export const DEFAULT_CONFIG_PATH = 'config/vigil.yml';

/** The built-in demo: one camera reading the OpenCV sample video in a loop. */
export function demoConfigText(): string {
  return ['cameras:', '  demo:', `    source: file://${DEMO_VIDEO}`, ''].join('\n');
}

export function formatProblem(p: ConfigProblem): string {
  return `${p.path || '(root)'}: ${p.message}${p.line ? ` (line ${p.line})` : ''}`;
}

/**
 * Loads `file`, or the default path; when no path was given and the default file is missing,
 * the built-in demo config is used. `env` supplies VIGIL_PORT / VIGIL_DATA overrides.
 */
export function loadConfig(file: string | undefined, env: NodeJS.ProcessEnv = process.env): LoadResult {
  const explicit = file !== undefined;
  const target = path.resolve(file ?? DEFAULT_CONFIG_PATH);
  let text: string;
  let demo = false;
  if (fs.existsSync(target)) {
    try {
      text = fs.readFileSync(target, 'utf8');
    } catch (e) {
      return { ok: false, file: target, problems: [{ path: '', message: `cannot read ${target}: ${(e as Error).message}` }] };
    }
  } else if (explicit) {
    return { ok: false, file: target, problems: [{ path: '', message: `config file not found: ${target}` }] };
  } else {
    text = demoConfigText();
    demo = true;
  }
  const result = parseConfigText(text, env);
  const shownFile = demo ? null : target;
  return result.ok ? { ok: true, config: result.config, file: shownFile, demo } : { ok: false, problems: result.problems, file: shownFile };
}

/** Parses and validates config text; never throws for bad input. */
export function parseConfigText(
  text: string,
  env: NodeJS.ProcessEnv = {},
): { ok: true; config: VigilConfig } | { ok: false; problems: ConfigProblem[] } {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({
        path: keyPathAt(doc.contents, e.pos[0]).join('.'),
        message: e.code === 'DUPLICATE_KEY' ? 'duplicate key (YAML)' : `YAML: ${e.message.split('\n')[0]}`,
        line: lc.linePos(e.pos[0]).line,
      })),
    };
  }
  const raw: unknown = doc.toJS() ?? {};
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, problems: [{ path: '', message: 'the config must be a YAML mapping (key: value)', line: 1 }] };
  }
  const withEnv = applyEnv(raw as Record<string, unknown>, env);
  const parsed = configSchema.safeParse(withEnv.value, { reportInput: true });
  if (parsed.success) return { ok: true, config: parsed.data };
  const problems = parsed.error.issues.flatMap((issue) => toProblems(issue, doc, lc, withEnv.envKeys));
  return { ok: false, problems: dedupe(problems).sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity)) };
}

function applyEnv(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): { value: Record<string, unknown>; envKeys: Map<string, string> } {
  const value = structuredClone(raw);
  const envKeys = new Map<string, string>();
  const set = (section: string, key: string, v: unknown, name: string) => {
    const s = (value[section] && typeof value[section] === 'object' ? value[section] : {}) as Record<string, unknown>;
    s[key] = v;
    value[section] = s;
    envKeys.set(`${section}.${key}`, name);
  };
  if (env.VIGIL_PORT !== undefined && env.VIGIL_PORT !== '') {
    const n = Number(env.VIGIL_PORT);
    set('server', 'port', Number.isFinite(n) ? n : env.VIGIL_PORT, 'VIGIL_PORT');
  }
  if (env.VIGIL_DATA !== undefined && env.VIGIL_DATA !== '') set('storage', 'path', env.VIGIL_DATA, 'VIGIL_DATA');
  return { value, envKeys };
}

function toProblems(issue: z.core.$ZodIssue, doc: Document, lc: LineCounter, envKeys: Map<string, string>): ConfigProblem[] {
  const base = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((k) => ({ path: [...base, k].join('.'), message: 'unknown key', line: lineOf(doc, lc, [...base, k], true) }));
  }
  const dotted = base.join('.');
  const envName = envKeys.get(dotted);
  // A secret's value is never echoed back into a message (it would land in logs and terminals).
  const secret = base.some((k) => isSecretKey(k)) || base.includes('headers');
  const message = humanMessage(issue, secret) + (envName ? ` (from environment ${envName})` : '');
  return [{ path: dotted, message, line: envName ? undefined : lineOf(doc, lc, base, issue.code === 'invalid_key' || (issue.code === 'custom' && issue.params?.atKey === true)) }];
}

function humanMessage(issue: z.core.$ZodIssue, hideValue = false): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return `required (expected ${issue.expected})`;
      return hideValue ? `expected ${issue.expected} (the value is not shown: it is a secret)` : `expected ${issue.expected}, got ${describe(issue.input)}`;
    case 'too_big':
      return `expected ${issue.origin === 'array' ? 'at most' : issue.origin === 'string' ? 'length ≤' : `a value ${issue.inclusive === false ? '<' : '≤'}`} ${String(issue.maximum)}${issue.origin === 'array' ? ' items' : ''}`;
    case 'too_small':
      return `expected ${issue.origin === 'array' ? 'at least' : issue.origin === 'string' ? 'length ≥' : `a value ${issue.inclusive === false ? '>' : '≥'}`} ${String(issue.minimum)}${issue.origin === 'array' ? ' items' : ''}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_key':
      return `invalid name: ${issue.issues.map((i) => i.message).join('; ')}`;
    case 'invalid_union':
      return 'value has the wrong form';
    default:
      return issue.message;
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `"${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`;
  return `${typeof v} ${String(v)}`;
}

/** Line of the node at `keys` (of the key itself when `atKey`), or of the deepest existing parent. */
function lineOf(doc: Document, lc: LineCounter, keys: string[], atKey = false): number | undefined {
  let node: unknown = doc.contents;
  let line = startLine(node, lc);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    const last = i === keys.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === k);
      if (!pair) return line;
      const keyLine = startLine(pair.key, lc);
      if (last && atKey) return keyLine ?? line;
      node = pair.value;
      line = startLine(node, lc) ?? keyLine ?? line;
    } else if (isSeq(node)) {
      const item = node.items[Number(k)];
      if (item === undefined) return line;
      node = item;
      line = startLine(node, lc) ?? line;
    } else {
      return line;
    }
  }
  return line;
}

/** Keys of the deepest mapping entry whose key or value spans `offset` (YAML errors name where they are). */
function keyPathAt(node: unknown, offset: number): string[] {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key) || !pair.key.range) continue;
      const start = pair.key.range[0];
      const end = (pair.value as YamlNode | null)?.range?.[2] ?? pair.key.range[2];
      if (offset >= start && offset <= end) return [String(pair.key.value), ...keyPathAt(pair.value, offset)];
    }
  } else if (isSeq(node)) {
    for (const [i, item] of node.items.entries()) {
      const r = (item as YamlNode | null)?.range;
      if (r && offset >= r[0] && offset <= r[2]) return [String(i), ...keyPathAt(item, offset)];
    }
  }
  return [];
}

function startLine(node: unknown, lc: LineCounter): number | undefined {
  const range = (node as YamlNode | null)?.range;
  return range ? lc.linePos(range[0]).line : undefined;
}

function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = formatProblem(p);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
